"""The resource graph the guardrail rules read: the plan's JSON resource shape, indexed.

Both callers build it from the same dict shape (documented in `policy/rules/__init__.py`): `authstack plan` from the
resources it recorded under Pulumi's mocks, the CrossGuard pack from the engine's `PolicyResource`s. Nothing here imports
`pulumi`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

# Pulumi type tokens the rules care about (re-exported for the rules; written once in spec/facts.py).
from authstack.spec.facts import (  # noqa: F401
    IAM_POLICY, IAM_POLICY_ATTACHMENT, IAM_ROLE, IAM_ROLE_POLICY, IAM_ROLE_POLICY_ATTACHMENT, IDENTITY_POOL,
    IDENTITY_PROVIDER, LAMBDA_FUNCTION, LAMBDA_PERMISSION, OIDC_PROVIDER, ROLE_ATTACHMENT, USER_GROUP, USER_POOL,
    USER_POOL_CLIENT,
)

# What `authstack plan` prints in place of a secret value.
SECRET_PLACEHOLDER = "[secret]"


class _Unknown:
    """A value the engine cannot know yet (during `pulumi preview`). Rules never report on it: it is decided at `up`."""

    _instance: "_Unknown | None" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN


def known(value: Any) -> Any:
    """The value, or None when it is unknown (for lookups where unknown and absent mean the same: "can't relate")."""
    return None if value is UNKNOWN else value


def as_list(value: Any) -> list:
    """IAM and Pulumi both allow "one value or a list of values"; rules always want a list."""
    if value is None or value is UNKNOWN:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


@dataclass(frozen=True)
class Resource:
    """One resource of the graph, in the plan's JSON shape (see `policy/rules/__init__.py` for the field meanings)."""

    urn: str
    type: str
    name: str
    parent: str = ""
    dependencies: tuple[str, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict)
    # Provider outputs (at least `id`/`arn`) when known: mock values under `authstack plan`, real ones in a
    # CrossGuard stack policy. Empty for resource-level checks: rules then check shape only.
    outputs: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    # Top-level input keys whose value is a Pulumi secret; None when the caller cannot tell (CrossGuard).
    secret_inputs: frozenset[str] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Resource":
        secret = data.get("secretInputs")
        return cls(
            urn=str(data["urn"]),
            type=str(data["type"]),
            name=str(data.get("name") or ""),
            parent=str(data.get("parent") or ""),
            dependencies=tuple(data.get("dependencies") or ()),
            inputs=dict(data.get("inputs") or {}),
            outputs=dict(data.get("outputs") or {}),
            options=dict(data.get("options") or {}),
            secret_inputs=None if secret is None else frozenset(secret),
        )

    def get(self, key: str, default: Any = None) -> Any:
        """An input by its wire (camelCase) name."""
        return self.inputs.get(key, default)

    def option(self, key: str, default: Any = None) -> Any:
        value = self.options.get(key)
        return default if value is None else value

    def identifiers(self) -> set[str]:
        """Every string another resource may use to point at this one: its id, ARN and physical name."""
        found = set()
        for value in (self.outputs.get("id"), self.outputs.get("arn"), self.outputs.get("name"), self.inputs.get("name")):
            if isinstance(value, str) and value and value != SECRET_PLACEHOLDER:
                found.add(value)
        return found

    @property
    def label(self) -> str:
        """How messages name the resource: its logical name, which is what the program and the plan show."""
        return self.name or self.urn


class Graph:
    """The resources of one stack, with the lookups the rules need to relate them."""

    def __init__(self, resources: Iterable[Resource | Mapping[str, Any]]):
        self.resources: list[Resource] = [r if isinstance(r, Resource) else Resource.from_dict(r) for r in resources]
        self.by_urn: dict[str, Resource] = {r.urn: r for r in self.resources}

    def of_type(self, *types: str) -> Iterator[Resource]:
        return (r for r in self.resources if r.type in types)

    def resolve(self, reference: Any, *types: str) -> list[Resource]:
        """Resources of `types` that `reference` (an id, ARN or name) points at. Empty when it can't be related."""
        if not isinstance(reference, str) or not reference:
            return []
        return [r for r in self.of_type(*types) if reference in r.identifiers()]

    def dependencies_of(self, resource: Resource, *types: str) -> list[Resource]:
        deps = (self.by_urn.get(u) for u in resource.dependencies)
        return [d for d in deps if d is not None and d.type in types]

    def referenced(self, source: Resource, reference: Any, *types: str) -> list[Resource]:
        """What `reference` on `source` points at: by value first, else by `source`'s dependency edges.

        The fallback matters when values can't be matched (no outputs, or a name the provider derives); a
        dependency edge is what Pulumi records whenever one resource's input comes from another's output.
        """
        by_value = self.resolve(reference, *types)
        if by_value:
            return by_value
        if reference is None or is_unknown(reference):
            return []
        return self.dependencies_of(source, *types)

    def known_outputs(self, type_: str, key: str) -> set[str]:
        """The known `key` outputs (e.g. every identity pool's `id`) of resources of one type."""
        values = set()
        for r in self.of_type(type_):
            value = r.outputs.get(key)
            if isinstance(value, str) and value:
                values.add(value)
        return values
