"""The two app clients Gen 1 creates (`native`, `web`): names, flows, OAuth, attributes, secret and token settings,
kept as Gen 1 created them so that Pulumi's import matches."""
from __future__ import annotations

import re
from typing import Any

from authstack.cli.importer.findings import Findings, FollowUp
from authstack.cli.importer.gen1 import Project
from authstack.cli.importer.mapping.hosted_ui import client_oauth
from authstack.cli.importer.mapping.settings import Cfg
from authstack.spec.facts import SOCIAL_PROVIDER_NAMES

# Cognito default when a client is created without ExplicitAuthFlows, as Gen 1 creates both of its clients.
GEN1_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]


def clients(cfg: Cfg, providers: dict, has_domain: bool, findings: Findings) -> dict[str, Any]:
    refresh = cfg.int("userpoolClientRefreshTokenValidity", 30)
    if not 1 <= refresh <= 3650:
        raise cfg.fail("userpoolClientRefreshTokenValidity", f"must be between 1 and 3650 days (got {refresh})")
    base: dict[str, Any] = {"authFlows": list(GEN1_AUTH_FLOWS)}
    oauth = client_oauth(cfg, findings) if has_domain else None
    if oauth:
        base["oauth"] = oauth
    idps = ["COGNITO"] + [SOCIAL_PROVIDER_NAMES[k] for k in providers]
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
    native["generateSecret"] = _native_secret(cfg, findings)
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
    _token_settings(cfg, clients, findings)
    if native["generateSecret"]:
        findings.follow_ups.append(FollowUp(
            key="clients.native.generateSecret", value=True, recommended=False, in_place=False,
            why="the Gen 1 native client has a secret, which every copy of the app carries; a client cannot drop its "
                "secret (it would get a new ID), so add a client without one (e.g. clients.mobile), ship the apps with "
                "its ID, then remove this one and its authstack:adopt.clients entry",
            guardrail="public-client-no-secret"))
    return {k: _order(c) for k, c in clients.items()}


def _native_secret(cfg: Cfg, findings: Findings) -> bool:
    """Whether the deployed native client has a secret. Gen 1 outputs ``AppClientSecret`` only when the client was
    deployed with one (amplify-cli auth-stack-transform: the output's condition ShouldOutputAppClientSecrets is
    ``userpoolClientGenerateSecret == true``), so amplify-meta.json is the record of what AWS has; cli-inputs.json may hold
    an unpushed change. ``generateSecret`` cannot change in place (ForceNew in terraform-provider-aws
    cognito_user_pool_client.go): following the unpushed value would replace the adopted client and change its ID."""
    configured = bool(cfg.bool("userpoolClientGenerateSecret"))
    project = cfg.project
    meta = project.meta or {}
    if not isinstance(meta.get("AppClientID"), str):
        return configured  # no deployed record of the native client: the settings are all there is
    deployed = isinstance(meta.get("AppClientSecret"), str) and bool(meta["AppClientSecret"])
    if deployed != configured:
        has = "has a secret (AppClientSecret is recorded)" if deployed else "has no secret (no AppClientSecret is recorded)"
        findings.warn(f"clients.native.generateSecret: {project.config_file} says userpoolClientGenerateSecret "
                      f"{str(configured).lower()}, but the deployed native client {has} in {project.meta_file}; the import "
                      f"keeps the deployed {str(deployed).lower()} (changing it would replace the client and change its ID; if "
                      f"AppClientSecret was stripped from a committed amplify-meta.json, check the client with `aws "
                      f"cognito-idp describe-user-pool-client`)")
    return deployed


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


def _token_settings(cfg: Cfg, clients: dict[str, dict], findings: Findings) -> None:
    """Token validity and revocation as Gen 1 left them.

    No Gen 1 template (pre-v7 `auth-template.yml.ejs`, v7+ `auth-cognito-stack-builder.ts`) sends TokenValidityUnits,
    AccessTokenValidity, IdTokenValidity or EnableTokenRevocation: only RefreshTokenValidity, in days. So every Gen 1
    client is adopted with `legacyTokenValidity: true`. Token revocation is whatever Cognito gave a client created
    without the setting: on since token revocation launched (June 2021), off for clients created before. A pre-v7
    project (parameters.json) was created by a CLI older than v7 (Nov 2021), most likely before that launch: false.
    A cli-inputs.json project is on, Cognito's default for a new client (one migrated from an older project may
    still be off: the note says how to check).
    """
    pre_v7 = not cfg.project.config_file.endswith("cli-inputs.json")
    for key, client in clients.items():
        client["legacyTokenValidity"] = True
        client["enableTokenRevocation"] = not pre_v7
        findings.follow_ups.append(FollowUp(
            key=f"clients.{key}.legacyTokenValidity", value=True, recommended=False,
            why="Gen 1 sent only refreshTokenValidity (days), without token-validity units; false sends the units "
                "(minutes for access and ID tokens, days for refresh tokens, so the refresh lifetime stays the same) "
                "with accessTokenValidity and idTokenValidity (default 60 minutes, the 1 hour Cognito gives a client "
                "without them), which lets you choose those lifetimes"))
        if pre_v7:
            findings.follow_ups.append(FollowUp(
                key=f"clients.{key}.enableTokenRevocation", value=False, recommended=True,
                why="a client created before June 2021 has token revocation off, so signing out cannot revoke its "
                    "refresh tokens; true turns it on in place (tokens then carry jti/origin_jti claims)",
                guardrail="client-token-revocation"))
    if pre_v7:
        findings.note(f"clients.*.enableTokenRevocation: false: Gen 1 never sets EnableTokenRevocation, and a pre-v7 "
                      f"project ({cfg.project.config_file}) has clients created before Cognito turned it on for new "
                      "clients (June 2021); if `aws cognito-idp describe-user-pool-client` shows EnableTokenRevocation "
                      "true, write true")
    else:
        findings.note("clients.*.enableTokenRevocation: true: Gen 1 never sets EnableTokenRevocation, and Cognito turns "
                      "it on for clients created since June 2021; a project created earlier and migrated to cli-inputs.json "
                      "may have it off: if `aws cognito-idp describe-user-pool-client` shows EnableTokenRevocation false, "
                      "write false for the import and true afterwards (the guardrail client-token-revocation reports it)")


def _order(client: dict) -> dict:
    keys = ("name", "generateSecret", "authFlows", "oauth", "identityProviders", "refreshTokenValidity",
            "legacyTokenValidity", "readAttributes", "writeAttributes", "preventUserExistenceErrors",
            "enableTokenRevocation")
    return {k: client[k] for k in keys if k in client}

