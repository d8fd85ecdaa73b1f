"""Hosted-UI social providers (Facebook, Google, Login with Amazon, Sign in with Apple) with their client IDs; their
secrets are never copied, only the command that sets them is reported."""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.findings import Findings, SecretCommand
from authstack.cli.importer.mapping.settings import PLACEHOLDER, Cfg

# User-pool (hosted UI) providers: Cognito name → (spec key, spec type, id key, secret key, scope separator).
SOCIAL = {
    "Facebook": ("facebook", "facebook", "facebookAppIdUserPool", "facebookAppSecretUserPool", ","),
    "Google": ("google", "google", "googleAppIdUserPool", "googleAppSecretUserPool", " "),
    "LoginWithAmazon": ("amazon", "amazon", "loginwithamazonAppIdUserPool", "loginwithamazonAppSecretUserPool", " "),
    "SignInWithApple": ("apple", "apple", "signinwithappleClientIdUserPool", "signinwithapplePrivateKeyUserPool", " "),
}


def providers(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    metas = cfg.obj("hostedUIProviderMeta") or []
    if not isinstance(metas, list):
        raise cfg.fail("hostedUIProviderMeta", f"must be a list of providers (got {metas!r})")
    names = list(cfg.list("authProvidersUserPool"))
    by_name = {}
    for i, m in enumerate(metas):
        if not isinstance(m, dict) or not isinstance(m.get("ProviderName"), str):
            raise ImportFailure(*cfg.where("hostedUIProviderMeta"), f"item {i} needs a ProviderName")
        by_name[m["ProviderName"]] = m
        if m["ProviderName"] not in names:
            names.append(m["ProviderName"])
    creds = cfg.obj("hostedUIProviderCreds") or []
    creds_by_name = {c.get("ProviderName"): c for c in creds if isinstance(c, dict)} if isinstance(creds, list) else {}
    out: dict[str, Any] = {}
    for name in names:
        if name not in SOCIAL:
            findings.cannot(*cfg.where("authProvidersUserPool"), name, "not a hosted-UI provider authstack knows")
            continue
        key, typ, id_key, secret_key, sep = SOCIAL[name]
        meta = by_name.get(name, {})
        cred = creds_by_name.get(name, {})
        provider: dict[str, Any] = {"type": typ}
        client_id = cfg.str(id_key) or (cred.get("client_id") if isinstance(cred.get("client_id"), str) else None)
        if name == "SignInWithApple":
            provider["servicesId"] = client_id or PLACEHOLDER
            provider["teamId"] = cfg.str("signinwithappleTeamIdUserPool") or cred.get("team_id") or PLACEHOLDER
            provider["keyId"] = cfg.str("signinwithappleKeyIdUserPool") or cred.get("key_id") or PLACEHOLDER
            secret_field, hint = "privateKey", "<Sign in with Apple private key (.p8 contents)>"
        else:
            provider["clientId"] = client_id or PLACEHOLDER
            secret_field, hint = "clientSecret", f"<{name} client secret>"
        if not client_id:
            findings.warn(f"identityProviders.{key}: no {name} client ID for env {cfg.project.env!r} in the project; "
                          f"written as {PLACEHOLDER}")
        # Never copied: a secure placeholder, which every command but the importer's own check refuses (naming this key
        # and the command to run) until the real secret is set.
        provider[secret_field] = {"secure": f"{PLACEHOLDER}: set with pulumi config set --secret --path 'authstack:identityProviders.{key}.{secret_field}'"}
        found = None
        if cfg.str(secret_key) or (isinstance(cred, dict) and (cred.get("client_secret") or cred.get("private_key"))):
            found = cfg.where(secret_key if cfg.has(secret_key) else "hostedUIProviderCreds")[0]
        findings.secrets.append(SecretCommand(path=f"identityProviders.{key}.{secret_field}", hint=hint, found_in=found))
        scopes = meta.get("authorize_scopes")
        if isinstance(scopes, str) and scopes.strip():
            parts = [s for s in scopes.replace(",", " ").split() if s]
            provider["scopes"] = parts
        mapping = meta.get("AttributeMapping")
        if isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values()):
            provider["attributeMapping"] = dict(sorted(mapping.items()))
        out[key] = provider
    return out

