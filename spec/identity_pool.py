"""The identity pool: `authstack:identityPool`. It trades sign-ins for temporary AWS credentials."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from authstack.spec.base import SpecModel
from authstack.spec.facts import auth0_issuer, issuer_host
from authstack.spec.refs import Ref, known
from authstack.spec.user_pool import NAME_PATTERN, PolicyStatement


def _exact_client_ids(client_ids: list[str]) -> None:
    """The identity pool accepts any token whose audience is listed: a wildcard or blank entry lets other apps in."""
    for client_id in client_ids:
        if not client_id.strip() or any(c in client_id for c in "*?"):
            raise ValueError(f"clientIds: {client_id!r} must be an exact client ID (no blanks or wildcards)")


class Auth0Federation(SpecModel):
    """Direct federation with Auth0 through an IAM OIDC provider created from the tenant domain (the
    ``Auth.federatedSignIn(domain, {token, expires_at}, user)`` flow)."""

    domain: str
    """The Auth0 tenant host as Auth0 shows it, e.g. ``example.eu.auth0.com``: lower case, no ``https://``, no trailing
    slash (anything else is refused, naming the form to write). The IAM OIDC provider gets the issuer
    ``https://<domain>/`` (Auth0's ``iss``, trailing slash included); the Logins key, the role-mapping key and the name
    ``Auth.federatedSignIn`` takes are the bare ``<domain>``."""
    client_ids: list[str] = Field(min_length=1)
    """Auth0 application client IDs accepted as the token audience."""
    thumbprints: list[str] = Field(default_factory=list)
    """Certificate thumbprints; IAM ignores them for well-known CAs. @default none"""

    @model_validator(mode="after")
    def _check(self) -> "Auth0Federation":
        _exact_client_ids(self.client_ids)
        return self

    @property
    def issuer_url(self) -> str:
        """The IAM OIDC provider URL: Auth0's ``iss``."""
        return auth0_issuer(self.domain)

    @property
    def login_key(self) -> str:
        """The Logins key (and role-mapping key) of this provider."""
        return issuer_host(self.issuer_url)


class OidcFederation(SpecModel):
    """Direct federation with any OpenID Connect issuer (an IAM OIDC provider is created for it)."""

    issuer_url: str
    """The issuer exactly as the provider's tokens carry it in ``iss`` (``https://...``, with or without a trailing
    slash as the provider writes it: the IAM OIDC provider compares it as written); its host and path without the
    trailing slash are the Logins key."""
    client_ids: list[str] = Field(min_length=1)
    """Client IDs accepted as the token audience."""
    thumbprints: list[str] = Field(default_factory=list)
    """Certificate thumbprints; IAM ignores them for well-known CAs. @default none"""

    @model_validator(mode="after")
    def _check(self) -> "OidcFederation":
        _exact_client_ids(self.client_ids)
        if not self.issuer_url.startswith("https://"):
            raise ValueError("issuerUrl must start with https://")
        return self

    @property
    def login_key(self) -> str:
        """The Logins key (and role-mapping key) of this provider."""
        return issuer_host(self.issuer_url)


class Federation(SpecModel):
    """Providers whose tokens the identity pool accepts directly (not through the user pool)."""

    facebook_app_id: str | None = None
    """Logins key ``graph.facebook.com``. @default none"""
    google_client_id: str | None = None
    """Logins key ``accounts.google.com``. @default none"""
    amazon_app_id: str | None = None
    """Logins key ``www.amazon.com``. @default none"""
    apple_services_id: str | None = None
    """Logins key ``appleid.apple.com``. @default none"""
    auth0: Auth0Federation | None = None
    """Auth0, through an IAM OIDC provider created for the tenant. @default none"""
    oidc: list[OidcFederation] = Field(default_factory=list)
    """Other OIDC issuers, each through an IAM OIDC provider. @default none"""
    saml_provider_arns: list[Ref] = Field(default_factory=list)
    """Existing IAM SAML providers. @default none"""
    developer_provider_name: str | None = None
    """Enables developer-authenticated identities under this name (e.g. ``login.example.app``); cannot change later.
    @default none"""


class Role(SpecModel):
    """An IAM role handed to identities; trusted by this identity pool only."""

    arn: Ref | None = None
    """Use this existing role instead of creating one, e.g. the Amplify Gen 1 auth/unauth role of an adopted identity
    pool, whose policies other Amplify categories wrote. Its trust policy is then yours to keep pinned to this pool.
    @default create a role"""
    policy_statements: list[PolicyStatement] = Field(default_factory=list)
    """What the role may do. @default nothing (an identity with no permissions)"""

    @model_validator(mode="after")
    def _check(self) -> "Role":
        if self.arn is not None and self.policy_statements:
            raise ValueError("policyStatements only apply to a role authstack creates; leave them out with arn")
        if known(self.arn) and not self.arn.startswith("arn:aws:iam::"):
            raise ValueError("arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
        return self


class MappingRule(SpecModel):
    """One rule of a rules-based role mapping; the first rule that matches picks the role."""

    claim: str
    """The token claim to match, e.g. ``custom:tier``; never one the user can write (checked)."""
    match_type: Literal["Equals", "Contains", "StartsWith", "NotEqual"] = "Equals"
    """@default Equals"""
    value: str
    """The value to compare with."""
    role: str
    """The name of a role under ``identityPool.roles``."""


class RoleMapping(SpecModel):
    """How to choose a role for identities from one provider."""

    provider: str
    """``userPool:<client name>`` for an app client, or facebook, google, amazon, apple, auth0, or an OIDC issuer host."""
    type: Literal["Token", "Rules"] = "Token"
    """Token: use the ``cognito:preferred_role`` of the user's groups; Rules: match claims. @default Token"""
    ambiguous_role_resolution: Literal["Deny", "AuthenticatedRole"]
    """Required: what a user gets whom the mapping gives no single role, which decides who can sign in at all.
    ``Deny``: no credentials. With type Rules that is every user no rule matches (API RoleMapping). With type Token it
    is every user whose token carries no single role: in several groups with roles and no preferred role (API
    RoleMapping), and also in no group with a role (the console: "if no roles are specified in the token, the role
    resolution will be invoked", quoted in aws-cdk#21398; amplify-js#8644), which is most users of most apps. Choose it
    only where every user is meant to match. ``AuthenticatedRole``: those users get the default authenticated role, the
    deliberate fallback; keep that role minimal (the guardrail role-mapping-fallback checks it grants nothing a mapped
    role is for)."""
    rules: list[MappingRule] = Field(default_factory=list)
    """With type Rules: the rules, in order. @default none"""

    @model_validator(mode="after")
    def _check(self) -> "RoleMapping":
        if self.type == "Rules" and not self.rules:
            raise ValueError("type Rules needs at least one rule")
        if self.type == "Token" and self.rules:
            raise ValueError("rules are only used with type Rules")
        return self


class IdentityPool(SpecModel):
    """The Cognito identity pool (CDK: ``IdentityPool``)."""

    name: str | None = None
    """Renaming an identity pool replaces it and loses every identity ID. @default ``<project>_<stack>``"""
    allow_guest_access: bool = False
    """Give signed-out users (guest identities) credentials of the ``unauthenticated`` role. @default false"""
    allow_classic_flow: bool = False
    """The basic (classic) flow skips the enhanced-flow scope-down policy; keep it off. @default false"""
    user_pool_clients: list[str] | None = None
    """App clients whose users get identities. @default every client without a secret"""
    server_side_token_check: bool = True
    """Reject tokens of users who were signed out globally. @default true"""
    federation: Federation = Federation()
    """Providers whose tokens the pool accepts directly. @default none"""
    roles: dict[str, Role] = Field(default_factory=dict)
    """``authenticated``, ``unauthenticated`` (guest) and any named roles for role mappings. The first two always exist;
    list them here to give them permissions. @default no permissions"""
    role_mappings: list[RoleMapping] = Field(default_factory=list)
    """How roles are chosen per provider. @default the authenticated role for everyone signed in"""

    @model_validator(mode="after")
    def _check_name(self) -> "IdentityPool":
        if self.name is not None and not re.fullmatch(NAME_PATTERN, self.name):
            raise ValueError(f"name {self.name!r}: 1-128 letters, digits, spaces and +=,.@-")
        return self
