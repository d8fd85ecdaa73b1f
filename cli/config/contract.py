"""Checks a `clientConfig` stack output against its contract (docs/client-config-output.md).

The checks are written by hand rather than with pydantic: the command must start fast (one cold
process renders every format in well under 0.3 s) and each failure must read as one line that names
the file and the key path, e.g. ``out.json: clientConfig.clients.web.oauth.flows[1]: expected one of
code, implicit, client_credentials, got 'password'``.

Only the keys the contract defines are checked and only those are ever read by the renderers, so an
unknown extra key (a newer producer, or a mistake) can never leak into a generated file.
"""
from __future__ import annotations

import re
from typing import Any

from authstack.cli.config.errors import ConfigError
from authstack.spec.client_config import SCHEMA_VERSION  # the contract version this generator reads (no pydantic import)
from authstack.spec.facts import ALIAS_ATTRIBUTES, AMPLIFY_SOCIAL_NAMES

USERNAME_ATTRIBUTES = ("email", "phone_number")
VERIFICATION_ATTRIBUTES = ("email", "phone_number")
MFA_CONFIGURATIONS = ("OFF", "ON", "OPTIONAL")
MFA_TYPES = ("SMS", "TOTP", "EMAIL")
FIRST_FACTORS = ("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
USER_VERIFICATION = ("required", "preferred")
SOCIAL_PROVIDERS = tuple(AMPLIFY_SOCIAL_NAMES.values())
OAUTH_FLOWS = ("code", "implicit", "client_credentials")
FEDERATION_PROVIDERS = ("facebook", "google", "amazon", "apple", "auth0", "oidc", "saml", "developer")
#: Public, provider-specific keys of a federation entry (the IDs a provider SDK needs to start).
FEDERATION_PUBLIC_KEYS = {
    "google": ("clientId",),
    "facebook": ("appId",),
    "amazon": ("appId",),
    "apple": ("servicesId",),
    "auth0": ("domain", "clientId"),
    "oidc": ("issuerUrl", "clientId"),
    "saml": (),
    "developer": ("developerProviderName",),
}

_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")

_MISSING = object()


class _Checker:
    """Walks one document, raising `ConfigError` at the first problem with file and key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> None:
        raise ConfigError(self.source, path, problem)

    def get(self, obj: dict, key: str, path: str) -> Any:
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            self.fail(f"{path}.{key}", "missing key (the contract says keys are always present; use null, [] or {})")
        return value

    def obj(self, value: Any, path: str, nullable: bool = False) -> dict | None:
        if value is None and nullable:
            return None
        if not isinstance(value, dict):
            self.fail(path, f"expected an object{' or null' if nullable else ''}, got {_kind(value)}")
        return value

    def string(self, value: Any, path: str, nullable: bool = False, empty: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected a string{' or null' if nullable else ''}, got {_kind(value)}")
        if not empty and not value.strip():
            self.fail(path, "expected a non-empty string")
        if "\n" in value or "\r" in value:
            self.fail(path, "a line break is not allowed here")
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {_kind(value)}")
        return value

    def integer(self, value: Any, path: str, lo: int | None = None, hi: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected an integer, got {_kind(value)}")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.fail(path, f"expected an integer from {lo} to {hi}, got {value}")
        return value

    def enum(self, value: Any, path: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            self.fail(path, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    def strings(self, value: Any, path: str, allowed: tuple[str, ...] | None = None) -> list[str]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_kind(value)}")
        for i, item in enumerate(value):
            if allowed is None:
                self.string(item, f"{path}[{i}]")
            else:
                self.enum(item, f"{path}[{i}]", allowed)
        if len(set(value)) != len(value):
            self.fail(path, "duplicate entries")
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def validate_outputs(outputs: Any, source: str, stack: str, *, project: str | None) -> dict:
    """Returns the `clientConfig` of a `pulumi stack output --json` document after checking it.

    :param outputs: the parsed JSON document (an object with the key ``clientConfig``).
    :param source: how to name the document in errors (its path, or ``pulumi stack output``).
    :param stack: the stack the user asked for; a document of another stack is refused, so the
        files of ``prod`` are never written from the outputs of ``dev`` by a CI mix-up.
    :param project: the Pulumi project the outputs must come from: the ``name:`` of ``Pulumi.yaml`` in
        ``--project-dir``, not a fixed name, since teams copy authstack under their own project name.
        Outputs of another project (another team's stack of the same name) are refused. None in an app
        repository, which has no ``Pulumi.yaml``: the outputs' own project is taken.
    :raises ConfigError: at the first problem, naming ``source`` and the key path.
    """
    c = _Checker(source)
    if not isinstance(outputs, dict):
        c.fail("(top level)", f"expected the object printed by `pulumi stack output --json`, got {_kind(outputs)}")
    if "clientConfig" not in outputs:
        c.fail("clientConfig", "missing key: is this the output of `pulumi stack output --json` for an authstack stack?")
    cc = c.obj(outputs["clientConfig"], "clientConfig")
    p = "clientConfig"

    version = c.get(cc, "schemaVersion", p)
    if isinstance(version, bool) or version != SCHEMA_VERSION:  # `true == 1` in Python, not in the contract
        c.fail(f"{p}.schemaVersion", f"this authstack reads contract version {SCHEMA_VERSION}, got {version!r}")
    got_project = c.string(c.get(cc, "project", p), f"{p}.project")
    if project is not None and got_project != project:
        c.fail(f"{p}.project", f"outputs of Pulumi project {got_project!r}, but Pulumi.yaml in --project-dir names "
                               f"project {project!r}: refusing to write its client files")
    got_stack = c.string(c.get(cc, "stack", p), f"{p}.stack")
    if got_stack != stack:
        c.fail(f"{p}.stack", f"outputs of stack {got_stack!r}, but --stack is {stack!r}")
    region = c.string(c.get(cc, "region", p), f"{p}.region")
    if not _REGION.match(region):
        c.fail(f"{p}.region", f"not an AWS region name: {region!r}")

    user_pool = c.obj(c.get(cc, "userPool", p), f"{p}.userPool", nullable=True)
    if user_pool is not None:
        _check_user_pool(c, user_pool, f"{p}.userPool")

    c.string(c.get(cc, "oauthDomain", p), f"{p}.oauthDomain", nullable=True)
    c.strings(c.get(cc, "socialProviders", p), f"{p}.socialProviders", SOCIAL_PROVIDERS)
    idps = c.get(cc, "userPoolIdentityProviders", p)
    if not isinstance(idps, list):
        c.fail(f"{p}.userPoolIdentityProviders", f"expected a list, got {_kind(idps)}")
    for i, idp in enumerate(idps):
        ip = f"{p}.userPoolIdentityProviders[{i}]"
        c.obj(idp, ip)
        c.string(c.get(idp, "name", ip), f"{ip}.name")
        c.string(c.get(idp, "type", ip), f"{ip}.type")

    clients = c.obj(c.get(cc, "clients", p), f"{p}.clients")
    for name, client in clients.items():
        _check_client(c, client, f"{p}.clients.{name}")
    for key in ("webClient", "mobileClient"):
        ref = c.string(c.get(cc, key, p), f"{p}.{key}", nullable=True)
        if ref is not None and ref not in clients:
            c.fail(f"{p}.{key}", f"names client {ref!r}, which is not in clientConfig.clients ({', '.join(sorted(clients)) or 'none'})")
    if user_pool is not None and cc["webClient"] is None:
        c.fail(f"{p}.webClient", "the stack has a user pool but names no web client")

    identity_pool = c.obj(c.get(cc, "identityPool", p), f"{p}.identityPool", nullable=True)
    if identity_pool is not None:
        _check_identity_pool(c, identity_pool, f"{p}.identityPool")

    # Optional (older producers of this contract version do not write it); checked by the stack file's own model.
    from authstack.cli.config.settings import from_outputs

    from_outputs(cc, source)
    return cc


def _check_user_pool(c: _Checker, up: dict, p: str) -> None:
    c.string(c.get(up, "id", p), f"{p}.id")
    c.strings(c.get(up, "usernameAttributes", p), f"{p}.usernameAttributes", USERNAME_ATTRIBUTES)
    c.strings(c.get(up, "aliasAttributes", p), f"{p}.aliasAttributes", ALIAS_ATTRIBUTES)
    c.strings(c.get(up, "signupAttributes", p), f"{p}.signupAttributes")
    c.strings(c.get(up, "verificationMechanisms", p), f"{p}.verificationMechanisms", VERIFICATION_ATTRIBUTES)
    c.enum(c.get(up, "verificationMethod", p), f"{p}.verificationMethod", ("code", "link"))
    mfa = c.obj(c.get(up, "mfa", p), f"{p}.mfa")
    c.enum(c.get(mfa, "configuration", f"{p}.mfa"), f"{p}.mfa.configuration", MFA_CONFIGURATIONS)
    c.strings(c.get(mfa, "types", f"{p}.mfa"), f"{p}.mfa.types", MFA_TYPES)
    pw = c.obj(c.get(up, "passwordPolicy", p), f"{p}.passwordPolicy")
    c.integer(c.get(pw, "minLength", f"{p}.passwordPolicy"), f"{p}.passwordPolicy.minLength", 6, 99)
    for flag in ("requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"):
        c.boolean(c.get(pw, flag, f"{p}.passwordPolicy"), f"{p}.passwordPolicy.{flag}")
    # Outputs of an authstack older than passwordless have no key: the same as null (nothing to express).
    passwordless = c.obj(up.get("passwordless"), f"{p}.passwordless", nullable=True)
    if passwordless is not None:
        pp = f"{p}.passwordless"
        factors = c.strings(c.get(passwordless, "firstFactors", pp), f"{pp}.firstFactors", FIRST_FACTORS)
        web_authn = c.obj(c.get(passwordless, "webAuthn", pp), f"{pp}.webAuthn", nullable=True)
        if ("WEB_AUTHN" in factors) != (web_authn is not None):
            c.fail(f"{pp}.webAuthn", "must be set exactly when firstFactors has WEB_AUTHN")
        if web_authn is not None:
            c.string(c.get(web_authn, "relyingPartyId", f"{pp}.webAuthn"), f"{pp}.webAuthn.relyingPartyId")
            c.enum(c.get(web_authn, "userVerification", f"{pp}.webAuthn"), f"{pp}.webAuthn.userVerification",
                   USER_VERIFICATION)
    groups = c.get(up, "groups", p)
    if not isinstance(groups, list):
        c.fail(f"{p}.groups", f"expected a list, got {_kind(groups)}")
    for i, group in enumerate(groups):
        gp = f"{p}.groups[{i}]"
        c.obj(group, gp)
        c.string(c.get(group, "name", gp), f"{gp}.name")
        c.integer(c.get(group, "precedence", gp), f"{gp}.precedence", 0, 2**31 - 1)


def _check_client(c: _Checker, client: Any, p: str) -> None:
    c.obj(client, p)
    c.string(c.get(client, "id", p), f"{p}.id")
    c.boolean(c.get(client, "hasSecret", p), f"{p}.hasSecret")
    c.strings(c.get(client, "authFlows", p), f"{p}.authFlows")
    c.strings(c.get(client, "identityProviders", p), f"{p}.identityProviders")
    oauth = c.obj(c.get(client, "oauth", p), f"{p}.oauth", nullable=True)
    if oauth is not None:
        op = f"{p}.oauth"
        c.strings(c.get(oauth, "flows", op), f"{op}.flows", OAUTH_FLOWS)
        c.strings(c.get(oauth, "scopes", op), f"{op}.scopes")
        for key in ("callbackUrls", "logoutUrls"):
            urls = c.strings(c.get(oauth, key, op), f"{op}.{key}")
            for i, url in enumerate(urls):
                # The Gen 1 formats join redirect URLs with commas: a comma inside one URL would split it.
                if "," in url:
                    c.fail(f"{op}.{key}[{i}]", "a redirect URL may not contain a comma (Amplify joins them with commas)")
    tv = c.obj(c.get(client, "tokenValidity", p), f"{p}.tokenValidity")
    for key in ("accessTokenMinutes", "idTokenMinutes", "refreshTokenDays"):
        c.integer(c.get(tv, key, f"{p}.tokenValidity"), f"{p}.tokenValidity.{key}", 0, None)


def _check_identity_pool(c: _Checker, ip: dict, p: str) -> None:
    c.string(c.get(ip, "id", p), f"{p}.id")
    c.boolean(c.get(ip, "allowGuestAccess", p), f"{p}.allowGuestAccess")
    c.strings(c.get(ip, "userPoolClients", p), f"{p}.userPoolClients")
    federation = c.get(ip, "federation", p)
    if not isinstance(federation, list):
        c.fail(f"{p}.federation", f"expected a list, got {_kind(federation)}")
    seen: set[str] = set()
    for i, entry in enumerate(federation):
        fp = f"{p}.federation[{i}]"
        c.obj(entry, fp)
        provider = c.enum(c.get(entry, "provider", fp), f"{fp}.provider", FEDERATION_PROVIDERS)
        c.string(c.get(entry, "loginsKey", fp), f"{fp}.loginsKey")
        name = c.string(c.get(entry, "federatedSignInName", fp), f"{fp}.federatedSignInName")
        if name in seen:
            c.fail(f"{fp}.federatedSignInName", f"{name!r} is used by two federation entries")
        seen.add(name)
        c.boolean(c.get(entry, "amplifyRefreshesItself", fp), f"{fp}.amplifyRefreshesItself")
        for key in FEDERATION_PUBLIC_KEYS[provider]:
            c.string(c.get(entry, key, fp), f"{fp}.{key}")
