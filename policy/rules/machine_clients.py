"""Machine-to-machine clients (T16): a client_credentials client acts for itself, never for a user."""
from __future__ import annotations

from typing import Iterator

from authstack.policy.graph import USER_POOL_CLIENT, Graph, as_list, is_unknown
from authstack.policy.rules.core import Finding, RuleContext, finding, rule

# Explicit auth flows that sign no user in. Cognito gives a client that sends none ALLOW_USER_SRP_AUTH,
# ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH (CreateUserPoolClient, ExplicitAuthFlows), so "unset" is not safe.
MACHINE_FLOWS = frozenset({"ALLOW_REFRESH_TOKEN_AUTH"})
# Scopes that act on a user: the admin scope calls the user-pool API as the user (GetUser, UpdateUserAttributes).
USER_SCOPES = frozenset({"aws.cognito.signin.user.admin", "openid", "email", "phone", "profile"})


@rule("machine-client-no-user-access",
      "A client_credentials client holds no user-facing flow (code, implicit, SRP, password, custom, choice-based) and "
      "no user scope such as aws.cognito.signin.user.admin.",
      types=(USER_POOL_CLIENT,))
def machine_client_no_user_access(graph: Graph, context: RuleContext) -> Iterator[Finding]:
    """T16: Cognito guide "Scopes, M2M, and resource servers" (client credentials: custom scopes only); API CreateUserPoolClient."""
    name = "machine-client-no-user-access"
    for client in graph.of_type(USER_POOL_CLIENT):
        flows = client.get("allowedOauthFlows")
        if is_unknown(flows) or "client_credentials" not in as_list(flows):
            continue
        oauth_user = sorted(set(as_list(flows)) - {"client_credentials"})
        if oauth_user:
            yield finding(name, client, f"machine client {client.label} also allows the user grant(s) "
                                        f"{', '.join(oauth_user)}: give users their own public client")
        explicit = client.get("explicitAuthFlows")
        if not is_unknown(explicit):
            user_flows = sorted(set(as_list(explicit)) - MACHINE_FLOWS)
            if explicit is None or explicit == []:
                yield finding(name, client, f"machine client {client.label} sends no explicitAuthFlows, so Cognito "
                                            f"enables SRP and custom sign-in on it; set [ALLOW_REFRESH_TOKEN_AUTH]")
            elif user_flows:
                yield finding(name, client, f"machine client {client.label} allows user sign-in flows "
                                            f"{', '.join(user_flows)}; keep only ALLOW_REFRESH_TOKEN_AUTH")
        scopes = client.get("allowedOauthScopes")
        if not is_unknown(scopes):
            held = sorted(set(as_list(scopes)) & USER_SCOPES)
            if held:
                yield finding(name, client, f"machine client {client.label} holds user scope(s) {', '.join(held)}; "
                                            f"a client_credentials token may carry resource-server scopes only")
