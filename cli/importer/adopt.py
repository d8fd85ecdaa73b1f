"""The `authstack:adopt` section: IDs of the deployed Gen 1 resources, from amplify-meta.json and the app's config.

amplify-meta.json (``auth.<resource>.output``) is the record of what CloudFormation deployed; aws-exports.js is what the
app uses. When both name an ID and they disagree, the deployed record wins and a warning says so.
"""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.findings import Findings
from authstack.cli.importer.gen1 import Project

# (adopt key, amplify-meta output key, aws-exports key)
IDS = (
    ("userPoolId", "UserPoolId", "aws_user_pools_id"),
    ("web", "AppClientIDWeb", "aws_user_pools_web_client_id"),
    ("native", "AppClientID", None),
    ("identityPoolId", "IdentityPoolId", "aws_cognito_identity_pool_id"),
)


def _mobile_ids(exports: dict) -> dict[str, str]:
    """IDs from a mobile amplifyconfiguration.json (``auth.plugins.awsCognitoAuthPlugin``)."""
    plugin = (((exports.get("auth") or {}).get("plugins") or {}).get("awsCognitoAuthPlugin") or {})
    pool = ((plugin.get("CognitoUserPool") or {}).get("Default") or {})
    ident = (((plugin.get("CredentialsProvider") or {}).get("CognitoIdentity") or {}).get("Default") or {})
    return {k: v for k, v in (("aws_user_pools_id", pool.get("PoolId")), ("aws_cognito_identity_pool_id", ident.get("PoolId")),
                              ("native_client", pool.get("AppClientId"))) if isinstance(v, str)}


def _provider_name(key: str, provider: dict[str, Any]) -> str:
    """The Cognito name of an imported provider: fixed for the social types, the spec key for OIDC and SAML."""
    from authstack.spec.facts import SOCIAL_PROVIDER_NAMES

    return SOCIAL_PROVIDER_NAMES.get(provider.get("type"), key)


def build_adopt(project: Project, spec: dict[str, Any], region: str, findings: Findings) -> dict[str, Any]:
    meta = project.meta or {}
    exports = dict(project.exports or {})
    exports.update({k: v for k, v in _mobile_ids(exports).items() if k not in exports})
    found: dict[str, str] = {}
    for key, meta_key, exports_key in IDS:
        from_meta = meta.get(meta_key) if isinstance(meta.get(meta_key), str) else None
        from_exports = exports.get(exports_key) if exports_key and isinstance(exports.get(exports_key), str) else None
        if from_meta and from_exports and from_meta != from_exports:
            findings.warn(f"{project.exports_file}: {exports_key} is {from_exports!r} but {project.meta_file} says {from_meta!r} "
                          f"(deployed); using the deployed ID — regenerate the app config after the import")
        value = from_meta or from_exports
        if value:
            found[key] = value
    if "native" not in found and exports.get("native_client") and exports.get("native_client") != found.get("web"):
        found["native"] = exports["native_client"]

    adopt: dict[str, Any] = {}
    has_user_pool = spec.get("userPool") is not False  # `userPool: false`: identity pool only
    if has_user_pool:
        pool_id = found.get("userPoolId")
        if pool_id:
            if not pool_id.startswith(f"{region}_"):
                findings.warn(f"adopt.userPoolId: {pool_id!r} is not in region {region!r}")
            adopt["userPoolId"] = pool_id
            clients = {name: found[name] for name in ("native", "web") if name in found}
            if clients:
                adopt["clients"] = clients
            for name in ("native", "web"):
                if name not in found:
                    findings.warn(f"adopt.clients.{name}: the {name} client's ID was not found; `pulumi up` would create a new "
                                  f"client: add its ID (aws cognito-idp list-user-pool-clients --user-pool-id {pool_id})")
            if "domain" in spec:
                adopt["domain"] = spec["domain"].get("prefix") or spec["domain"].get("customDomain")
            # By name: a provider or group added to the spec later must be created, not imported.
            providers = sorted(_provider_name(key, p) for key, p in (spec.get("identityProviders") or {}).items())
            if providers:
                adopt["identityProviders"] = providers
            if spec["userPool"].get("groups"):
                adopt["groups"] = sorted(spec["userPool"]["groups"])
        else:
            findings.warn("adopt.userPoolId: no deployed user pool ID found (no amplify-meta.json or aws-exports.js for this "
                          "environment): as written, `pulumi up` would create a NEW, empty pool. Add authstack:adopt.userPoolId "
                          "and the client IDs (or `amplify pull --envName ENV` and import again) before `pulumi up`")
    if "identityPool" in spec:
        ident = found.get("identityPoolId")
        if ident:
            adopt["identityPoolId"] = ident
        else:
            findings.warn("adopt.identityPoolId: no deployed identity pool ID found: as written, `pulumi up` would create a NEW "
                          "identity pool (every identity ID would change). Add authstack:adopt.identityPoolId before `pulumi up`")
    return adopt
