"""Gen 1 trigger templates → authstack trigger steps.

Gen 1 runs one Lambda per trigger that loads every module named in its ``MODULES`` variable. Each template with a
built-in counterpart becomes a ``use:`` step with the template's settings (read from the function's parameters.json or
team-provider-info.json); everything else becomes a ``handler:`` step at the Gen 1 source path with ``.py`` instead of
``.js``, which you write (port) before ``pulumi up``. Gen 1 runs modules in parallel; authstack runs steps in order,
stopping at the first rejection, which is the same outcome for checks that only reject.
"""
from __future__ import annotations

import json
import re
from typing import Any

from authstack.cli.importer.findings import Findings, Port
from authstack.cli.importer.gen1 import Trigger
from authstack.functions.settings import SettingError, check_web_url

# Gen 1 trigger (category) names → Cognito trigger names as the spec keys them.
TRIGGER_NAMES = {
    "PreSignup": "preSignUp", "PreAuthentication": "preAuthentication", "PostConfirmation": "postConfirmation",
    "PostAuthentication": "postAuthentication", "PreTokenGeneration": "preTokenGeneration",
    "CustomMessage": "customMessage", "DefineAuthChallenge": "defineAuthChallenge",
    "CreateAuthChallenge": "createAuthChallenge", "VerifyAuthChallengeResponse": "verifyAuthChallengeResponse",
    "UserMigration": "userMigration",
}
# Template names across CLI versions (whitelist/blacklist → allowlist/denylist, then "-legacy" copies) and the
# environment variable each read its list from.
ALLOWLIST = {"email-filter-allowlist": "DOMAINALLOWLIST", "email-filter-allowlist-legacy": "DOMAINWHITELIST",
             "email-filter-whitelist": "DOMAINWHITELIST", "email-filter-allow-list": "DOMAINALLOWLIST"}
DENYLIST = {"email-filter-denylist": "DOMAINDENYLIST", "email-filter-denylist-legacy": "DOMAINBLACKLIST",
            "email-filter-blacklist": "DOMAINBLACKLIST", "email-filter-blocklist": "DOMAINDENYLIST",
            "email-filter-deny-list": "DOMAINDENYLIST"}
# Templates with no built-in: why, for the report.
NO_BUILTIN = {
    "custom": "your own code",
    "captcha-define-challenge": "reCAPTCHA custom challenge (no built-in; email-otp-challenge is a different challenge)",
    "captcha-create-challenge": "reCAPTCHA custom challenge",
    "captcha-verify": "reCAPTCHA custom challenge (its RECAPTCHASECRET must move to a secret store, never an env var)",
    "boilerplate-define-challenge": "custom-challenge scaffolding",
    "boilerplate-create-challenge": "custom-challenge scaffolding",
    "boilerplate-verify": "custom-challenge scaffolding",
    "email": "post-confirmation email through SES",
    "autoconfirm": "auto-confirm every user (the auto-confirm built-in confirms listed domains only)",
    "autoconfirm-domain": "auto-confirm by custom:domain attribute",
}


def map_triggers(triggers: list[Trigger], findings: Findings) -> dict[str, dict[str, Any]]:
    """Spec `triggers` section (trigger name → {steps: [...]}) for the Gen 1 trigger functions."""
    out: dict[str, dict[str, Any]] = {}
    for trig in triggers:
        name = TRIGGER_NAMES.get(trig.gen1_name)
        where = trig.params_file or trig.function_dir
        if name is None:
            findings.cannot(where, f"triggers.{trig.gen1_name}", trig.modules, "not a Cognito trigger authstack knows")
            continue
        if not trig.modules:
            findings.warn(f"triggers.{trig.gen1_name}: no templates listed; trigger left out")
            continue
        steps = [_step(trig, name, module, findings) for module in trig.modules]
        trigger: dict[str, Any] = {"steps": steps}
        if name == "preTokenGeneration":
            # Gen 1 attaches the function as a bare ARN, which Cognito runs with V1_0 events (ID token only).
            trigger["version"] = "V1_0"
        out[name] = trigger
    if {"defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse"} & set(out):
        # Gen 1's passwordless was a custom-auth chain; Cognito now offers it natively (choice-based sign-in).
        findings.note("triggers: Gen 1 signs in with custom auth challenges; Cognito's own passwordless sign-in "
                      "(userPool.passwordless firstFactors EMAIL_OTP, SMS_OTP or WEB_AUTHN, with ALLOW_USER_AUTH on the "
                      "app's client) can replace a one-time-code chain once the app uses choice-based sign-in")
    return out


def _step(trig: Trigger, name: str, module: str, findings: Findings) -> dict[str, Any]:
    where = trig.params_file or f"{trig.function_dir}/parameters.json"
    if module in ALLOWLIST or module in DENYLIST:
        var = ALLOWLIST.get(module) or DENYLIST[module]
        raw = trig.params.get(var)
        if raw is None:  # the older and newer variable names were both used by some CLI versions
            raw = trig.params.get(var.replace("ALLOW", "WHITE").replace("DENY", "BLACK")) or trig.params.get(
                var.replace("WHITE", "ALLOW").replace("BLACK", "DENY"))
        domains = [d.strip() for d in str(raw or "").split(",") if d.strip()]
        if domains:
            use = "email-domain-allowlist" if module in ALLOWLIST else "email-domain-denylist"
            # Gen 1 compares the domain exactly: keep subdomains off to behave the same.
            return {"use": use, "with": {"domains": domains, "subdomains": False}}
        findings.cannot(where, var, raw, f"{module}: no domains listed; ported as custom code instead")
    elif module == "add-to-group":
        group = trig.params.get("GROUP")
        if isinstance(group, str) and group.strip():
            findings.note(f"triggers.{name}: add-to-group now runs on sign-up confirmation only (Gen 1 also re-added "
                          "users on password reset); set with.triggerSources to change that")
            return {"use": "add-to-group", "with": {"group": group.strip()}}
        findings.cannot(where, "GROUP", group, "add-to-group: no group name; ported as custom code instead")
    elif module == "verification-link":
        step = _verification_link(trig, where, findings)
        if step is not None:
            return step
    elif module == "alter-claims":
        step = _alter_claims(trig, findings)
        if step is not None:
            return step
    else:
        reason = NO_BUILTIN.get(module)
        if reason is None:
            findings.warn(f"triggers.{trig.gen1_name}: unknown template {module!r}; treated as custom code")
        elif module != "custom":
            findings.cannot(f"{trig.function_dir}/src/{module}.js", f"triggers.{trig.gen1_name}", module,
                            f"no built-in for {reason}; port it")
    return _port(trig, name, module, findings)


def _port(trig: Trigger, name: str, module: str, findings: Findings) -> dict[str, Any]:
    py = re.sub(r"\W", "_", module)
    if not py.isidentifier():
        py = f"m_{py}"
    handler = f"{trig.function_dir}/src/{py}.py"
    findings.ports.append(Port(trigger=name, module=module, source=f"{trig.function_dir}/src/{module}.js", handler=handler))
    return {"handler": handler}


def _verification_link(trig: Trigger, where: str, findings: Findings) -> dict[str, Any] | None:
    url = trig.params.get("REDIRECTURL")
    try:
        # The same rule the built-in applies when it is packaged: https, http only for localhost.
        check_web_url(url if isinstance(url, str) else "", "REDIRECTURL")
    except SettingError:
        findings.cannot(where, "REDIRECTURL", url, "verification-link needs an https page; ported as custom code instead")
        return None
    subject = trig.params.get("EMAILSUBJECT") or "Verify your email address"
    message = trig.params.get("EMAILMESSAGE") or "Please verify your email address:"
    findings.cannot(where, "verification-link", {"REDIRECTURL": url},
                    "Gen 1 links to an S3 confirmation site (verificationBucketName) that confirms the user and then "
                    "redirects; the built-in links straight to REDIRECTURL with code and username, so that page must now "
                    "call ConfirmSignUp itself")
    return {"use": "verification-link", "with": {
        "url": url, "subject": str(subject), "message": f"{message} {{link}}",
        "triggerSources": ["CustomMessage_SignUp"],
    }}


_CLAIMS = re.compile(r"claimsToAddOrOverride\s*:\s*(\{[^{}]*\})", re.S)
_SUPPRESS = re.compile(r"claimsToSuppress\s*:\s*(\[[^\[\]]*\])", re.S)


def _alter_claims(trig: Trigger, findings: Findings) -> dict[str, Any] | None:
    """The template is a sample meant to be edited: map it only when its literal claims can be read back."""
    source = trig.sources.get("alter-claims")
    if source is None:
        findings.warn(f"triggers.{trig.gen1_name}: {trig.function_dir}/src/alter-claims.js not found; ported as custom code")
        return None
    add_match, suppress_match = _CLAIMS.search(source), _SUPPRESS.search(source)
    try:
        add = _js_literal(add_match.group(1)) if add_match else {}
        suppress = _js_literal(suppress_match.group(1)) if suppress_match else []
    except ValueError:
        add = suppress = None
    if add is None or suppress is None or not isinstance(add, dict) or not isinstance(suppress, list) or not (add or suppress):
        findings.warn(f"triggers.{trig.gen1_name}: {trig.function_dir}/src/alter-claims.js computes its claims; ported as custom code")
        return None
    if not all(isinstance(v, (str, int, float, bool)) for v in add.values()) or not all(isinstance(s, str) for s in suppress):
        return None
    return {"use": "token-claims", "with": {"idToken": {"add": add, "suppress": suppress}, "lambdaVersion": "V1_0"}}


def _js_literal(text: str) -> Any:
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m.group(1)), text)
    text = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    from authstack.spec.errors import SpecError
    from authstack.spec.files import parse_json

    try:
        return parse_json(text, "")
    except SpecError as exc:
        raise ValueError(str(exc)) from None
