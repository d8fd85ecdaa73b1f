"""App clients of the user pool."""
from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from authstack.infra.common import keep
from authstack.spec.facts import COMPONENT_APP_CLIENTS
from authstack.spec.clients import Client


@dataclass(frozen=True)
class AppClientsArgs:
    user_pool_id: pulumi.Input[str]
    clients: dict[str, Client]
    name_prefix: str
    throwaway: bool
    depends_on: list[pulumi.Resource] = field(default_factory=list)
    """The identity providers and resource servers: a client naming a provider or a custom scope fails if it does not
    exist yet."""
    import_ids: dict[str, str] = field(default_factory=dict)
    """Client name → ``<pool id>/<client id>`` for adopted clients."""
    managed_login: bool = False
    """The domain serves managed login: every OAuth client needs a branding style, or its pages are unavailable."""


class AppClients(pulumi.ComponentResource):
    """Every app client: no secret unless asked for, user-existence errors hidden, token revocation on."""

    def __init__(self, name: str, args: AppClientsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_APP_CLIENTS, name, None, opts)
        self.clients: dict[str, aws.cognito.UserPoolClient] = {
            client_name: self._create(name, client_name, spec, args) for client_name, spec in sorted(args.clients.items())
        }
        self.brandings = self._brand(name, args) if args.managed_login else {}
        self.register_outputs({})

    def _brand(self, name: str, args: AppClientsArgs) -> dict[str, aws.cognito.ManagedLoginBranding]:
        """Cognito's default style per OAuth client: managed login renders a client's pages only once a branding style
        is assigned to it (Cognito guide, "Apply branding to managed login pages"; pulumi-aws ManagedLoginBranding)."""
        return {
            client_name: aws.cognito.ManagedLoginBranding(
                f"{name}-{client_name}-branding",
                user_pool_id=args.user_pool_id,
                client_id=self.clients[client_name].id,
                use_cognito_provided_values=True,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for client_name, spec in sorted(args.clients.items()) if spec.oauth is not None
        }

    def _create(self, name: str, client_name: str, spec: Client, args: AppClientsArgs) -> aws.cognito.UserPoolClient:
        oauth = spec.oauth
        return aws.cognito.UserPoolClient(
            f"{name}-{client_name}",
            name=spec.name or f"{args.name_prefix}-{client_name}",
            user_pool_id=args.user_pool_id,
            generate_secret=spec.generate_secret,
            explicit_auth_flows=list(spec.auth_flows),
            allowed_oauth_flows_user_pool_client=oauth is not None,
            allowed_oauth_flows=list(oauth.flows) if oauth else None,
            allowed_oauth_scopes=list(oauth.scopes) if oauth else None,
            callback_urls=list(oauth.callback_urls) if oauth and oauth.callback_urls else None,
            logout_urls=list(oauth.logout_urls) if oauth and oauth.logout_urls else None,
            supported_identity_providers=list(spec.identity_providers),
            access_token_validity=None if spec.legacy_token_validity else spec.access_token_validity,
            id_token_validity=None if spec.legacy_token_validity else spec.id_token_validity,
            refresh_token_validity=spec.refresh_token_validity,
            token_validity_units=(
                None if spec.legacy_token_validity
                else {"access_token": "minutes", "id_token": "minutes", "refresh_token": "days"}
            ),
            prevent_user_existence_errors="ENABLED" if spec.prevent_user_existence_errors else "LEGACY",
            enable_token_revocation=spec.enable_token_revocation,
            read_attributes=spec.read_attributes,
            write_attributes=spec.write_attributes,
            opts=keep(self, args.throwaway, args.import_ids.get(client_name), depends_on=list(args.depends_on),
                      # The provider never reads generate_secret back (create-only, not in DescribeUserPoolClient's
                      # mapping), so an imported client has none in state and the program's value would replace it.
                      # `authstack plan --live` compares the spec with the live client's secret instead.
                      ignore_changes=["generateSecret"] if client_name in args.import_ids else None),
        )
