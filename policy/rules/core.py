"""The rule machinery: what a finding is, the context a stack gives the rules, the registry, and `evaluate`.

Rule modules register their functions with `@rule`; `policy.rules` imports every one of them, in a fixed order, so
`RULES` always holds the same rules in the same order. Nothing here imports `pulumi`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Literal, Mapping

from authstack.policy.graph import Graph, Resource

Severity = Literal["mandatory", "advisory"]
MANDATORY: Severity = "mandatory"
ADVISORY: Severity = "advisory"


@dataclass(frozen=True, order=True)
class Finding:
    """One guardrail result. Ordered by rule, then severity, resource and message, so sorted output is stable."""

    rule: str
    severity: Severity
    urn: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class RuleContext:
    """What the stack's spec says about itself, which changes what the rules demand."""

    throwaway: bool = False
    """The spec marks the stack throwaway (a preview or test environment).

    @default False - a stack holds real users unless the spec says otherwise, so losing its pool is not acceptable.
    Makes the deletion-protection and `protect` findings advisory instead of mandatory.
    """
    guest_access: bool = False
    """The spec opts into identity-pool guest (unauthenticated) access.

    @default False - guest credentials only need the public identity-pool ID (Security Hub Cognito.2).
    """
    max_trigger_timeout: float = 5
    """Largest Lambda timeout, in seconds, accepted for a synchronous Cognito trigger.

    @default 5 - Cognito waits 5 s for a trigger and then retries; a longer timeout only wastes concurrency.
    """
    account: str | None = None
    """The stack's AWS account ID, for "resources in other accounts".

    @default None - taken from the stack's own pool ARNs where the graph has them (a real preview); `authstack plan`
    passes the account the spec's ARNs name, since its IDs are placeholders.
    """
    public_clients: frozenset[str] = frozenset()
    """App clients the spec declares public (web/native), by resource name, client `name` or client id.

    @default - none: a client is otherwise public when its flows or callbacks say so (implicit grant, an app scheme),
    never because of words in its name.
    """


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    check: Callable[[Graph, RuleContext], Iterable[Finding]]
    types: tuple[str, ...]
    """The resource types the rule reads (the CrossGuard pack uses it to pick what to feed a resource-level policy)."""
    needs_graph: bool
    """True when the rule relates resources to each other: the pack runs it as a stack policy."""
    severities: tuple[Severity, ...] = (MANDATORY,)
    """The severities its findings can have (the pack makes one policy per severity)."""
    source: str = ""


RULES: list[Rule] = []


def rule(name: str, description: str, *, types: tuple[str, ...], needs_graph: bool = False,
         severities: tuple[Severity, ...] = (MANDATORY,)) -> Callable:
    """Register a rule function. Its docstring's first line is its source (shown in the README and the pack)."""

    def register(fn: Callable[[Graph, RuleContext], Iterable[Finding]]) -> Callable:
        source = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        RULES.append(Rule(name, description, fn, types, needs_graph, severities, source))
        return fn

    return register


def evaluate(resources: Iterable[Resource | Mapping[str, Any]] | Graph, context: RuleContext | None = None,
             rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run `rules` (default: all) over the graph and return the findings, sorted and de-duplicated."""
    graph = resources if isinstance(resources, Graph) else Graph(resources)
    context = context or RuleContext()
    found: set[Finding] = set()
    for r in (RULES if rules is None else rules):
        found.update(r.check(graph, context))
    return sorted(found)


def rule_by_name(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)


def finding(rule_name: str, resource: Resource, message: str, severity: Severity = MANDATORY) -> Finding:
    """A finding of `rule_name` on `resource` (mandatory unless said otherwise)."""
    return Finding(rule_name, severity, resource.urn, message)
