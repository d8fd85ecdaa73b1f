"""App clients (`authstack:clients`) and the hosted-UI domain (`authstack:domain`)."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from authstack.functions.urls import check_redirect_url
from authstack.spec.base import Range, SpecModel
from authstack.spec.refs import Ref, known
from authstack.spec.user_pool import NAME_PATTERN

AuthFlow = Literal[
    "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_TOKEN_EXCHANGE_DELEGATION",
    "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
]

# A machine client keeps only the refresh flow: Cognito needs one explicit flow, and refresh signs no user in.
MACHINE_AUTH_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH",)


class OAuth(SpecModel):
    """The client's OAuth 2.0 settings for the hosted UI (CDK: ``OAuthSettings``). Needs ``authstack:domain``."""

    flows: list[Literal["code", "implicit", "client_credentials"]] = Field(default_factory=lambda: ["code"], min_length=1)
    """@default [code] - the authorization code grant with PKCE; implicit is discouraged."""
    scopes: list[str] = Field(default_factory=lambda: ["openid", "email", "profile"], min_length=1, max_length=50)
    """OAuth scopes: openid, email, phone, profile, aws.cognito.signin.user.admin, or resource-server scopes
    (``<identifier>/<scope>``). @default [openid, email, profile]; a client_credentials client must list its
    resource-server scopes"""
    callback_urls: list[str] = Field(default_factory=list)
    """Where the hosted UI may send users after sign-in. @default none - required with code or implicit; a
    client_credentials client has no users to send back"""
    logout_urls: list[str] = Field(default_factory=list)
    """Where the hosted UI may send users after sign-out. @default none"""

    @field_validator("callback_urls", "logout_urls")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        return [check_redirect_url(u) for u in urls]

    @model_validator(mode="after")
    def _check(self) -> "OAuth":
        user_flows = [f for f in self.flows if f != "client_credentials"]
        if user_flows and not self.callback_urls:
            raise ValueError(f"{' and '.join(user_flows)} need callbackUrls (where the hosted UI sends users back)")
        if "client_credentials" in self.flows and "scopes" not in self.model_fields_set:
            raise ValueError("client_credentials needs scopes: list the resource-server scopes (<identifier>/<scope>) "
                             "this client may request")
        return self


class Client(SpecModel):
    """One app client, e.g. ``web`` or ``native`` (CDK: ``UserPoolClient``)."""

    name: str | None = None
    """The client's name in Cognito. @default ``<stack name>-<key>``; adopted clients keep their existing name."""
    generate_secret: bool = False
    """Confidential (server-side) client with a secret. Browsers and mobile apps cannot keep a secret, so web and mobile
    config files never use such a client. Cannot change after creation. @default false"""
    auth_flows: list[AuthFlow] = Field(default_factory=lambda: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    """Explicit auth flows. @default SRP + refresh - Amplify's default flow, no password on the wire; refresh only for a
    machine client (``client_credentials``), which signs no user in (an empty list would give it Cognito's default
    SRP and custom flows)"""
    oauth: OAuth | None = None
    """Hosted-UI OAuth settings. @default none (no hosted UI for this client)"""
    identity_providers: list[str] = Field(default_factory=lambda: ["COGNITO"])
    """Providers by their Cognito names: COGNITO, Facebook, Google, LoginWithAmazon, SignInWithApple, or the key of an
    oidc/auth0/saml provider. @default [COGNITO]"""
    access_token_validity: Range(5, 1440) = 60
    """Minutes. @default 60"""
    id_token_validity: Range(5, 1440) = 60
    """Minutes. @default 60"""
    refresh_token_validity: Range(1, 3650) = 30
    """Days. @default 30"""
    read_attributes: list[str] | None = None
    """@default all attributes"""
    enable_token_revocation: bool = True
    """Let sign-out revoke refresh tokens. @default true (the guardrail requires it; false only to adopt an old client
    as it is)"""
    legacy_token_validity: bool = False
    """Send only ``refreshTokenValidity`` (days) and no token-validity units, as clients created before units existed
    have it; for adopting such a client unchanged. @default false"""
    prevent_user_existence_errors: bool = True
    """Answer "incorrect username or password" instead of "user does not exist", so sign-in cannot be used to probe
    for accounts. @default true (the guardrail requires it; false only to adopt a legacy client as it is)"""
    write_attributes: list[str] | None = None
    """Attributes the app may write (at sign-up too). Role-mapping rules may only use claims outside this list.
    @default every attribute that is not developer-only"""

    @model_validator(mode="before")
    @classmethod
    def _machine_default_flows(cls, data):
        if isinstance(data, dict) and "authFlows" not in data and "auth_flows" not in data:
            oauth = data.get("oauth")
            if isinstance(oauth, dict) and "client_credentials" in (oauth.get("flows") or []):
                data = {**data, "authFlows": list(MACHINE_AUTH_FLOWS)}
        return data

    @property
    def is_machine(self) -> bool:
        """A machine-to-machine client: it only gets tokens for itself, with the client_credentials grant."""
        return self.oauth is not None and "client_credentials" in self.oauth.flows

    @model_validator(mode="after")
    def _check_name(self) -> "Client":
        if self.name is not None and not re.fullmatch(NAME_PATTERN, self.name):
            raise ValueError(f"name {self.name!r}: 1-128 letters, digits, spaces and +=,.@-")
        return self



class Domain(SpecModel):
    """The hosted-UI domain: a prefix on ``amazoncognito.com`` or your own domain."""

    prefix: str | None = None
    """``<prefix>.auth.<region>.amazoncognito.com``: lower-case letters, digits and hyphens; may not contain aws,
    amazon or cognito. @default none (give this or customDomain)"""
    custom_domain: str | None = None
    """e.g. ``auth.example.com``; needs ``certificateArn``. @default none (give this or prefix)"""
    certificate_arn: Ref | None = None
    """An ACM certificate in us-east-1 for ``customDomain``. @default none"""
    managed_login: bool = False
    """Use managed login (version 2) instead of the classic hosted UI; authstack gives every OAuth client Cognito's
    default branding style, without which its pages show "Login pages unavailable". Needs featurePlan ESSENTIALS or
    PLUS (on LITE the classic hosted UI is the only option). @default false"""
    route53_zone_id: str | None = None
    """customDomain only: the Route 53 hosted zone to create the alias A record in (to the domain's CloudFront
    distribution). The parent domain (``example.com`` for ``auth.example.com``) must already resolve to an A record,
    or Cognito refuses the custom domain. @default no record: create it yourself from the stack output
    ``hostedUiAliasTarget``"""

    @model_validator(mode="after")
    def _check(self) -> "Domain":
        if (self.prefix is None) == (self.custom_domain is None):
            raise ValueError("give exactly one of prefix or customDomain")
        if self.prefix is not None:
            if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", self.prefix):
                raise ValueError(f"prefix {self.prefix!r}: use 1-63 lower-case letters, digits and inner hyphens")
            for word in ("aws", "amazon", "cognito"):
                if word in self.prefix:
                    raise ValueError(f"prefix {self.prefix!r}: may not contain the reserved word {word!r}")
        if self.route53_zone_id is not None and self.custom_domain is None:
            raise ValueError("route53ZoneId applies to a customDomain only")
        if self.custom_domain is not None:
            if not self.certificate_arn:
                raise ValueError("customDomain needs certificateArn")
            if known(self.certificate_arn) and not self.certificate_arn.startswith("arn:aws:acm:us-east-1:"):
                raise ValueError("certificateArn must be an ACM certificate in us-east-1")
        return self

    def host(self, region: str) -> str:
        return self.custom_domain or f"{self.prefix}.auth.{region}.amazoncognito.com"
