"""The identity pool component: federation, the roles identities receive, and how roles are chosen."""
from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from authstack.infra.common import cognito_identity_trust, keep, policy_document, spec_statements
from authstack.spec.facts import COMPONENT_IDENTITY_POOL, LOGINS_KEYS
from authstack.spec.identity_pool import IdentityPool as IdentityPoolSpec


@dataclass(frozen=True)
class IdentityPoolArgs:
    pool_name: str
    spec: IdentityPoolSpec
    throwaway: bool
    user_pool_endpoint: pulumi.Input[str] | None = None
    """``cognito-idp.<region>.amazonaws.com/<pool id>``: the provider name of the user pool."""
    client_ids: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    """App clients registered with the identity pool, by spec name."""
    import_id: str | None = None
    tags: dict[str, pulumi.Input[str]] = field(default_factory=dict)


class IdentityPool(pulumi.ComponentResource):
    """A Cognito identity pool with the enhanced flow only, guest access only when asked for, and role trust pinned to
    this pool (``aud``) and to the kind of identity (``amr``)."""

    def __init__(self, name: str, args: IdentityPoolArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_IDENTITY_POOL, name, None, opts)
        self._name = name
        self._args = args
        self.oidc_providers = self._create_oidc_providers()
        self.pool = self._create_pool()
        self.id = self.pool.id
        self.roles = self._create_roles()
        self.role_arns = self._role_arns()
        self.attachment = self._create_attachment()
        self.register_outputs({"id": self.id})

    def _create_oidc_providers(self) -> dict[str, aws.iam.OpenIdConnectProvider]:
        fed = self._args.spec.federation
        issuers = []
        if fed.auth0:
            a0 = fed.auth0
            issuers.append(("auth0", a0.login_key, a0.issuer_url, a0.client_ids, a0.thumbprints))
        for o in fed.oidc:
            issuers.append((o.login_key.replace("/", "-").replace(".", "-"), o.login_key, o.issuer_url, o.client_ids,
                            o.thumbprints))
        return {
            login_key: aws.iam.OpenIdConnectProvider(
                f"{self._name}-oidc-{label}",
                url=url,
                client_id_lists=list(client_ids),
                thumbprint_lists=list(thumbprints) or None,
                tags=self._args.tags or None,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for label, login_key, url, client_ids, thumbprints in issuers
        }

    def _create_pool(self) -> aws.cognito.IdentityPool:
        spec, args = self._args.spec, self._args
        fed = spec.federation
        logins = {
            LOGINS_KEYS[p]: value
            for p, value in (("facebook", fed.facebook_app_id), ("google", fed.google_client_id),
                             ("amazon", fed.amazon_app_id), ("apple", fed.apple_services_id))
            if value
        }
        cognito_providers = [
            {"client_id": client_id, "provider_name": args.user_pool_endpoint,
             "server_side_token_check": spec.server_side_token_check}
            for _, client_id in sorted(args.client_ids.items())
        ]
        return aws.cognito.IdentityPool(
            f"{self._name}",
            identity_pool_name=spec.name or args.pool_name.replace("-", "_"),
            allow_unauthenticated_identities=spec.allow_guest_access,
            allow_classic_flow=spec.allow_classic_flow,
            cognito_identity_providers=cognito_providers or None,
            supported_login_providers=logins or None,
            openid_connect_provider_arns=[p.arn for _, p in sorted(self.oidc_providers.items())] or None,
            saml_provider_arns=list(fed.saml_provider_arns) or None,
            developer_provider_name=fed.developer_provider_name,
            tags=args.tags or None,
            opts=keep(self, args.throwaway, args.import_id),
        )

    def _create_roles(self) -> dict[str, aws.iam.Role]:
        spec = self._args.spec
        names = ["authenticated"] + (["unauthenticated"] if spec.allow_guest_access else [])
        names += sorted(n for n in spec.roles if n not in ("authenticated", "unauthenticated"))
        roles = {}
        for role_name in names:
            if role_name in spec.roles and spec.roles[role_name].arn:
                continue  # an existing role, adopted as it is
            amr = "unauthenticated" if role_name == "unauthenticated" else self._provider_amr(role_name)
            role = aws.iam.Role(
                f"{self._name}-{role_name}",
                assume_role_policy=cognito_identity_trust(self.pool.id, amr),
                tags=self._args.tags or None,
                opts=pulumi.ResourceOptions(parent=self),
            )
            statements = spec.roles[role_name].policy_statements if role_name in spec.roles else []
            if statements:
                aws.iam.RolePolicy(
                    f"{self._name}-{role_name}-policy",
                    role=role.id,
                    policy=policy_document(spec_statements(statements)),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            roles[role_name] = role
        return roles

    def _provider_amr(self, role_name: str) -> str | list[str]:
        """The `amr` a role's trust accepts: a role that only mappings of direct-federation providers hand out trusts
        only those providers' identities (Cognito lists the provider's Logins key in `amr`, as in AWS's
        `graph.facebook.com` example); every other role trusts any signed-in identity of this pool."""
        spec = self._args.spec
        providers = {m.provider for m in spec.role_mappings for r in m.rules if r.role == role_name}
        if role_name == "authenticated" or not providers or any(p.startswith("userPool:") for p in providers):
            return "authenticated"
        keys = sorted(str(self._mapping_provider(p)) for p in providers)
        return keys[0] if len(keys) == 1 else keys

    def _role_arns(self) -> dict[str, pulumi.Input[str]]:
        existing = {name: role.arn for name, role in self._args.spec.roles.items() if role.arn}
        return {**{name: role.arn for name, role in self.roles.items()}, **existing}

    def _create_attachment(self) -> aws.cognito.IdentityPoolRoleAttachment:
        spec = self._args.spec
        roles = {"authenticated": self.role_arns["authenticated"]}
        if spec.allow_guest_access:
            roles["unauthenticated"] = self.role_arns["unauthenticated"]
        mappings = [self._mapping(m) for m in spec.role_mappings]
        return aws.cognito.IdentityPoolRoleAttachment(
            f"{self._name}-roles",
            identity_pool_id=self.pool.id,
            roles=roles,
            role_mappings=mappings or None,
            # A pool has exactly one attachment: the new one must not be created while the old one still exists.
            opts=pulumi.ResourceOptions(parent=self, delete_before_replace=True),
        )

    def _mapping(self, mapping) -> dict:
        return {
            "identity_provider": self._mapping_provider(mapping.provider),
            "type": mapping.type,
            "ambiguous_role_resolution": mapping.ambiguous_role_resolution,
            "mapping_rules": [
                {"claim": r.claim, "match_type": r.match_type, "value": r.value, "role_arn": self.role_arns[r.role]}
                for r in mapping.rules
            ] or None,
        }

    def _mapping_provider(self, provider: str) -> pulumi.Input[str]:
        if provider.startswith("userPool:"):
            client_id = self._args.client_ids[provider.split(":", 1)[1]]
            return pulumi.Output.concat(self._args.user_pool_endpoint, ":", client_id)
        if provider in LOGINS_KEYS:
            return LOGINS_KEYS[provider]
        if provider == "auth0":
            return self._args.spec.federation.auth0.login_key
        return provider  # an OIDC issuer's login key (spec.identity_pool.OidcFederation.login_key)
