"""The user pool: name, sign-in, attributes, password policy, MFA, verification, SMS, as Gen 1 created them."""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.findings import Findings, FollowUp
from authstack.cli.importer.mapping.settings import Cfg
from authstack.spec.facts import STANDARD_ATTRIBUTES

STANDARD = frozenset(STANDARD_ATTRIBUTES)
PASSWORD_CHARACTERS = {"Requires Lowercase": "requireLowercase", "Requires Uppercase": "requireUppercase",
                       "Requires Numbers": "requireNumbers", "Requires Symbols": "requireSymbols"}


def user_pool(cfg: Cfg, findings: Findings) -> dict[str, Any]:
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
    # CLI v7+ sets UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate to autoVerifiedAttributes, which
    # is what keepOriginalUntilVerified: true sends; the pre-v7 templates (parameters.json) never set it.
    keep = cfg.project.config_file.endswith("cli-inputs.json")
    out["keepOriginalUntilVerified"] = keep
    if not keep and attrs:
        findings.follow_ups.append(FollowUp(
            key="userPool.verification.keepOriginalUntilVerified", value=False, recommended=True,
            why="the pre-v7 Gen 1 template does not set UserAttributeUpdateSettings, so a user who changes a verified "
                f"{' or '.join(a.replace('_', ' ') for a in attrs)} loses the verified value (and sign-in with it) before "
                "the new one is verified; true keeps the original until then, an in-place pool update"))
    return out

