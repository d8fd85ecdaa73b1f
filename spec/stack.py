"""The whole spec of one stack: every `authstack:*` key of `Pulumi.<stack>.yaml`, validated as one model."""
from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from authstack.spec.base import SpecModel
from authstack.spec.client_files import ClientFiles
from authstack.spec.clients import Client, Domain
from authstack.spec.identity_pool import IdentityPool
from authstack.spec.providers import IdentityProvider
from authstack.spec.refs import Ref
from authstack.spec.resource_servers import ResourceServer
from authstack.spec.triggers import Trigger, TriggerName
from authstack.spec.user_pool import UserPool


class Adopt(SpecModel):
    """Existing resources this stack adopts instead of creating (Pulumi ``import``), e.g. from Amplify Gen 1.

    Adopted resources are always protected. `authstack import-amplify` writes this section.
    """

    user_pool_id: str | None = None
    """e.g. ``eu-west-1_AbCdEfGhI``. @default none: create a new pool"""
    clients: dict[str, str] = Field(default_factory=dict)
    """Spec client name → existing client ID. @default none: create every client"""
    domain: str | None = None
    """The existing domain prefix or custom domain. @default none: create the domain"""
    identity_providers: list[str] | bool = Field(default_factory=list)
    """The existing user-pool identity providers to import, by their Cognito provider name (``Facebook``, ``Google``,
    ``SignInWithApple``, ``LoginWithAmazon``, or the OIDC/SAML provider's name), imported as ``<pool id>:<name>``.
    Listed by name so that a provider added to the spec later is created, not imported (an import of something that
    does not exist fails `pulumi up`). @default none: create every provider"""
    groups: list[str] | bool = Field(default_factory=list)
    """The existing groups to import, by name (imported as ``<pool id>/<name>``), for the same reason. @default none:
    create every group"""
    identity_pool_id: str | None = None
    """e.g. ``eu-west-1:0f1e2d3c-...``. @default none: create a new identity pool"""

    def adopted_providers(self) -> frozenset[str]:
        """The provider names to import (``false`` is none; ``true`` is refused by the spec rules)."""
        return frozenset(self.identity_providers) if isinstance(self.identity_providers, list) else frozenset()

    def adopted_groups(self) -> frozenset[str]:
        return frozenset(self.groups) if isinstance(self.groups, list) else frozenset()


class Spec(SpecModel):
    """One environment's Cognito auth backend."""

    name: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=56)
    """Prefix of every resource name: letters, digits, - and _ (what Lambda, IAM and Cognito names all accept), short
    enough that each IAM role and Lambda function name stays within AWS's 64 characters after Pulumi's 8-character
    suffix. @default ``<project>-<stack>``"""
    throwaway: bool = False
    """A stack you may destroy (previews, CI): turns off deletion protection and Pulumi ``protect``. Never for a stack
    with real users. @default false"""
    user_pool: UserPool | None = UserPool()
    """``false`` for an identity pool without a user pool (direct federation only). @default a user pool"""
    domain: Domain | None = None
    """The hosted-UI domain; needed by any client with OAuth. @default none"""
    clients: dict[str, Client] = Field(default_factory=lambda: {"web": Client()})
    """App clients by name. @default one public client, ``web``"""
    identity_providers: dict[str, IdentityProvider] = Field(default_factory=dict)
    """User-pool identity providers by key. @default none"""
    resource_servers: dict[str, ResourceServer] = Field(default_factory=dict)
    """APIs and their custom scopes, by key; clients name a scope as ``<identifier>/<scope>``. @default none"""
    identity_pool: IdentityPool | None = None
    """@default no identity pool"""
    triggers: dict[TriggerName, Trigger] = Field(default_factory=dict)
    """Lambda triggers by Cognito trigger name. @default none"""
    client: ClientFiles = ClientFiles()
    """What `authstack config` writes for this stack. @default every format, web client `web`"""
    adopt: Adopt | None = None
    """Existing resources to adopt instead of creating. @default none: create everything"""
    tags: dict[str, Ref] = Field(default_factory=dict)
    """Tags on every taggable resource. @default none"""

    @model_validator(mode="before")
    @classmethod
    def _no_pool_no_default_client(cls, data: Any) -> Any:
        # Without a user pool there is nothing for the default `web` client to belong to.
        if isinstance(data, dict) and data.get("userPool", True) in (None, False):
            data = {**data, "userPool": None}
            if "clients" not in data:
                data["clients"] = {}
        return data

    # --- derived values shared by the program, the plan and the config generator -------------------------------

    def provider_names(self) -> dict[str, str]:
        """Cognito provider name → spec key, for every user-pool identity provider."""
        return {p.provider_name(key): key for key, p in self.identity_providers.items()}

    def resource_scopes(self) -> dict[str, str]:
        """Every custom scope (``<identifier>/<scope>``) → the key of its resource server."""
        return {scope: key for key, server in self.resource_servers.items() for scope in server.scope_ids()}

    def threat_mode(self) -> str:
        """The pool's effective threat protection mode (`ThreatProtection.effective_mode`); OFF without a pool."""
        up = self.user_pool
        if up is None:
            return "OFF"
        adopted = self.adopt is not None and self.adopt.user_pool_id is not None
        return up.threat_protection.effective_mode(up.feature_plan, self.throwaway, adopted)

    def relying_party_id(self, region: str) -> str | None:
        """The passkey relying party ID the pool uses: the one set, else the hosted-UI host; None without passkeys."""
        pl = self.user_pool.passwordless if self.user_pool is not None else None
        if pl is None or not pl.passkeys:
            return None
        return pl.relying_party_id or (self.domain.host(region) if self.domain else None)

    def web_client(self) -> str | None:
        if self.client.web_client:
            return self.client.web_client
        if "web" in self.clients:
            return "web"
        return next((n for n, c in self.clients.items() if not c.generate_secret), None)

    def mobile_client(self) -> str | None:
        if self.client.mobile_client:
            return self.client.mobile_client
        return "native" if "native" in self.clients else self.web_client()

    def identity_pool_clients(self) -> list[str]:
        if self.identity_pool is None or self.user_pool is None:
            return []
        if self.identity_pool.user_pool_clients is not None:
            return list(self.identity_pool.user_pool_clients)
        return [n for n, c in self.clients.items() if not c.generate_secret]
