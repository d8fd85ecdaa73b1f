"""The Gen 1 `cognitoConfig` keys the importer knows (CLI v4 parameters.json to v12 cli-inputs.json).

A key outside these sets is a newer or hand-added field: the importer warns, naming it, instead of ignoring it quietly.
"""
from __future__ import annotations

# Settings that map to the spec (or are reported as unsupported by `mapping`).
MAPPED = frozenset({
    "userPoolName", "identityPoolName", "authSelections", "usernameAttributes", "aliasAttributes", "requiredAttributes",
    "usernameCaseSensitive", "passwordPolicyMinLength", "passwordPolicyCharacters", "mfaConfiguration", "mfaTypes",
    "smsAuthenticationMessage", "smsVerificationMessage", "emailVerificationSubject", "emailVerificationMessage",
    "autoVerifiedAttributes", "userpoolClientGenerateSecret", "userpoolClientRefreshTokenValidity",
    "userpoolClientReadAttributes", "userpoolClientWriteAttributes", "userpoolClientSetAttributes",
    "allowUnauthenticatedIdentities", "thirdPartyAuth", "authProviders", "googleClientId", "googleIos", "googleAndroid",
    "facebookAppId", "amazonAppId", "appleAppId", "audiences", "hostedUI", "hostedUIDomainName", "hostedUIProviderMeta",
    "hostedUIProviderCreds", "oAuthMetadata", "AllowedOAuthFlows", "AllowedOAuthScopes", "newCallbackURLs",
    "newLogoutURLs", "authProvidersUserPool", "facebookAppIdUserPool", "facebookAppSecretUserPool", "googleAppIdUserPool",
    "googleAppSecretUserPool", "loginwithamazonAppIdUserPool", "loginwithamazonAppSecretUserPool",
    "signinwithappleClientIdUserPool", "signinwithappleTeamIdUserPool", "signinwithappleKeyIdUserPool",
    "signinwithapplePrivateKeyUserPool", "triggers", "userPoolGroups", "userPoolGroupList", "adminQueries",
    "adminQueryGroup", "verificationBucketName", "resourceNameTruncated", "useEnabledMfas", "defaultPasswordPolicy",
    "userpoolClientName",
})

# Bookkeeping of the Amplify CLI itself: nothing to map, nothing lost.
INTERNAL = frozenset({
    "serviceName", "resourceName", "useDefault", "updateFlow", "sharedId", "userpoolClientLambdaRole", "authRoleArn",
    "unauthRoleArn", "authRoleName", "unauthRoleName", "parentStack", "permissions", "dependsOn",
    "breakCircularDependency", "authTriggerConnections", "selectedParties", "lambdaLayers", "roleName", "roleExternalId",
    "policyName", "mfaLambdaRole", "mfaLambdaLogPolicy", "mfaPassRolePolicy", "mfaLambdaIAMPolicy",
    "userpoolClientLogPolicy", "userpoolClientLambdaPolicy", "lambdaLogPolicy",
    "openIdLambdaRoleName", "openIdRolePolicy", "openIdLambdaIAMPolicy", "openIdLogPolicy", "identityPoolLogPolicy",
    "hostedUIProviders", "addCallbackOnUpdate", "editLogoutURLs", "editCallbackURLs", "addLogoutOnUpdate",
    "oAuthLambdaRole", "userPoolClientName", "authProvidersUserPoolDropdown", "requiredAttributesDropdown",
    "usernameAttributesDropdown", "mfaAuthenticationMessage", "selectedPartiesArn", "env", "category", "service",
    "customAuth", "triggerSelection",
})

KNOWN = MAPPED | INTERNAL

# cli-inputs.json top-level keys and the schema version this importer was written against.
CLI_INPUTS_KEYS = frozenset({"version", "cognitoConfig"})
CLI_INPUTS_VERSIONS = frozenset({"1"})

# team-provider-info.json per-environment auth keys (ENV_SPECIFIC_PARAMS of the CLI) that hold secrets.
SECRET_KEYS = frozenset({
    "facebookAppSecretUserPool", "googleAppSecretUserPool", "loginwithamazonAppSecretUserPool",
    "signinwithapplePrivateKeyUserPool", "hostedUIProviderCreds",
})


def unknown_keys(config: dict) -> list[str]:
    return sorted(k for k in config if k not in KNOWN)
