"""Cognito facts, written once: trigger names, standard attributes, provider names and Logins keys, email sending
limits and SES Regions, type tokens, the config namespace. Standard library only, so every layer imports it for free
(policy and the light CLI commands included, which must not pull in pydantic or pulumi).

Why here: imports flow functions -> spec -> infra/policy -> cli (tests/test_layering.py). The trigger library
(`functions/`) is the floor: its runtime is shipped inside every Lambda zip as ``authstack_triggers`` and can import
nothing of authstack, so the one fact it needs, the trigger names with their ``triggerSource`` prefixes, stays in
`functions/runtime/sources.py` and is read from there. Everything above it reads the rest from this module.
"""
from __future__ import annotations

import re

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
    """The Logins key of an OIDC issuer: its URL without scheme or trailing slash.

    The Cognito guide ("Open ID Connect providers (identity pools)") keys the Logins map by the provider's host (its
    example: ``login.provider.com``), and AWS's own Auth0 sample (aws-solutions-library-samples/guidance-for-claude-
    code-with-amazon-bedrock, bedrock-auth-auth0.yaml with credential_provider/__main__.py) registers the IAM provider
    as ``https://<tenant>/`` and sends the bare ``<tenant>`` as the Logins key and principal-tag provider name."""
    return url.removeprefix("https://").rstrip("/")


def auth0_issuer(domain: str) -> str:
    """The ``iss`` an Auth0 tenant puts in its tokens, with Auth0's trailing slash: the IAM OIDC provider URL must be
    exactly this (IAM CreateOpenIDConnectProvider: the URL "should correspond to the iss claim"). IAM keeps the slash
    in the provider's name and ARN, ``oidc-provider/<tenant>/`` (aws/aws-sam-cli#7432: a URL given with a slash made
    "the identity provider own-gitlab.com/"), and STS compares the URL with ``iss`` as written (aws-solutions-library-
    samples/guidance-for-claude-code-with-amazon-bedrock#54, "Add trailing slash to Auth0 OIDC provider URL to fix
    issuer mismatch")."""
    return f"https://{domain}/"


#: An Auth0 tenant host as the stack file must write it: lower case (IAM provider URLs are case-sensitive, and Auth0
#: issues ``iss`` in lower case), no scheme, no path, no trailing slash.
_AUTH0_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def auth0_domain_problem(domain: str) -> str | None:
    """Why ``domain`` is not an Auth0 tenant host as authstack derives the issuer, Logins key and role-mapping key
    from it (one form, so the three agree), or None."""
    bare = domain.strip().removeprefix("https://").removeprefix("http://").rstrip("/").lower()
    if domain == bare and _AUTH0_DOMAIN.fullmatch(domain):
        return None
    if "/" in bare or not _AUTH0_DOMAIN.fullmatch(bare):
        return f"{domain!r} is not a host name (e.g. example.eu.auth0.com)"
    return (f"{domain!r}: write the bare tenant host {bare!r} (lower case, no https://, no trailing slash); authstack "
            f"derives the issuer https://{bare}/ and the Logins key {bare} from it")


# --- email ---------------------------------------------------------------------------------------------------------

#: Emails a day Cognito's own sender (``EmailSendingAccount: COGNITO_DEFAULT``) sends per AWS account, over all pools
#: (Cognito guide "Quotas in Amazon Cognito", non-adjustable: "Maximum number of email messages sent daily per AWS
#: account ... 50", which "applies only if you are using the default email feature";
#: https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html, awsdocs/amazon-cognito-developer-guide
#: doc_source/limits.md). Past it, sign-up codes, invitations and forgot-password codes are not sent.
COGNITO_DEFAULT_EMAILS_PER_DAY = 50

#: The Regions whose SES identities a user pool may send from, by the pool's Region (Cognito guide "Email settings for
#: Amazon Cognito user pools", section "Amazon SES email configuration Regions":
#: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html#user-pool-email-developer-region-mapping,
#: awsdocs/amazon-cognito-developer-guide doc_source/user-pool-email.md). The table lists the pools that launched when
#: SES was only in us-east-1, us-west-2 and eu-west-1; every other pool uses the SES identity of its own Region ("you
#: can choose the same Region as the one where you created your user pool"), which ``ses_regions`` returns for them.
_LEGACY_SES = ("us-east-1", "us-west-2", "eu-west-1")
SES_REGIONS_BY_POOL_REGION: dict[str, tuple[str, ...]] = {
    "us-east-1": _LEGACY_SES,
    "us-east-2": ("us-east-2", *_LEGACY_SES),
    "us-west-1": ("us-west-1",),
    "us-west-2": _LEGACY_SES,
    "ca-central-1": ("ca-central-1", *_LEGACY_SES),
    "ap-northeast-1": ("ap-northeast-1", *_LEGACY_SES),
    "ap-northeast-2": ("ap-northeast-2", *_LEGACY_SES),
    "ap-south-1": ("ap-south-1", *_LEGACY_SES),
    "ap-southeast-1": ("ap-southeast-1", *_LEGACY_SES),
    "ap-southeast-2": ("ap-southeast-2", *_LEGACY_SES),
    "eu-west-1": _LEGACY_SES,
    "eu-west-2": ("eu-west-2", *_LEGACY_SES),
    "eu-west-3": ("eu-west-3",),
    "eu-central-1": ("eu-central-1", *_LEGACY_SES),
    "eu-north-1": ("eu-north-1",),
    "me-south-1": ("me-south-1",),
    "sa-east-1": ("sa-east-1",),
}


def ses_regions(pool_region: str) -> tuple[str, ...]:
    """The Regions a pool in ``pool_region`` may use an SES identity from."""
    return SES_REGIONS_BY_POOL_REGION.get(pool_region, (pool_region,))


#: An SES identity ARN (API EmailConfigurationType.SourceArn: "The ARN of a verified email address or an address from
#: a verified domain in Amazon SES"): ``arn:<partition>:ses:<region>:<account>:identity/<address or domain>``.
SES_IDENTITY_ARN = re.compile(r"arn:(aws[a-z-]*):ses:([a-z0-9-]+):(\d{12}):identity/([^\s/*?]+)")

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
