"""The hosted UI: the Cognito domain, and the OAuth settings both Gen 1 clients share."""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.findings import Findings
from authstack.cli.importer.mapping.settings import Cfg
from authstack.spec.facts import STANDARD_SCOPES


def _oauth_metadata(cfg: Cfg) -> dict[str, Any] | None:
    meta = cfg.obj("oAuthMetadata")
    if meta is None:
        if cfg.obj("AllowedOAuthFlows") is None:
            return None
        meta = {"AllowedOAuthFlows": cfg.obj("AllowedOAuthFlows"), "AllowedOAuthScopes": cfg.obj("AllowedOAuthScopes"),
                "CallbackURLs": cfg.obj("newCallbackURLs"), "LogoutURLs": cfg.obj("newLogoutURLs")}
    if not isinstance(meta, dict):
        raise cfg.fail("oAuthMetadata", f"must be an object (got {meta!r})")
    return meta


def domain(cfg: Cfg, findings: Findings) -> dict[str, Any] | None:
    p = cfg.project
    if not cfg.bool("hostedUI") and not cfg.str("hostedUIDomainName"):
        return None
    prefix = (p.meta or {}).get("HostedUIDomain")
    if not prefix and p.exports:
        host = ((p.exports.get("oauth") or {}).get("domain") or "")
        prefix = host.split(".auth.", 1)[0] if ".auth." in host and host.endswith(".amazoncognito.com") else None
    if not prefix:
        base = cfg.str("hostedUIDomainName")
        if not base:
            findings.warn("hostedUIDomainName: hosted UI is on but no domain prefix was found; hosted UI left out")
            return None
        prefix = f"{base}-{p.env}"  # Gen 1 suffixes the domain with the environment name
    return {"prefix": prefix}



def client_oauth(cfg: Cfg, findings: Findings) -> dict[str, Any] | None:
    meta = _oauth_metadata(cfg)
    if meta is None:
        return None
    flows = meta.get("AllowedOAuthFlows") or ["code"]
    flows = [flows] if isinstance(flows, str) else flows
    scopes = meta.get("AllowedOAuthScopes") or []
    callbacks = meta.get("CallbackURLs") or []
    logouts = meta.get("LogoutURLs") or []
    for key, value in (("AllowedOAuthFlows", flows), ("AllowedOAuthScopes", scopes), ("CallbackURLs", callbacks),
                       ("LogoutURLs", logouts)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ImportFailure(cfg.where("oAuthMetadata")[0], f"{cfg.where('oAuthMetadata')[1]}.{key}",
                                f"must be a list of strings (got {value!r})")
    bad = [f for f in flows if f not in ("code", "implicit")]
    if bad:
        raise ImportFailure(cfg.where("oAuthMetadata")[0], f"{cfg.where('oAuthMetadata')[1]}.AllowedOAuthFlows",
                            f"unknown flow(s) {bad} (expected code or implicit)")
    if not callbacks:
        findings.cannot(*cfg.where("oAuthMetadata"), meta, "OAuth without callback URLs cannot be expressed; left out")
        return None
    custom = [s for s in scopes if s not in STANDARD_SCOPES]
    if custom:
        # Gen 1 has no resource servers; a scope of one made outside Amplify would be refused (spec: unknown scope).
        findings.cannot(*cfg.where("oAuthMetadata"), custom,
                        "custom scopes belong to a resource server Amplify Gen 1 does not manage: declare it under "
                        "authstack:resourceServers and add the scopes back to the client's oauth.scopes; left out")
        scopes = [s for s in scopes if s in STANDARD_SCOPES]
    oauth: dict[str, Any] = {"flows": flows}
    if scopes:
        oauth["scopes"] = scopes
    oauth["callbackUrls"] = callbacks
    oauth["logoutUrls"] = logouts
    return oauth

