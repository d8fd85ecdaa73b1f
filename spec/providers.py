"""User-pool identity providers: `authstack:identityProviders`, keyed by a name of your choice.

Social providers get Cognito's fixed provider names (``Facebook``, ``Google``, ``LoginWithAmazon``, ``SignInWithApple``);
OIDC, Auth0 and SAML providers are named by their key. App clients list providers by those Cognito names.
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Union

from pydantic import Field, model_validator

from authstack.spec.base import SpecModel
from authstack.spec.facts import SOCIAL_PROVIDER_NAMES, auth0_issuer
from authstack.spec.secrets import Secret


class _Provider(SpecModel):
    cognito_type: ClassVar[str]
    fixed_name: ClassVar[str | None] = None
    default_mapping: ClassVar[dict[str, str]] = {"email": "email"}

    attribute_mapping: dict[str, str] | None = None
    """User-pool attribute → provider attribute. @default ``{email: email, username: <provider's user id>}``"""

    def provider_name(self, key: str) -> str:
        """The name Cognito knows this provider by (``ProviderName``)."""
        return self.fixed_name or key

    def mapping(self) -> dict[str, str]:
        """What the provider is sent. Cognito always maps ``username`` (to the provider's user ID) and returns it from
        DescribeIdentityProvider, so a mapping without it would differ from AWS on every run
        (terraform-provider-aws#4831): the default ``username`` is added unless the author maps it."""
        mapping = dict(self.attribute_mapping or self.default_mapping)
        if "username" in self.default_mapping:
            mapping.setdefault("username", self.default_mapping["username"])
        return mapping


class Facebook(_Provider):
    """Sign in with Facebook through the hosted UI."""

    cognito_type: ClassVar[str] = SOCIAL_PROVIDER_NAMES["facebook"]
    fixed_name: ClassVar[str] = SOCIAL_PROVIDER_NAMES["facebook"]
    default_mapping: ClassVar[dict[str, str]] = {"email": "email", "username": "id"}
    type: Literal["facebook"]
    """Selects this provider kind."""
    client_id: str
    """The Facebook app ID (public)."""
    client_secret: Secret
    """The Facebook app secret; a Pulumi secret."""
    scopes: list[str] = Field(default_factory=lambda: ["public_profile", "email"])
    """@default [public_profile, email]"""
    api_version: str | None = None
    """Graph API version, e.g. ``v17.0``. @default Cognito's default"""


class Google(_Provider):
    """Sign in with Google through the hosted UI."""

    cognito_type: ClassVar[str] = SOCIAL_PROVIDER_NAMES["google"]
    fixed_name: ClassVar[str] = SOCIAL_PROVIDER_NAMES["google"]
    default_mapping: ClassVar[dict[str, str]] = {"email": "email", "username": "sub"}
    type: Literal["google"]
    """Selects this provider kind."""
    client_id: str
    """The Google OAuth client ID (public)."""
    client_secret: Secret
    """The Google OAuth client secret; a Pulumi secret."""
    scopes: list[str] = Field(default_factory=lambda: ["openid", "email", "profile"])
    """@default [openid, email, profile]"""


class Amazon(_Provider):
    """Login with Amazon through the hosted UI."""

    cognito_type: ClassVar[str] = SOCIAL_PROVIDER_NAMES["amazon"]
    fixed_name: ClassVar[str] = SOCIAL_PROVIDER_NAMES["amazon"]
    default_mapping: ClassVar[dict[str, str]] = {"email": "email", "username": "user_id"}
    type: Literal["amazon"]
    """Selects this provider kind."""
    client_id: str
    """The Login with Amazon client ID (public)."""
    client_secret: Secret
    """The Login with Amazon client secret; a Pulumi secret."""
    scopes: list[str] = Field(default_factory=lambda: ["profile"])
    """@default [profile]"""


class Apple(_Provider):
    """Sign in with Apple through the hosted UI."""

    cognito_type: ClassVar[str] = SOCIAL_PROVIDER_NAMES["apple"]
    fixed_name: ClassVar[str] = SOCIAL_PROVIDER_NAMES["apple"]
    default_mapping: ClassVar[dict[str, str]] = {"email": "email", "username": "sub"}
    type: Literal["apple"]
    """Selects this provider kind."""
    services_id: str
    """The Apple services ID (the OAuth client ID)."""
    team_id: str
    """The Apple developer team ID."""
    key_id: str
    """The ID of the Sign in with Apple private key."""
    private_key: Secret
    """The .p8 private key; a Pulumi secret. Cognito never returns it, so after creation authstack ignores it (or every
    `up` would show a change): to rotate, set the new key and keyId together with ``rotatePrivateKey: true``."""
    rotate_private_key: bool = False
    """Send ``privateKey`` on this `up` (for a key rotation; set it back to false afterwards, or every `up` updates the
    provider). `authstack plan --against` refuses a keyId change without it, which would send the old key under the new
    ID. @default false"""
    scopes: list[str] = Field(default_factory=lambda: ["name", "email"])
    """@default [name, email]"""


class _OidcBase(_Provider):
    cognito_type: ClassVar[str] = "OIDC"
    default_mapping: ClassVar[dict[str, str]] = {"email": "email", "username": "sub"}
    client_id: str
    """The client ID registered with the provider (public)."""
    client_secret: Secret
    """The client secret; a Pulumi secret."""
    scopes: list[str] = Field(default_factory=lambda: ["openid", "email", "profile"])
    """@default [openid, email, profile]"""
    attributes_request_method: Literal["GET", "POST"] = "GET"
    """How Cognito calls the userInfo endpoint. @default GET"""
    identifiers: list[str] = Field(default_factory=list)
    """Email domains that route users to this provider in the hosted UI. @default none"""


class Oidc(_OidcBase):
    """Any OpenID Connect provider."""

    type: Literal["oidc"]
    """Selects this provider kind."""
    issuer_url: str
    """The issuer, ``https://...``; Cognito discovers the endpoints from it."""

    @model_validator(mode="after")
    def _check(self) -> "Oidc":
        if not self.issuer_url.startswith("https://"):
            raise ValueError("issuerUrl must start with https://")
        return self

    def issuer(self) -> str:
        return self.issuer_url


class Auth0(_OidcBase):
    """Auth0 as an OIDC provider, from its tenant domain (``example.eu.auth0.com``)."""

    type: Literal["auth0"]
    """Selects this provider kind."""
    domain: str
    """The Auth0 tenant host, e.g. ``example.eu.auth0.com``: lower case, no ``https://``, no trailing slash (anything
    else is refused, naming the form to write); the issuer is ``https://<domain>/``, Auth0's ``iss``."""

    def issuer(self) -> str:
        return auth0_issuer(self.domain)


class Saml(_Provider):
    """A SAML 2.0 identity provider."""

    cognito_type: ClassVar[str] = "SAML"
    default_mapping: ClassVar[dict[str, str]] = {
        "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    }
    type: Literal["saml"]
    """Selects this provider kind."""
    metadata_url: str | None = None
    """Where Cognito fetches the IdP metadata. @default none (give this or ``metadata``)"""
    metadata: Secret | None = None
    """The metadata XML, for IdPs that do not publish it; kept secret because it may be private. @default none"""
    idp_signout: bool = False
    """Sign users out of the IdP too. @default false"""
    identifiers: list[str] = Field(default_factory=list)
    """Email domains that route users to this provider in the hosted UI. @default none"""

    @model_validator(mode="after")
    def _check(self) -> "Saml":
        if (self.metadata_url is None) == (self.metadata is None):
            raise ValueError("give exactly one of metadataUrl or metadata")
        return self


IdentityProvider = Annotated[Union[Facebook, Google, Amazon, Apple, Auth0, Oidc, Saml], Field(discriminator="type")]
