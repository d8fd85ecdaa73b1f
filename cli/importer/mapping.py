"""Gen 1 settings → the `authstack:` spec (plain camelCase data, exactly as the stack file holds it).

Every Gen 1 setting ends up in one of three places: the spec (reproduced), `Findings.unsupported` (with its key and
value, and why), or `Findings.notes` (reproduced with a caveat). Values are written explicitly even where they equal a
spec default, because an adopted resource must match what AWS has, not what authstack would pick for a new stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cli.importer.errors import ImportFailure
from cli.importer.findings import Findings, FollowUp, SecretCommand
from cli.importer.gen1 import Project
from cli.importer.known import CLI_INPUTS_VERSIONS, unknown_keys
from cli.importer.triggers import map_triggers

STANDARD = {
    "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname",
    "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
}
PASSWORD_CHARACTERS = {"Requires Lowercase": "requireLowercase", "Requires Uppercase": "requireUppercase",
                       "Requires Numbers": "requireNumbers", "Requires Symbols": "requireSymbols"}
# Cognito default when a client is created without ExplicitAuthFlows, as Gen 1 creates both of its clients.
GEN1_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]
# User-pool (hosted UI) providers: Cognito name → (spec key, spec type, id key, secret key, scope separator).
SOCIAL = {
    "Facebook": ("facebook", "facebook", "facebookAppIdUserPool", "facebookAppSecretUserPool", ","),
    "Google": ("google", "google", "googleAppIdUserPool", "googleAppSecretUserPool", " "),
    "LoginWithAmazon": ("amazon", "amazon", "loginwithamazonAppIdUserPool", "loginwithamazonAppSecretUserPool", " "),
    "SignInWithApple": ("apple", "apple", "signinwithappleClientIdUserPool", "signinwithapplePrivateKeyUserPool", " "),
}
# Identity-pool federation: Logins key → (spec field, Gen 1 key).
FEDERATION = {
    "graph.facebook.com": ("facebookAppId", "facebookAppId"),
    "accounts.google.com": ("googleClientId", "googleClientId"),
    "www.amazon.com": ("amazonAppId", "amazonAppId"),
    "appleid.apple.com": ("appleServicesId", "appleAppId"),
}
PLACEHOLDER = "REPLACE-ME"


@dataclass
class Cfg:
    """Typed access to the Gen 1 settings: env-specific values (team-provider-info.json) win over shared ones, and a
    value of the wrong type is an `ImportFailure` naming the file and key."""

    project: Project

    def where(self, key: str) -> tuple[str, str]:
        p = self.project
        if key in p.env_params:
            return "amplify/team-provider-info.json", f"{p.env}.categories.auth.{p.resource}.{key}"
        prefix = "cognitoConfig." if p.config_file.endswith("cli-inputs.json") else ""
        return p.config_file, prefix + key

    def raw(self, key: str) -> Any:
        p = self.project
        return p.env_params[key] if key in p.env_params else p.config.get(key)

    def has(self, key: str) -> bool:
        return key in self.project.env_params or key in self.project.config

    def fail(self, key: str, message: str) -> ImportFailure:
        return ImportFailure(*self.where(key), message)

    def str(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key)
        if value is None or value == "":
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string (got {value!r})")
        return value

    def bool(self, key: str, default: bool | None = False) -> bool | None:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false (got {value!r})")
        return value

    def int(self, key: str, default: int | None = None) -> int | None:
        value = self.raw(key)
        if value is None or value == "":
            return default
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number (got {value!r})")
        return value

    def list(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of strings (got {value!r})")
        return value

    def obj(self, key: str) -> Any:
        return self.raw(key)


def build_spec(project: Project, stack: str, findings: Findings) -> dict[str, Any]:
    """The `authstack:` keys (without the namespace) for the project's environment, in stack-file order."""
    cfg = Cfg(project)
    _check_fields(project, findings)
    selection = cfg.str("authSelections", "identityPoolAndUserPool")
    if selection not in ("userPoolOnly", "identityPoolAndUserPool", "identityPoolOnly"):
        raise cfg.fail("authSelections", f"must be userPoolOnly, identityPoolAndUserPool or identityPoolOnly (got {selection!r})")
    spec: dict[str, Any] = {}
    has_user_pool = selection != "identityPoolOnly"
    providers: dict[str, Any] = {}
    if has_user_pool:
        spec["userPool"] = _user_pool(cfg, findings)
        domain = _domain(cfg, findings)
        if domain:
            spec["domain"] = domain
        providers = _providers(cfg, findings)
        if providers:
            spec["identityProviders"] = providers
        spec["clients"] = _clients(cfg, providers, "domain" in spec, findings)
    else:
        # Direct federation only: no user pool, no app clients (`authstack:userPool: false`).
        spec["userPool"] = False
    if selection != "userPoolOnly":
        spec["identityPool"] = _identity_pool(cfg, has_user_pool, bool(project.groups), findings)
    if has_user_pool:
        triggers = map_triggers(project.triggers, findings)
        if triggers:
            spec["triggers"] = triggers
    elif project.triggers:
        findings.cannot(*cfg.where("triggers"), {t.gen1_name: t.modules for t in project.triggers},
                        "triggers run on a user pool and this project has none (identityPoolOnly); left out")
    if has_user_pool:
        _groups(cfg, spec, findings)
    _not_expressible(cfg, findings)
    return spec


# --------------------------------------------------------------------------------------------------- checks
def _check_fields(project: Project, findings: Findings) -> None:
    for key in unknown_keys(project.config):
        prefix = "cognitoConfig." if project.config_file.endswith("cli-inputs.json") else ""
        findings.warn(f"{project.config_file}: {prefix}{key}: unknown Gen 1 field (newer CLI or hand-edited); not imported")
    if project.override_file:
        findings.warn(f"{project.override_file}: `amplify override auth` code can change any setting after "
                      f"{project.config_file}; the importer reads only its PreventUserExistenceErrors: compare the stack "
                      "file with `aws cognito-idp describe-user-pool` / `describe-user-pool-client` before `pulumi preview`")
    if project.config_version is not None and project.config_version not in CLI_INPUTS_VERSIONS:
        findings.warn(f"{project.config_file}: version: {project.config_version!r} is newer than the cli-inputs version this "
                      f"importer knows ({', '.join(sorted(CLI_INPUTS_VERSIONS))}); check the result")


def _not_expressible(cfg: Cfg, findings: Findings) -> None:
    if cfg.bool("adminQueries"):
        findings.cannot(*cfg.where("adminQueries"), True,
                        f"Admin Queries (API Gateway + Lambda, group {cfg.str('adminQueryGroup')!r}) is not part of authstack; "
                        "keep it in Amplify or move it to your API")
    for key in ("googleIos", "googleAndroid", "audiences"):
        value = cfg.obj(key)
        if value:
            findings.cannot(*cfg.where(key), value,
                            "extra Google client IDs go through an OpenID provider made by a custom resource; list the "
                            "issuer under identityPool.federation.oidc by hand if you need it")
    verified = cfg.list("autoVerifiedAttributes")
    if verified and cfg.project.config_file.endswith("cli-inputs.json"):
        findings.cannot(*cfg.where("autoVerifiedAttributes"), verified,
                        "Gen 1 (CLI v7+) also sets UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate to "
                        "these attributes; authstack has no setting for it")
    if cfg.has("useEnabledMfas") and cfg.bool("useEnabledMfas") is False and cfg.str("mfaConfiguration", "OFF") != "OFF":
        findings.note("MFA was set by Amplify's MFA custom resource (useEnabledMfas: false); authstack sets it on the pool")


# ----------------------------------------------------------------------------------------------- user pool
def _user_pool(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    p = cfg.project
    pool: dict[str, Any] = {}
    name = (p.meta or {}).get("UserPoolName") or (f"{cfg.str('userPoolName')}-{p.env}" if cfg.str("userPoolName") else None)
    if name:
        pool["name"] = name
    else:
        findings.warn("userPoolName: not found; the pool name must match the existing pool (set authstack:userPool.name)")
    pool["signIn"] = _sign_in(cfg, findings)
    pool["standardAttributes"] = _standard_attributes(cfg, findings)
    pool["passwordPolicy"] = _password_policy(cfg)
    pool["mfa"] = _mfa(cfg, findings)
    pool["verification"] = _verification(cfg, pool, findings)
    pool["selfSignUp"] = True
    # Gen 1 leaves AccountRecoverySetting unset: Cognito's legacy behaviour is a verified phone first, then email.
    pool["accountRecovery"] = ["verified_phone_number", "verified_email"]
    findings.note("userPool.accountRecovery: Gen 1 left it unset (Cognito's legacy order: verified phone, then email); "
                  "written explicitly")
    # Pools made before Nov 2024 are on the Lite plan; moving up costs money and is a choice, not an import.
    pool["featurePlan"] = "LITE"
    findings.note("userPool.featurePlan: written as LITE; check `aws cognito-idp describe-user-pool` (UserPoolTier) "
                  "and change it if the pool is on ESSENTIALS or PLUS")
    if _needs_sms(pool):
        sms: dict[str, Any] = {"externalId": f"{cfg.str('resourceNameTruncated') or p.resource}_role_external_id"}
        role = (p.meta or {}).get("CreatedSNSRole")
        if role:
            sms["snsCallerArn"] = role
        else:
            findings.note("userPool.sms: the SNS role Amplify created is not known (no CreatedSNSRole in amplify-meta.json); "
                          "authstack creates its own")
        pool["sms"] = sms
    return pool


def _needs_sms(pool: dict) -> bool:
    return bool(pool["mfa"].get("sms")) or "phone_number" in pool["verification"]["attributes"]


def _sign_in(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    username_attrs: list[str] = []
    for value in cfg.list("usernameAttributes"):
        username_attrs += [v.strip() for v in value.split(",") if v.strip()]
    username_attrs = [a for a in username_attrs if a != "username"]
    for a in username_attrs:
        if a not in ("email", "phone_number"):
            raise cfg.fail("usernameAttributes", f"unknown username attribute {a!r} (expected email or phone_number)")
    sign_in: dict[str, Any]
    if username_attrs:
        sign_in = {"username": False, "email": "email" in username_attrs, "phone": "phone_number" in username_attrs}
        aliases = cfg.list("aliasAttributes")
        if aliases:
            findings.cannot(*cfg.where("aliasAttributes"), aliases,
                            "ignored: Cognito does not allow alias attributes together with username attributes")
    else:
        aliases = cfg.list("aliasAttributes")
        for a in aliases:
            if a not in ("email", "phone_number", "preferred_username"):
                raise cfg.fail("aliasAttributes", f"unknown alias attribute {a!r}")
        sign_in = {"username": True, "email": "email" in aliases, "phone": "phone_number" in aliases,
                   "preferredUsername": "preferred_username" in aliases}
    stated = cfg.bool("usernameCaseSensitive", None)
    if stated is not None:
        sign_in["caseSensitive"] = stated
    else:
        # Gen 1 sends UsernameConfiguration only when the project states usernameCaseSensitive. Without it the pool
        # has no such setting (usernames compare case-sensitively), and sending any value would replace the pool.
        sign_in["caseSensitive"] = None
        findings.note("userPool.signIn.caseSensitive: null (left out): this project does not state usernameCaseSensitive, "
                      "so Gen 1 created the pool without UsernameConfiguration (usernames are case-sensitive) and setting "
                      "it now would replace the pool; `aws cognito-idp describe-user-pool` shows no UsernameConfiguration")
    return sign_in


def _standard_attributes(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    out = {}
    for attr in cfg.list("requiredAttributes"):
        if attr in STANDARD:
            out[attr] = {"required": True, "mutable": True}
        else:
            findings.cannot(*cfg.where("requiredAttributes"), attr, "not a standard attribute; cannot be required")
    return dict(sorted(out.items()))


def _password_policy(cfg: Cfg) -> dict[str, Any]:
    chars = cfg.list("passwordPolicyCharacters")
    for c in chars:
        if c not in PASSWORD_CHARACTERS:
            raise cfg.fail("passwordPolicyCharacters", f"unknown value {c!r} (expected {', '.join(PASSWORD_CHARACTERS)})")
    length = cfg.int("passwordPolicyMinLength", 8)
    if not 6 <= length <= 99:
        raise cfg.fail("passwordPolicyMinLength", f"must be between 6 and 99 (got {length})")
    policy: dict[str, Any] = {"minimumLength": length}
    for label, key in PASSWORD_CHARACTERS.items():
        policy[key] = label in chars
    policy["temporaryPasswordValidityDays"] = 7
    return policy


def _mfa(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    mode = cfg.str("mfaConfiguration", "OFF").upper()
    if mode not in ("OFF", "ON", "OPTIONAL"):
        raise cfg.fail("mfaConfiguration", f"must be OFF, ON or OPTIONAL (got {mode!r})")
    types = cfg.list("mfaTypes")
    for t in types:
        if t not in ("SMS Text Message", "TOTP"):
            raise cfg.fail("mfaTypes", f"unknown MFA type {t!r} (expected 'SMS Text Message' or 'TOTP')")
    if mode == "OFF":
        if types and not cfg.has("useEnabledMfas"):
            findings.note(f"userPool.mfa: OFF; the MFA types listed for later ({', '.join(types)}) are not enabled")
        return {"mode": "OFF"}
    mfa: dict[str, Any] = {"mode": mode, "totp": "TOTP" in types, "sms": "SMS Text Message" in types}
    if not (mfa["totp"] or mfa["sms"]):
        raise cfg.fail("mfaTypes", f"mfaConfiguration is {mode} but no MFA type is enabled")
    message = cfg.str("smsAuthenticationMessage")
    if mfa["sms"] and message:
        if "{####}" in message:
            mfa["smsMessage"] = message
        else:
            findings.cannot(*cfg.where("smsAuthenticationMessage"), message, "must contain {####}; Cognito's default is used")
    return mfa


def _verification(cfg: Cfg, pool: dict, findings: Findings) -> dict[str, Any]:
    attrs = cfg.list("autoVerifiedAttributes")
    for a in attrs:
        if a not in ("email", "phone_number"):
            raise cfg.fail("autoVerifiedAttributes", f"unknown attribute {a!r} (expected email or phone_number)")
    out: dict[str, Any] = {"attributes": attrs, "method": "code"}
    if "email" in attrs:  # Gen 1 sets the email texts only when email is verified
        for key, spec_key in (("emailVerificationSubject", "emailSubject"), ("emailVerificationMessage", "emailMessage")):
            value = cfg.str(key)
            if value is None:
                continue
            if spec_key == "emailMessage" and "{####}" not in value:
                findings.cannot(*cfg.where(key), value, "must contain {####}; Cognito's default is used")
                continue
            out[spec_key] = value
    sms_on = pool["mfa"].get("sms") or "phone_number" in attrs
    message = cfg.str("smsVerificationMessage")
    if sms_on and message:
        if "{####}" in message:
            out["smsMessage"] = message
        else:
            findings.cannot(*cfg.where("smsVerificationMessage"), message, "must contain {####}; Cognito's default is used")
    return out


# ----------------------------------------------------------------------------------------- hosted UI, clients
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


def _domain(cfg: Cfg, findings: Findings) -> dict[str, Any] | None:
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


def _providers(cfg: Cfg, findings: Findings) -> dict[str, Any]:
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
        # Never copied: a secure placeholder keeps the file valid and makes `pulumi up` fail until the real secret is set.
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


def _clients(cfg: Cfg, providers: dict, has_domain: bool, findings: Findings) -> dict[str, Any]:
    refresh = cfg.int("userpoolClientRefreshTokenValidity", 30)
    if not 1 <= refresh <= 3650:
        raise cfg.fail("userpoolClientRefreshTokenValidity", f"must be between 1 and 3650 days (got {refresh})")
    base: dict[str, Any] = {"authFlows": list(GEN1_AUTH_FLOWS)}
    oauth = _client_oauth(cfg, findings) if has_domain else None
    if oauth:
        base["oauth"] = oauth
    cognito_names = {"facebook": "Facebook", "google": "Google", "amazon": "LoginWithAmazon", "apple": "SignInWithApple"}
    idps = ["COGNITO"] + [cognito_names[k] for k in providers]
    if oauth is None and len(idps) > 1:
        findings.warn("clients: social providers without OAuth settings cannot sign in; providers not attached to clients")
        idps = ["COGNITO"]
    base["identityProviders"] = idps
    base["refreshTokenValidity"] = refresh
    if cfg.bool("userpoolClientSetAttributes"):
        base["readAttributes"] = cfg.list("userpoolClientReadAttributes")
        base["writeAttributes"] = cfg.list("userpoolClientWriteAttributes")
    web = dict(base)
    web["generateSecret"] = False
    native = dict(base)
    native["generateSecret"] = bool(cfg.bool("userpoolClientGenerateSecret"))
    findings.note("clients: Gen 1 creates both clients without ExplicitAuthFlows, which Cognito reads as SRP, refresh and "
                  "custom auth; written explicitly")
    clients = {"native": native, "web": web}
    for key, name in _client_names(cfg, findings).items():
        clients[key]["name"] = name
    for key, enabled in _prevent_user_existence_errors(cfg.project, findings).items():
        clients[key]["preventUserExistenceErrors"] = enabled
        if not enabled:
            findings.follow_ups.append(FollowUp(
                key=f"clients.{key}.preventUserExistenceErrors", value=False, recommended=True,
                why="Gen 1 left the client on LEGACY error responses, which tell an attacker whether a username exists; "
                    "ENABLED answers the same way for unknown users (apps that show \"user not found\" then see "
                    "\"incorrect username or password\")",
                guardrail="client-prevent-user-existence-errors"))
    if native["generateSecret"]:
        findings.follow_ups.append(FollowUp(
            key="clients.native.generateSecret", value=True, recommended=False, in_place=False,
            why="the Gen 1 native client has a secret, which every copy of the app carries; a client cannot drop its "
                "secret (it would get a new ID), so add a client without one (e.g. clients.mobile), ship the apps with "
                "its ID, then remove this one and its authstack:adopt.clients entry",
            guardrail="public-client-no-secret"))
    return {k: _order(c) for k, c in clients.items()}


def _client_names(cfg: Cfg, findings: Findings) -> dict[str, str]:
    """The Cognito names Gen 1 gave its clients. CLI v7+ (and late pre-v7 templates) name them
    ``<resourceNameTruncated>_app_client`` / ``..._app_clientWeb``; the earliest templates used ``userpoolClientName``
    for the native client and that name plus ``Web`` for the web client. amplify-meta.json records no client names."""
    base = cfg.str("userpoolClientName")
    if base:
        return {"native": base, "web": f"{base}Web"}
    truncated = cfg.str("resourceNameTruncated")
    if truncated:
        return {"native": f"{truncated}_app_client", "web": f"{truncated}_app_clientWeb"}
    findings.warn("clients: the Gen 1 client names are not known (no resourceNameTruncated or userpoolClientName); "
                  "the import would rename the clients to <stack name>-<key>: set clients.native.name and clients.web.name "
                  "to the names `aws cognito-idp list-user-pool-clients` shows")
    return {}


# `resources.userPoolClient.preventUserExistenceErrors = 'ENABLED'` or `.addPropertyOverride('PreventUserExistenceErrors', ...)`
_OVERRIDE_PUEE = re.compile(
    r"\b(userPoolClientWeb|userPoolClient)\b\s*!?\s*\.\s*(?:preventUserExistenceErrors\s*=\s*|"
    r"addPropertyOverride\(\s*['\"]PreventUserExistenceErrors['\"]\s*,\s*)['\"`](ENABLED|LEGACY)['\"`]")
_OVERRIDE_CLIENTS = {"userPoolClient": "native", "userPoolClientWeb": "web"}


def _prevent_user_existence_errors(project: Project, findings: Findings) -> dict[str, bool]:
    """Gen 1 never sets PreventUserExistenceErrors, so Cognito created both clients with LEGACY; only the project's
    override.ts can have changed that."""
    values = {"native": False, "web": False}
    text = project.override_text
    if text is None:
        return values
    matched = False
    for m in _OVERRIDE_PUEE.finditer(text):
        values[_OVERRIDE_CLIENTS[m.group(1)]] = m.group(2) == "ENABLED"
        matched = True
    if not matched and "preventuserexistenceerrors" in text.lower():
        findings.warn(f"{project.override_file}: sets PreventUserExistenceErrors in a way the importer cannot read; "
                      "clients written as LEGACY (preventUserExistenceErrors: false): check with "
                      "`aws cognito-idp describe-user-pool-client` and correct the stack file before `pulumi preview`")
    return values


def _order(client: dict) -> dict:
    keys = ("name", "generateSecret", "authFlows", "oauth", "identityProviders", "refreshTokenValidity", "readAttributes",
            "writeAttributes", "preventUserExistenceErrors")
    return {k: client[k] for k in keys if k in client}


def _client_oauth(cfg: Cfg, findings: Findings) -> dict[str, Any] | None:
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
    oauth: dict[str, Any] = {"flows": flows}
    if scopes:
        oauth["scopes"] = scopes
    oauth["callbackUrls"] = callbacks
    oauth["logoutUrls"] = logouts
    return oauth


# ------------------------------------------------------------------------------------------- identity pool
def _identity_pool(cfg: Cfg, has_user_pool: bool, has_groups: bool, findings: Findings) -> dict[str, Any]:
    p = cfg.project
    pool: dict[str, Any] = {}
    name = (p.meta or {}).get("IdentityPoolName") or (
        f"{cfg.str('identityPoolName')}__{p.env}" if cfg.str("identityPoolName") else None)
    if name:
        pool["name"] = name
    else:
        findings.warn("identityPoolName: not found; renaming an identity pool replaces it (set authstack:identityPool.name)")
    pool["allowGuestAccess"] = bool(cfg.bool("allowUnauthenticatedIdentities"))
    if has_user_pool:
        pool["userPoolClients"] = ["native", "web"]
    # Gen 1 does not set ServerSideTokenCheck (false); turning it on is a later, deliberate change.
    if has_user_pool:
        pool["serverSideTokenCheck"] = False
        findings.follow_ups.append(FollowUp(
            key="identityPool.serverSideTokenCheck", value=False, recommended=True,
            why="with the check on, the identity pool refuses tokens of users signed out globally",
            guardrail="server-side-token-check"))
    federation: dict[str, Any] = {}
    for logins_key in cfg.list("authProviders"):
        if logins_key not in FEDERATION:
            findings.cannot(*cfg.where("authProviders"), logins_key, "not an identity-pool provider authstack knows")
            continue
        field_name, gen1_key = FEDERATION[logins_key]
        value = cfg.str(gen1_key)
        if value:
            federation[field_name] = value
        else:
            findings.warn(f"identityPool.federation.{field_name}: {logins_key} is enabled but {gen1_key} is not set for env "
                          f"{p.env!r}; left out")
    if federation:
        pool["federation"] = dict(sorted(federation.items()))
    roles = _amplify_roles(cfg, findings)
    if roles:
        pool["roles"] = roles
    if has_groups and has_user_pool:
        # Gen 1's group stack maps both clients' users to their group role by token, falling back to the auth role.
        pool["roleMappings"] = [
            {"provider": f"userPool:{c}", "type": "Token", "ambiguousRoleResolution": "AuthenticatedRole"}
            for c in ("native", "web")
        ]
        for i in range(2):
            findings.follow_ups.append(FollowUp(
                key=f"identityPool.roleMappings[{i}].ambiguousRoleResolution", value="AuthenticatedRole",
                recommended="Deny", why="Gen 1's groups fall back to the auth role when a user's groups give no single "
                                        "role; Deny never hands out a broader role silently",
                guardrail="role-mapping-deny"))
    if not has_user_pool and not federation and not pool["allowGuestAccess"]:
        findings.warn("identityPool: no provider left (no user pool, no federation, no guests); the stack will not validate")
    return pool


# Gen 1 role keys: amplify-meta.json `providers.awscloudformation` and team-provider-info.json `<env>.awscloudformation`.
ROLE_KEYS = (("authenticated", "AuthRoleArn", "AuthRoleName"), ("unauthenticated", "UnauthRoleArn", "UnauthRoleName"))
ROLE_ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+")


def _amplify_roles(cfg: Cfg, findings: Findings) -> dict[str, Any]:
    """``identityPool.roles`` that keep the Amplify root stack's auth/unauth roles (and every policy other Amplify
    categories attached to them), or {} with a finding when their ARNs are not known."""
    p = cfg.project
    tpi = "amplify/team-provider-info.json"
    roles: dict[str, Any] = {}
    missing = []
    for role, arn_key, name_key in ROLE_KEYS:
        from_meta = p.meta_provider.get(arn_key) if isinstance(p.meta_provider.get(arn_key), str) else None
        from_tpi = p.cloudformation.get(arn_key) if isinstance(p.cloudformation.get(arn_key), str) else None
        if from_meta and from_tpi and from_meta != from_tpi:
            findings.warn(f"{tpi}: {p.env}.awscloudformation.{arn_key} is {from_tpi!r} but amplify-meta.json says "
                          f"{from_meta!r}; using amplify-meta.json (the deployed record)")
        arn = from_meta or from_tpi
        if arn and not ROLE_ARN.fullmatch(arn):
            findings.warn(f"identityPool.roles.{role}: {arn_key} {arn!r} is not an IAM role ARN authstack accepts "
                          "(arn:aws:iam::<account>:role/<name>); the role is not adopted")
            arn = None
        if arn:
            roles[role] = {"arn": arn}
        else:
            missing.append((role, arn_key, name_key, p.cloudformation.get(name_key) or p.meta_provider.get(name_key)))
    guests = bool(cfg.bool("allowUnauthenticatedIdentities"))
    needed = [m for m in missing if m[0] == "authenticated" or guests]
    if not needed:
        findings.note("identityPool.roles: the Amplify auth/unauth roles are used as they are (roles.<name>.arn), with "
                      "every policy other Amplify categories (storage, api, analytics) attached to them; they belong to the "
                      "Amplify root stack, which must retain them (see the runbook)")
        if "unauthenticated" in roles and not guests:
            findings.note("identityPool.roles.unauthenticated: Gen 1 attaches the unauth role even without guest access; "
                          "authstack attaches it only while allowGuestAccess is true (no identity can receive it either way)")
        return roles
    names = {name_key: name for _, _, name_key, name in needed if name}
    which = " and ".join(r for r, *_ in needed)
    findings.cannot(tpi, f"{p.env}.awscloudformation." + "/".join(k for _, k, *_ in needed), names or None,
                    f"the Amplify {which} role ARN is not in the project (neither amplify-meta.json "
                    "providers.awscloudformation nor team-provider-info.json has it): authstack would create its own role, "
                    "without the policies other Amplify categories (storage, api, analytics) attached to the Amplify one; "
                    "set " + ", ".join(f"identityPool.roles.{r}.arn" for r, *_ in needed) + " to the existing role "
                    "(`aws iam get-role --role-name <name>`) before `pulumi up`")
    return roles


# -------------------------------------------------------------------------------------------------- groups
def _groups(cfg: Cfg, spec: dict, findings: Findings) -> None:
    p = cfg.project
    groups: dict[str, Any] = {}
    listed = cfg.list("userPoolGroupList")
    for i, g in enumerate(p.groups):
        name = g["groupName"]
        entry: dict[str, Any] = {}
        if g.get("precedence") is not None:
            entry["precedence"] = g["precedence"]
        statements = _statements(g.get("customPolicies"), p.groups_file, f"[{i}].customPolicies", findings)
        if statements:
            if "identityPool" in spec:
                entry["policyStatements"] = statements
            else:
                findings.cannot(p.groups_file, f"[{i}].customPolicies", g.get("customPolicies"),
                                "a group role needs an identity pool, and this project has none")
        groups[name] = entry
    for name in listed:
        groups.setdefault(name, {})
    if not groups:
        return
    roles = {name: p.meta_groups.get(f"{name}GroupRole") for name in groups}
    roles = {name: arn for name, arn in roles.items() if isinstance(arn, str) and arn}
    for name, arn in sorted(roles.items()):
        if not ROLE_ARN.fullmatch(arn):
            findings.cannot(p.meta_file or "amplify/#current-cloud-backend/amplify-meta.json",
                            f"auth.userPoolGroups.output.{name}GroupRole", arn,
                            "not an IAM role ARN authstack can adopt (aws partition only)")
            continue
        # The Gen 1 role already carries the group's customPolicies and whatever other categories attached: keep it.
        groups[name].pop("policyStatements", None)
        groups[name]["roleArn"] = arn
    if p.groups and len(roles) < len(p.groups):
        findings.note("userPool.groups: Gen 1 gives every group an IAM role (userPoolGroups stack); groups whose role "
                      "ARN is not in amplify-meta.json get a new role only if they have customPolicies")
    spec["userPool"]["groups"] = groups


def _statements(policies: Any, file: str | None, key: str, findings: Findings) -> list[dict[str, Any]]:
    if not policies:
        return []
    out = []
    if not isinstance(policies, list):
        raise ImportFailure(file or "user-pool-group-precedence.json", key, f"must be a list (got {policies!r})")
    for j, policy in enumerate(policies):
        doc = policy.get("PolicyDocument") if isinstance(policy, dict) else None
        statements = doc.get("Statement") if isinstance(doc, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        if not isinstance(statements, list):
            findings.cannot(file, f"{key}[{j}]", policy, "not a policy document authstack can read")
            continue
        for k, s in enumerate(statements):
            if not isinstance(s, dict) or set(s) - {"Effect", "Action", "Resource", "Condition", "Sid"}:
                findings.cannot(file, f"{key}[{j}].PolicyDocument.Statement[{k}]", s,
                                "only Effect, Action, Resource and Condition can be expressed")
                continue
            actions = s.get("Action")
            resources = s.get("Resource")
            actions = [actions] if isinstance(actions, str) else actions
            resources = [resources] if isinstance(resources, str) else resources
            if not actions or not resources or not all(isinstance(a, str) for a in actions + resources):
                findings.cannot(file, f"{key}[{j}].PolicyDocument.Statement[{k}]", s,
                                "needs string Action and Resource (CloudFormation functions cannot be expressed)")
                continue
            item: dict[str, Any] = {"effect": s.get("Effect", "Allow"), "actions": actions, "resources": resources}
            if s.get("Condition"):
                item["conditions"] = s["Condition"]
            out.append(item)
    return out
