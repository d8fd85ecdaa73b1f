"""Client-only settings for `authstack config`: `authstack:client`. Not infrastructure; flags override them.

This model is the one definition of `authstack:client`: `authstack validate` checks it as part of the whole spec, and
`authstack config` validates the same section (and its flags) with this class alone, so both accept and refuse the
same values with the same messages.

It is the only spec model `authstack config` imports on every cold start (budget: 0.3 s for the whole run), so it is
kept light: no import beyond pydantic, and its options are documented with ``Field(description=...)`` rather than
attribute docstrings. `SpecModel`'s ``use_attribute_docstrings`` reads class sources through `inspect.getmodule`, which
scans every loaded module and cost the CLI ~20 ms on its own (bench/bench_config.py). The config is otherwise
`spec.base.SpecModel`'s (camelCase keys, unknown keys rejected, frozen); a test keeps the two in step.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

FORMATS = (
    "aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
    "amplify-outputs", "env", "bootstrap", "bootstrap-v6",
)
Format = Literal[
    "aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
    "amplify-outputs", "env", "bootstrap", "bootstrap-v6",
]
OUTPUTS_VERSIONS = ("1.3", "1.4", "1.5")
#: The Amplify JS major versions an app can run (aws-amplify@5, aws-amplify@6).
RUNTIMES = ("v5", "v6")
Runtime = Literal["v5", "v6"]
#: Formats read by one runtime only; the others are read by both (or by no JS runtime: mobile, .env).
RUNTIME_OF_FORMAT = {"bootstrap": "v5", "bootstrap-v6": "v6", "amplify-outputs": "v6"}

#: Empty, or upper-case letters, digits and underscores ending in ``_``: what bundlers expose (``VITE_``, ...).
ENV_PREFIX_PATTERN = r"^([A-Z][A-Z0-9_]*_)?$"
_ENV_PREFIX = re.compile(ENV_PREFIX_PATTERN)


def _env_prefix(value: str) -> str:
    if not _ENV_PREFIX.match(value):
        raise ValueError(f"must be upper-case letters, digits and underscores ending in '_' (VITE_, NEXT_PUBLIC_, "
                         f"REACT_APP_), or '' for none (got {value!r})")
    return value


def _directory(value: str) -> str:
    if not value.strip():
        raise ValueError(f"must be a directory path; use '.' for the project directory (got {value!r})")
    return value


def _version_text(value: Any) -> Any:
    # YAML reads `outputsVersion: 1.5` as a number; it means the same as "1.5" to a person.
    return str(value) if isinstance(value, float) else value


EnvPrefix = Annotated[str, AfterValidator(_env_prefix), Field(json_schema_extra={"pattern": ENV_PREFIX_PATTERN})]
Directory = Annotated[str, AfterValidator(_directory), Field(json_schema_extra={"pattern": r"\S"})]
OutputsVersion = Annotated[
    Literal["1.3", "1.4", "1.5"], BeforeValidator(_version_text),
    Field(json_schema_extra={"enum": [*OUTPUTS_VERSIONS, *map(float, OUTPUTS_VERSIONS)], "type": ["string", "number"]}),
]


class ClientFiles(BaseModel):
    """What `authstack config` writes for this stack, and the client-side Amplify options it bakes in."""

    # SpecModel's config without use_attribute_docstrings (see the module docstring).
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)

    formats: list[Format] = Field(default_factory=lambda: list(FORMATS), min_length=1, description=(
        "The formats to write (`authstack config --format` overrides the list). At least one: an empty list would "
        "write nothing and pass the CI drift check for nothing. @default every format the stack can express for "
        "the `runtimes`"))
    runtimes: list[Runtime] = Field(default_factory=lambda: ["v6"], min_length=1, description=(
        "The aws-amplify major versions the app runs: v6 (aws-amplify@6: amplify_outputs.json and the "
        "authstack-auth-v6.js bootstrap) and/or v5 (aws-amplify@5: the authstack-auth.js bootstrap). Chooses the "
        "default formats; with an explicit `formats` list, a bootstrap of a runtime not listed is refused. "
        "@default [v6], what a new app uses"))
    out_dir: Directory = Field(".", description=(
        "Where files are written, relative to the project. @default the project directory"))
    env_prefix: EnvPrefix = Field("VITE_", description=(
        "Prefix of `.env` keys, so the app's bundler exposes them to the browser (VITE_, NEXT_PUBLIC_, REACT_APP_, "
        "...; '' for none). Bundlers only expose upper-case names with their own prefix, so anything else is "
        "refused. @default VITE_"))
    client_metadata: dict[str, str] = Field(default_factory=dict, description=(
        "Static ``clientMetadata`` sent to triggers on every call (Amplify v5). Ships to browsers: never a secret. "
        "@default none"))
    authentication_flow_type: Literal["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_AUTH"] = Field(
        "USER_SRP_AUTH", description=(
            "Amplify v5 ``authenticationFlowType``. When set, the app's client must allow the matching "
            "``ALLOW_<flow>``. @default USER_SRP_AUTH (the password never leaves the device)"))
    outputs_version: OutputsVersion = Field("1.5", description=(
        "amplify_outputs.json schema version; 1.3 or 1.4 for apps pinned to an older aws-amplify v6. @default 1.5"))
    preferred_challenge: Literal["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] | None = Field(None, description=(
        "The first factor aws-amplify v6 asks for in choice-based sign-in (``passwordless.preferred_challenge`` of "
        "amplify_outputs.json); one of userPool.passwordless.firstFactors. @default none: Cognito offers the user the "
        "factors to choose from"))
    web_client: str | None = Field(None, description=(
        "The app client web files use. @default ``web`` if it exists, else the first client without a secret"))
    mobile_client: str | None = Field(None, description=(
        "The app client mobile files use. @default ``native`` if it exists, else the web client"))

    @model_validator(mode="after")
    def _formats_match_runtimes(self) -> "ClientFiles":
        if {"formats", "runtimes"} <= self.model_fields_set:
            for fmt in self.formats:
                runtime = RUNTIME_OF_FORMAT.get(fmt)
                if fmt.startswith("bootstrap") and runtime not in self.runtimes:
                    raise ValueError(f"format {fmt!r} is the aws-amplify {runtime} bootstrap, but runtimes is "
                                     f"{list(self.runtimes)}; add {runtime!r} to runtimes or drop the format")
        return self

#: Settings that stay in the repository that runs `authstack config`: the output folder is a path in *that*
#: repository, and the web/mobile client choice already travels as ``clientConfig.webClient``/``mobileClient``.
LOCAL_ONLY = frozenset({"out_dir", "web_client", "mobile_client"})
#: The settings that travel in the ``clientConfig.clientFiles`` output (contract: docs/client-config-output.md), so an
#: app repository without the stack file writes the same bytes as the infra repository. Every other field of
#: `ClientFiles`, so a new client-file setting travels without a contract change.
TRAVELLING = tuple(f.alias for n, f in ClientFiles.model_fields.items() if n not in LOCAL_ONLY)


def travelling(model: ClientFiles) -> dict[str, Any]:
    """The ``clientFiles`` output of a stack's `authstack:client`: every travelling key, ``null`` when the stack does
    not set it (the generator then uses its own default, as for a stack file without the key)."""
    dumped = model.model_dump(by_alias=True, mode="json")
    given = {ClientFiles.model_fields[n].alias for n in model.model_fields_set}
    return {key: (dumped[key] if key in given else None) for key in TRAVELLING}
