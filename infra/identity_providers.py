"""User-pool identity providers: social sign-in, Auth0 and other OIDC providers, and SAML."""
from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from authstack.infra.common import keep, secret
from authstack.spec.facts import COMPONENT_IDENTITY_PROVIDERS
from authstack.spec.providers import Amazon, Apple, Auth0, Facebook, Google, Oidc, Saml

# ProviderDetails keys Cognito adds on its own (DescribeIdentityProvider returns them; the program never sends them).
# The provider diffs a map key that is in state but not in the inputs, so without these every `up` would update every
# provider (terraform-provider-aws#4831 Google/Facebook, #4807 SAML, #42157 Google; AWS API reference
# IdentityProviderType, "Describe response" per IdP type). Ignored keys keep what AWS set; the author never sets them.
_SOCIAL = ("authorize_url", "token_url", "attributes_url", "attributes_url_add_attributes", "token_request_method")
COGNITO_SET_DETAILS: dict[str, tuple[str, ...]] = {
    "Google": (*_SOCIAL, "oidc_issuer"),
    "Facebook": _SOCIAL,
    "LoginWithAmazon": _SOCIAL,
    "SignInWithApple": ("authorize_url", "token_url", "token_request_method", "oidc_issuer",
                        "attributes_url_add_attributes"),
    # The endpoints Cognito discovers from oidc_issuer (IdentityProviderType: OIDC "Describe response").
    "OIDC": ("authorize_url", "token_url", "attributes_url", "jwks_uri", "attributes_url_add_attributes"),
    # Read from the metadata (#4807); the certificate is Cognito's own (terraform-provider-aws identity_provider.go
    # drops ActiveEncryptionCertificate from updates for that reason).
    "SAML": ("SLORedirectBindingURI", "SSORedirectBindingURI", "ActiveEncryptionCertificate"),
}


@dataclass(frozen=True)
class IdentityProvidersArgs:
    user_pool_id: pulumi.Input[str]
    providers: dict
    """Spec key → provider spec."""
    throwaway: bool
    adopted: frozenset[str] = frozenset()
    """Provider names to import (import ID ``<pool id>:<provider name>``); the others are created."""
    adopted_pool_id: str | None = None


class IdentityProviders(pulumi.ComponentResource):
    """Every federated provider of the user pool. Their ``providerDetails`` hold client secrets, so the whole map is a
    Pulumi secret in and out (``additional_secret_outputs``)."""

    def __init__(self, name: str, args: IdentityProvidersArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_IDENTITY_PROVIDERS, name, None, opts)
        self.providers: dict[str, aws.cognito.IdentityProvider] = {}
        for key, spec in sorted(args.providers.items()):
            provider_name = spec.provider_name(key)
            import_id = (f"{args.adopted_pool_id}:{provider_name}"
                         if provider_name in args.adopted and args.adopted_pool_id else None)
            self.providers[provider_name] = aws.cognito.IdentityProvider(
                f"{name}-{key}",
                user_pool_id=args.user_pool_id,
                provider_name=provider_name,
                provider_type=spec.cognito_type,
                provider_details=pulumi.Output.secret(details(spec)),
                attribute_mapping=spec.mapping(),
                idp_identifiers=list(getattr(spec, "identifiers", [])) or None,
                opts=keep(self, args.throwaway, import_id, additional_secret_outputs=["providerDetails"],
                          ignore_changes=ignored_changes(spec)),
            )
        self.register_outputs({})


def ignored_changes(spec) -> list[str]:
    """Input paths the provider would otherwise diff on every run although nothing changed."""
    keys = list(COGNITO_SET_DETAILS[spec.cognito_type])
    if isinstance(spec, Facebook) and not spec.api_version:
        keys.append("api_version")  # Cognito fills in its default Graph API version
    if isinstance(spec, Apple) and not spec.rotate_private_key:
        keys.append("private_key")  # never returned by DescribeIdentityProvider, so always "changed"
    paths = [f"providerDetails.{k}" for k in keys]
    if isinstance(spec, Saml) and "username" not in spec.mapping():
        paths.append("attributeMapping.username")  # Cognito maps the SAML NameID itself
    return paths


def plain_details(spec) -> tuple[dict, str | None]:
    """The ``ProviderDetails`` Cognito expects for the provider type, without its secret, and the key the secret goes
    under (None when there is none). Plain Python, so `authstack plan --live` compares the same values with AWS."""
    if isinstance(spec, Facebook):
        plain = {"client_id": spec.client_id, "authorize_scopes": ",".join(spec.scopes)}
        if spec.api_version:
            plain["api_version"] = spec.api_version
        return plain, "client_secret"
    if isinstance(spec, (Google, Amazon)):
        return {"client_id": spec.client_id, "authorize_scopes": " ".join(spec.scopes)}, "client_secret"
    if isinstance(spec, Apple):
        return ({"client_id": spec.services_id, "team_id": spec.team_id, "key_id": spec.key_id,
                 "authorize_scopes": " ".join(spec.scopes)}, "private_key")
    if isinstance(spec, (Oidc, Auth0)):
        return ({"client_id": spec.client_id, "authorize_scopes": " ".join(spec.scopes),
                 "attributes_request_method": spec.attributes_request_method, "oidc_issuer": spec.issuer()},
                "client_secret")
    if isinstance(spec, Saml):
        plain = {"IDPSignout": "true" if spec.idp_signout else "false"}
        if spec.metadata_url:
            return {"MetadataURL": spec.metadata_url, **plain}, None
        return plain, "MetadataFile"
    raise TypeError(f"unknown provider spec {type(spec).__name__}")


def details(spec) -> pulumi.Output[dict]:
    """The ``ProviderDetails`` map, its secret (client secret, Apple key, SAML metadata file) a Pulumi secret."""
    plain, secret_key = plain_details(spec)
    if secret_key is None:
        return pulumi.Output.from_input(plain)
    return _with_secret(plain, secret_key, spec.metadata if isinstance(spec, Saml) else
                        spec.private_key if isinstance(spec, Apple) else spec.client_secret)


def _with_secret(plain: dict[str, str], key: str, value) -> pulumi.Output[dict]:
    return secret(value).apply(lambda s: {**plain, key: s})
