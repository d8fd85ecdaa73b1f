"""Cognito facts, written once: trigger names, standard attributes, provider names and Logins keys, type tokens, the
config namespace. Standard library only, so every layer imports it for free (policy and the light CLI commands
included, which must not pull in pydantic or pulumi).

Why here: imports flow functions -> spec -> infra/policy -> cli (tests/test_layering.py). The trigger library
(`functions/`) is the floor: its runtime is shipped inside every Lambda zip as ``authstack_triggers`` and can import
nothing of authstack, so the one fact it needs, the trigger names with their ``triggerSource`` prefixes, stays in
`functions/runtime/sources.py` and is read from there. Everything above it reads the rest from this module.
"""
from __future__ import annotations

from authstack.functions.runtime.sources import PREFIXES

#: The config namespace of the program: every stack key is ``authstack:<key>``, whatever the project is named.
NAMESPACE = "authstack"

# --- triggers ------------------------------------------------------------------------------------------------------

#: Cognito trigger names as in ``LambdaConfig`` (camelCase), in the developer guide's order.
TRIGGERS: tuple[str, ...] = tuple(PREFIXES)

# --- attributes ----------------------------------------------------------------------------------------------------

#: The standard user-pool attributes (OpenID Connect standard claims; Cognito developer guide, "User pool attributes").
STANDARD_ATTRIBUTES: tuple[str, ...] = (
    "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
    "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
)
#: The two verification flags, writable by a client like any standard attribute (UserPoolClientType.WriteAttributes).
VERIFICATION_FLAGS: tuple[str, ...] = ("email_verified", "phone_number_verified")
#: Attributes a user may sign in with in place of a username (``UsernameAttributes`` / ``AliasAttributes``).
ALIAS_ATTRIBUTES: tuple[str, ...] = ("email", "phone_number", "preferred_username")
#: Cognito's own schema for the standard attributes that are not plain 0..2048 strings. Declaring one differently
#: fails at deploy time, or shows as a schema change on an existing pool.
STANDARD_ATTRIBUTE_SHAPES: dict[str, tuple[str, dict[str, str]]] = {
    "updated_at": ("Number", {"min_value": "0"}),
    "birthdate": ("String", {"min_length": "10", "max_length": "10"}),
}
DEFAULT_STRING_SHAPE: tuple[str, dict[str, str]] = ("String", {"min_length": "0", "max_length": "2048"})

# --- identity providers --------------------------------------------------------------------------------------------

#: Social provider kind (the spec's ``type``) -> the fixed name Cognito gives it (``ProviderName``/``ProviderType``).
SOCIAL_PROVIDER_NAMES: dict[str, str] = {
    "facebook": "Facebook", "google": "Google", "amazon": "LoginWithAmazon", "apple": "SignInWithApple",
}
#: Cognito's social provider name -> the name the Amplify runtimes use (``socialProviders``, ``oauth.providers``).
AMPLIFY_SOCIAL_NAMES: dict[str, str] = {
    "Facebook": "FACEBOOK", "Google": "GOOGLE", "LoginWithAmazon": "AMAZON", "SignInWithApple": "APPLE",
}
#: Identity-pool ``Logins`` keys of the providers Cognito identity pools know natively.
LOGINS_KEYS: dict[str, str] = {
    "facebook": "graph.facebook.com",
    "google": "accounts.google.com",
    "amazon": "www.amazon.com",
    "apple": "appleid.apple.com",
}
#: The identity pool's own service principal, also the Logins key of developer-authenticated identities.
COGNITO_IDENTITY = "cognito-identity.amazonaws.com"


def issuer_host(url: str) -> str:
    """The Logins key of an OIDC issuer: its URL without scheme or trailing slash."""
    return url.removeprefix("https://").rstrip("/")


# --- OAuth scopes --------------------------------------------------------------------------------------------------

#: The scopes Cognito defines itself (CreateUserPoolClient AllowedOAuthScopes); every other scope is
#: ``<resource server identifier>/<scope name>``.
STANDARD_SCOPES: tuple[str, ...] = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")

# --- Pulumi type tokens (pulumi-aws v7; unchanged since v6) ---------------------------------------------------------

USER_POOL = "aws:cognito/userPool:UserPool"
USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
USER_POOL_DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
USER_GROUP = "aws:cognito/userGroup:UserGroup"
RESOURCE_SERVER = "aws:cognito/resourceServer:ResourceServer"
RISK_CONFIGURATION = "aws:cognito/riskConfiguration:RiskConfiguration"
LOG_DELIVERY_CONFIGURATION = "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
LOG_RESOURCE_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"
IDENTITY_PROVIDER = "aws:cognito/identityProvider:IdentityProvider"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"
ROLE_ATTACHMENT = "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment"
IAM_ROLE = "aws:iam/role:Role"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"
OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
LAMBDA_FUNCTION = "aws:lambda/function:Function"
LAMBDA_PERMISSION = "aws:lambda/permission:Permission"
KMS_KEY = "aws:kms/key:Key"

#: authstack's own component type tokens (``<package>:<module>:<type>``), one per concern.
COMPONENT_AUTH_STACK = f"{NAMESPACE}:index:AuthStack"
COMPONENT_USER_POOL = f"{NAMESPACE}:cognito:UserPool"
COMPONENT_APP_CLIENTS = f"{NAMESPACE}:cognito:AppClients"
COMPONENT_IDENTITY_PROVIDERS = f"{NAMESPACE}:cognito:IdentityProviders"
COMPONENT_IDENTITY_POOL = f"{NAMESPACE}:cognito:IdentityPool"
COMPONENT_GROUPS = f"{NAMESPACE}:cognito:Groups"
COMPONENT_RESOURCE_SERVERS = f"{NAMESPACE}:cognito:ResourceServers"
COMPONENT_THREAT_PROTECTION = f"{NAMESPACE}:cognito:ThreatProtection"
COMPONENT_ACTIVITY_LOGS = f"{NAMESPACE}:cognito:ActivityLogs"
COMPONENT_TRIGGER = f"{NAMESPACE}:lambda:TriggerFunction"
COMPONENT_SENDER_KEY = f"{NAMESPACE}:kms:SenderKey"
