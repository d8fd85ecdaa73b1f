"""Issue-10 guardrails that the spec alone decides, so `authstack validate` reports them (and `plan`, and the program
under `pulumi preview`, which validate the same spec first). Each check yields (key path, message) pairs, like
`spec.rules`; `advisories` yields the ones that only advise.

What is here: claims provenance for rule-based role mappings, what makes a client public, redirect URLs, the user-pool
baseline of stacks that hold real users, trigger settings (timeout, KMS key, secrets in plain text), and federation
URLs and names. Standard library only (besides the spec model it reads).
"""
from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from authstack.spec.facts import (COGNITO_DEFAULT_EMAILS_PER_DAY, LOGINS_KEYS, STANDARD_ATTRIBUTES, VERIFICATION_FLAGS,
                                  auth0_domain_problem, issuer_host)

Issue = tuple[str, str]

# ---- facts ------------------------------------------------------------------------------------------------------

#: Tunnel services hand out public hostnames that forward to someone's laptop and are recycled to other people:
#: a callback there sends codes to whoever holds the name next.
TUNNEL_SUFFIXES = (
    "ngrok.io", "ngrok.app", "ngrok.dev", "ngrok-free.app", "ngrok-free.dev", "trycloudflare.com", "loca.lt",
    "localtunnel.me", "serveo.net", "serveousercontent.com", "localhost.run", "lhr.life", "lhr.rocks", "pagekite.me",
    "tunnelmole.net", "devtunnels.ms", "exp.direct", "telebit.io", "loclx.io", "localxpose.io", "pinggy.io",
    "pinggy.link", "bore.pub", "zrok.io", "ngrok.pizza", "tunnel.pyjam.as", "localto.net",
)
#: Mail providers anyone can get an address at: "trusted" (auto-verified) domains must not be one of them.
PUBLIC_MAIL_DOMAINS = frozenset("""
gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com rocketmail.com aol.com icloud.com
me.com mac.com proton.me protonmail.com pm.me gmx.com gmx.net gmx.de web.de mail.com zoho.com zohomail.com yandex.com
yandex.ru mail.ru inbox.ru list.ru bk.ru qq.com 163.com 126.com sina.com yeah.net tutanota.com tuta.io fastmail.com
hey.com mailinator.com guerrillamail.com hushmail.com laposte.net orange.fr free.fr wanadoo.fr libero.it t-online.de
naver.com daum.net rediffmail.com outlook.de outlook.fr hotmail.co.uk hotmail.fr yahoo.co.uk yahoo.fr yahoo.de
""".split())
#: Identity-pool Logins keys Cognito reserves for its own providers: a developer provider name must not be one.
BUILT_IN_LOGIN_KEYS = frozenset({*LOGINS_KEYS.values(), "api.twitter.com", "www.digits.com",
                                 "cognito-identity.amazonaws.com"})
#: OIDC audiences every tenant of a shared issuer can put in a token (GitHub Actions' default audience; Azure's
#: workload-identity exchange audience).
SHARED_AUDIENCES = frozenset({"sts.amazonaws.com", "https://sts.amazonaws.com", "api://azureadtokenexchange"})
#: Issuers that mint tokens for any of their customers with an audience the customer picks.
SHARED_ISSUERS = frozenset({"token.actions.githubusercontent.com"})
#: OpenID standard claims: the user sets them at the provider (profile data), so a rule keyed on them is self-asserted.
SELF_ASSERTED_CLAIMS = frozenset({*STANDARD_ATTRIBUTES, *VERIFICATION_FLAGS, "username", "upn", "unique_name"})
#: Password-based sign-in flows (MFA off with these is a Security Hub Cognito.5 failure).
PASSWORD_FLOWS = frozenset({"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"})
PLAIN_PASSWORD_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH")
ASYNC_TRIGGERS = frozenset({"customEmailSender", "customSmsSender"})
#: Days a refresh token may live: an app on a device, and a server-side client.
REFRESH_CAP_PUBLIC, REFRESH_CAP_CONFIDENTIAL = 90, 365
LOOPBACK_HOSTS = frozenset({"localhost", "0.0.0.0"})

# Known secret formats (prefixes vendors put on their keys so scanners find them).
SECRET_FORMATS = [
    (re.compile(r"^(sk|rk)_(live|test)_[0-9A-Za-z]{8,}"), "a Stripe secret key"),
    (re.compile(r"^whsec_[0-9A-Za-z]{8,}"), "a Stripe webhook secret"),
    (re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"), "an AWS access key ID"),
    (re.compile(r"^gh[pousr]_[0-9A-Za-z]{20,}|^github_pat_\w{20,}"), "a GitHub token"),
    (re.compile(r"^glpat-[\w-]{20}"), "a GitLab token"),
    (re.compile(r"^xox[abposr]-[\w-]{10,}"), "a Slack token"),
    (re.compile(r"hooks\.slack\.com/services/"), "a Slack webhook URL"),
    (re.compile(r"^AIza[0-9A-Za-z_-]{35}$"), "a Google API key"),
    (re.compile(r"^SG\.[\w-]{16,}\.[\w-]{16,}$"), "a SendGrid key"),
    (re.compile(r"^(shpat|shpss|shpca)_[0-9a-fA-F]{32}$"), "a Shopify token"),
    (re.compile(r"^npm_[0-9A-Za-z]{36}$"), "an npm token"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"^eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}$"), "a signed token (JWT)"),
    (re.compile(r"^[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"), "a URL with a password"),
]
SECRET_NAME = re.compile(r"(pass(word|wd|phrase)?|secret|token|credential|api[_-]?key|private[_-]?key|access[_-]?key|"
                         r"signing[_-]?key|client[_-]?key|auth[_-]?key|session[_-]?key|master[_-]?key|pwd)", re.I)
REFERENCE = re.compile(r"^(arn:|ssm:|secretsmanager:|resolve:|\{\{resolve:|/)", re.I)


# ---- helpers ----------------------------------------------------------------------------------------------------

def _entropy(value: str) -> float:
    counts = {c: value.count(c) for c in set(value)}
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_secret(name: str, value: str) -> str | None:
    """Why a plain value looks like a secret (its key's name, a known key format, or randomness), or None."""
    value = value.strip()
    for pattern, what in SECRET_FORMATS:
        if pattern.search(value):
            return f"looks like {what}"
    if not value or REFERENCE.match(value) or value.lower() in ("true", "false", "none", "null"):
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", value) or re.fullmatch(r"https?://[^\s@]+", value):
        return None
    if SECRET_NAME.search(name) and len(value) >= 8:
        return f"is named like a secret ({name})"
    if len(value) >= 20 and " " not in value and _entropy(value) >= 4.2 and len(set(_classes(value))) >= 3:
        return "looks random, like a key or token"
    return None


def _classes(value: str) -> list[str]:
    return [("lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else "other")
            for c in value]


def _host_of(url: str):
    try:
        return urlsplit(url)
    except ValueError:
        return None


def url_problem(url: str, *, https_only: bool = True) -> str | None:
    """What is wrong with an issuer or metadata URL, parsed (not pattern-matched): scheme, credentials, host."""
    if not isinstance(url, str):
        return None
    parts = _host_of(url)
    if parts is None or not parts.scheme or not parts.netloc:
        return f"{url!r} is not an absolute URL"
    if https_only and parts.scheme != "https":
        return f"{url!r} must use https (anyone on the path could change what is fetched over {parts.scheme})"
    if "@" in parts.netloc:
        return (f"{url!r} carries user info before '@': the host is really {parts.hostname!r}; write the URL without "
                f"credentials")
    if not parts.hostname or not re.fullmatch(r"[a-z0-9.-]+", parts.hostname) or "*" in url:
        return f"{url!r} has no valid host name"
    if parts.query or parts.fragment:
        return f"{url!r} must not have a query or fragment"
    return None


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host in LOOPBACK_HOSTS or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def redirect_problem(url: str, throwaway: bool) -> str | None:
    """What makes a callback or sign-out URL unsafe beyond Cognito's own rule: it must name exactly one place that
    only this app receives. A value not known yet (a Pulumi Output, library API) is left to the deployment."""
    if not isinstance(url, str):
        return None
    if any(c in url for c in "*?") or "%2a" in url.lower():
        return f"{url!r} is a pattern; Cognito matches redirect URLs exactly, list each one"
    if any(c.isspace() for c in url) or "\\" in url:
        return f"{url!r} contains spaces or backslashes; write the exact URL"
    parts = _host_of(url)
    if parts is None:
        return f"{url!r} is not a URL"
    if parts.scheme in ("http", "https"):
        if "@" in parts.netloc:
            return f"{url!r} carries user info before '@': the code would go to {parts.hostname!r}"
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return f"{url!r} has no host"
        if any(host == s or host.endswith("." + s) for s in TUNNEL_SUFFIXES):
            return (f"{url!r} is a tunnel address: its name is recycled to other people, who would receive the "
                    f"sign-in codes; use a domain you own")
        if "%" in parts.netloc:
            return f"{url!r} has an encoded host; write it plainly"
        if ".." in parts.path.split("/"):
            return f"{url!r} contains '..'; write the exact path"
        if _is_loopback(host) and not throwaway:
            return (f"{url!r} points at the user's own machine, where any local program can take the code; allowed "
                    f"only on throwaway stacks (authstack:throwaway: true)")
    elif parts.scheme in ("javascript", "data", "file", "vbscript"):
        return f"{url!r} is not a redirect target"
    return None


def public_reason(spec, name: str, client) -> str | None:
    """Why a client runs where a secret can't be kept (a browser or a device), from what it is: never its name."""
    if client.is_machine:
        return None
    if name in {spec.client.web_client, spec.client.mobile_client} - {None}:
        return "it is the app's client in authstack:client"
    oauth = client.oauth
    if oauth is not None:
        if "implicit" in oauth.flows:
            return "it uses the implicit grant, which only browser apps use"
        for url in [*oauth.callback_urls, *oauth.logout_urls]:
            scheme = url.split("://", 1)[0].lower() if "://" in url else ""
            if scheme and scheme not in ("http", "https"):
                return f"its redirect URL {url} is a native app scheme"
    return None


def is_public(spec, name: str, client) -> bool:
    return not client.generate_secret or public_reason(spec, name, client) is not None


# ---- checks -----------------------------------------------------------------------------------------------------

def check(spec) -> list[Issue]:
    issues: list[Issue] = []
    for rule in (_clients, _pool_baseline, _triggers, _federation, _claims, _roles):
        issues.extend(rule(spec))
    return issues


def _clients(spec) -> Iterator[Issue]:
    # An adopted client keeps the secret it was created with: dropping it would replace the client (generateSecret
    # is ForceNew) and change its ID. The graph guardrail public-client-no-secret still reports it, and the import
    # lists the way out (a new client without a secret) under "After the import".
    adopted = set(spec.adopt.clients) if spec.adopt is not None and spec.adopt.user_pool_id else set()
    for name, client in spec.clients.items():
        path = f"clients.{name}"
        public = is_public(spec, name, client)
        reason = public_reason(spec, name, client)
        if client.generate_secret and reason and name not in adopted:
            yield f"{path}.generateSecret", (f"client {name!r} has a secret but {reason}: a secret shipped in an app "
                                             f"is not secret; set generateSecret: false (or make it a server client)")
        oauth = client.oauth
        if oauth is not None:
            if "implicit" in oauth.flows:
                yield f"{path}.oauth.flows", ("the implicit grant returns tokens in the browser's URL (history, logs, "
                                              "Referer); use code, with PKCE")
            for key, urls in (("callbackUrls", oauth.callback_urls), ("logoutUrls", oauth.logout_urls)):
                for i, url in enumerate(urls):
                    problem = redirect_problem(url, spec.throwaway)
                    if problem:
                        yield f"{path}.oauth.{key}[{i}]", problem
        if public:
            for flow in PLAIN_PASSWORD_FLOWS:
                if flow in client.auth_flows:
                    yield f"{path}.authFlows", (f"{flow} on a public client sends the password itself to Cognito from "
                                                f"the app; use ALLOW_USER_SRP_AUTH (or a confidential server client)")
        cap = REFRESH_CAP_PUBLIC if public else REFRESH_CAP_CONFIDENTIAL
        if client.refresh_token_validity > cap:
            kind = "an app on a device or in a browser" if public else "a server client"
            yield f"{path}.refreshTokenValidity", (f"{client.refresh_token_validity} days: a stolen refresh token would "
                                                   f"work that long; at most {cap} days for {kind}")


def _password_sign_in(spec) -> bool:
    passwordless = getattr(spec.user_pool, "passwordless", None)
    choice_has_password = passwordless is None or "PASSWORD" in passwordless.first_factors
    for client in spec.clients.values():
        if client.is_machine:
            continue
        if PASSWORD_FLOWS & set(client.auth_flows) or ("ALLOW_USER_AUTH" in client.auth_flows and choice_has_password):
            return True
        if client.oauth is not None and "COGNITO" in client.identity_providers:
            return True
    return False


def _pool_baseline(spec) -> Iterator[Issue]:
    """Security Hub Cognito.3 (password policy, temporary passwords) and Cognito.5 (MFA), plus keeping verified
    contact details until new ones are verified, on every stack that holds real users. An adopted pool is taken as
    it is (the importer lists these as follow-ups)."""
    pool = spec.user_pool
    if pool is None or spec.throwaway or (spec.adopt is not None and spec.adopt.user_pool_id):
        return
    how = "(Security Hub Cognito.3; relax it only on a throwaway stack)"
    policy = pool.password_policy
    if policy.minimum_length < 8:
        yield "userPool.passwordPolicy.minimumLength", f"{policy.minimum_length} is too short: at least 8 {how}"
    for key, on in (("requireLowercase", policy.require_lowercase), ("requireUppercase", policy.require_uppercase),
                    ("requireNumbers", policy.require_numbers), ("requireSymbols", policy.require_symbols)):
        if not on:
            yield f"userPool.passwordPolicy.{key}", f"must be true on a stack with real users {how}"
    if policy.temporary_password_validity_days > 7:
        yield ("userPool.passwordPolicy.temporaryPasswordValidityDays",
               f"{policy.temporary_password_validity_days} days: an unused temporary password is a standing "
               f"credential; at most 7 {how}")
    if pool.mfa.mode == "OFF" and _password_sign_in(spec):
        yield "userPool.mfa.mode", ("OFF while users sign in with a password: set OPTIONAL or ON with totp "
                                    "(Security Hub Cognito.5; OFF only on a throwaway stack)")
    if not pool.verification.keep_original_until_verified and pool.verification.attributes:
        yield "userPool.verification.keepOriginalUntilVerified", (
            "false lets a changed email or phone replace the verified one before it is verified (a typo, or anyone "
            "with a session, moves the account); set true")


def _steps(spec) -> Iterator[tuple[str, str, Any]]:
    """(trigger name, step path, step) for every built-in step."""
    for trigger_name, trigger in sorted(spec.triggers.items()):
        for i, step in enumerate(trigger.steps):
            if step.use:
                yield trigger_name, f"triggers.{trigger_name}.steps[{i}]", step


def _walk(value: Any, path: str) -> Iterator[tuple[str, str, str]]:
    """(path, last key, string) for every string inside step settings."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}") if not isinstance(v, str) else iter([(f"{path}.{k}", str(k), v)])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]") if not isinstance(v, str) else iter([(f"{path}[{i}]", path.rsplit(".", 1)[-1], v)])


def _triggers(spec) -> Iterator[Issue]:
    for name, trigger in sorted(spec.triggers.items()):
        path = f"triggers.{name}"
        if name not in ASYNC_TRIGGERS and trigger.timeout > 5:
            yield f"{path}.timeout", (f"{trigger.timeout} s: Cognito waits 5 s for a trigger and then fails the sign-in "
                                      f"(it cannot be changed); at most 5")
        key = trigger.kms_key_arn
        if isinstance(key, str) and key and (any(c in key for c in "*?") or not re.fullmatch(r"arn:aws[\w-]*:kms:[\w-]+:\d{12}:key/[\w-]+", key)):
            yield f"{path}.kmsKeyArn", (f"{key!r} must be the ARN of one KMS key (arn:aws:kms:<region>:<account>:key/<id>), "
                                        f"no wildcard or alias: Cognito encrypts codes with exactly that key")
        for var, value in sorted(trigger.environment.items()):
            if isinstance(value, str):
                why = looks_secret(str(var), value)
                if why:
                    yield f"{path}.environment.{var}", (
                        f"{why} and is in plain text (stack file, plan, Lambda console); make it a secret: "
                        f"pulumi config set --secret --path 'authstack:{path}.environment.{var}' <value>, or store it "
                        f"in SSM/Secrets Manager and pass its name")
    for trigger_name, path, step in _steps(spec):
        settings = step.with_
        if step.use == "auto-confirm":
            for i, domain in enumerate(settings.get("trustedDomains") or []):
                if isinstance(domain, str) and domain.lower().lstrip("@") in PUBLIC_MAIL_DOMAINS:
                    yield f"{path}.with.trustedDomains[{i}]", (
                        f"{domain!r} is a public mail provider: anyone can get an address there, so marking it "
                        f"verified lets them take over an account with that alias; list only domains you control")
        for where, key, value in _walk(settings, f"{path}.with"):
            if step.use == "require-validation-data" and ".values[" in where:
                why = looks_secret(where.split(".fields.", 1)[-1].split(".", 1)[0], value)
                if why:
                    yield where, (f"{why} and would be deployed in plain text; list its SHA-256 digest under "
                                  f"sha256 instead")
                continue
            for pattern, what in SECRET_FORMATS:
                if pattern.search(value):
                    yield where, f"looks like {what} in plain text; keep secrets out of step settings"
                    break


def _federation(spec) -> Iterator[Issue]:
    for key, provider in sorted(spec.identity_providers.items()):
        path = f"identityProviders.{key}"
        kind = getattr(provider, "type", "")
        if kind == "oidc":
            problem = url_problem(provider.issuer_url)
            if problem:
                yield f"{path}.issuerUrl", problem
            elif isinstance(provider.issuer_url, str) and issuer_host(provider.issuer_url) in SHARED_ISSUERS:
                yield f"{path}.issuerUrl", _shared_issuer(provider.issuer_url)
        if kind == "auth0" and (problem := auth0_domain_problem(provider.domain)):
            yield f"{path}.domain", problem
        if kind in ("oidc", "auth0") and str(provider.client_id).lower() in SHARED_AUDIENCES:
            yield f"{path}.clientId", _shared_audience(provider.client_id)
        if kind == "saml" and provider.metadata_url:
            problem = url_problem(provider.metadata_url)
            if problem:
                yield f"{path}.metadataUrl", problem.replace("could change what is fetched", "could swap the signing "
                                                             "certificate in what is fetched")
    pool = spec.identity_pool
    if pool is None:
        return
    fed = pool.federation
    base = "identityPool.federation"
    if fed.auth0 is not None:
        if problem := auth0_domain_problem(fed.auth0.domain):
            yield f"{base}.auth0.domain", problem
        for i, client_id in enumerate(fed.auth0.client_ids):
            if str(client_id).lower() in SHARED_AUDIENCES:
                yield f"{base}.auth0.clientIds[{i}]", _shared_audience(client_id)
    for n, oidc in enumerate(fed.oidc):
        problem = url_problem(oidc.issuer_url)
        if problem:
            yield f"{base}.oidc[{n}].issuerUrl", problem
        elif isinstance(oidc.issuer_url, str) and issuer_host(oidc.issuer_url) in SHARED_ISSUERS:
            yield f"{base}.oidc[{n}].issuerUrl", _shared_issuer(oidc.issuer_url)
        for i, client_id in enumerate(oidc.client_ids):
            if str(client_id).lower() in SHARED_AUDIENCES:
                yield f"{base}.oidc[{n}].clientIds[{i}]", _shared_audience(client_id)
    name = fed.developer_provider_name
    if name is not None:
        taken = {*BUILT_IN_LOGIN_KEYS, *(o.login_key for o in fed.oidc)}
        if fed.auth0 is not None:
            taken.add(fed.auth0.login_key)
        lowered = str(name).lower()
        if lowered in taken or lowered.startswith("cognito-idp.") or lowered.endswith(".amazonaws.com"):
            yield f"{base}.developerProviderName", (
                f"{name!r} is the login key of another provider: tokens for it and for your developer identities "
                f"would be confused; use your own domain, e.g. login.example.com (it cannot change later)")
    for i, arn in enumerate(fed.saml_provider_arns):
        if isinstance(arn, str) and any(c in arn for c in "*?") or not re.fullmatch(r"arn:aws[\w-]*:iam::\d{12}:saml-provider/[\w.@+=,-]+", arn):
            yield f"{base}.samlProviderArns[{i}]", f"{arn!r} must be the ARN of one IAM SAML provider, no wildcard"


def _shared_audience(client_id: str) -> str:
    return (f"{client_id!r} is an audience every tenant of a shared issuer can request (GitHub Actions, Azure "
            f"workload identity): anyone's token would be accepted; list this app's own client ID")


def _shared_issuer(url: str) -> str:
    return (f"{url!r} mints tokens for every repository's workflows with any audience they ask for; an identity pool "
            f"cannot pin the repository: federate it through IAM's own OIDC provider with a sub condition instead")


def _rules_mappings(spec) -> Iterator[tuple[int, Any]]:
    pool = spec.identity_pool
    for i, mapping in enumerate(pool.role_mappings if pool else []):
        if mapping.type == "Rules":
            yield i, mapping


def _client_metadata_claims(spec) -> dict[str, str]:
    """Claims a token-claims step copies from clientMetadata (client-supplied), with where it does."""
    claims: dict[str, str] = {}
    for _, path, step in _steps(spec):
        if step.use != "token-claims":
            continue
        for token in ("idToken", "accessToken"):
            copied = (step.with_.get(token) or {}).get("fromClientMetadata") or {}
            for claim in copied if isinstance(copied, dict) else []:
                claims.setdefault(str(claim), f"{path}.with.{token}.fromClientMetadata")
    return claims


def _idp_mapped(spec, attribute: str) -> list[str]:
    """User-pool identity providers that overwrite `attribute` at every federated sign-in from a claim the user sets
    at the provider (social providers: any profile claim; OIDC/SAML: the standard profile claims)."""
    found = []
    for key, provider in sorted(spec.identity_providers.items()):
        source = provider.mapping().get(attribute)
        if source is None:
            continue
        social = getattr(provider, "type", "") in ("facebook", "google", "amazon", "apple")
        if social or source.rsplit("/", 1)[-1] in SELF_ASSERTED_CLAIMS or source in SELF_ASSERTED_CLAIMS:
            found.append(f"identityProviders.{key} maps it from {source!r}")
    return found


def _claims(spec) -> Iterator[Issue]:
    """A Rules mapping may only key on claims nobody but the platform can set (Cognito guide, role-based access
    control: "Only map claims that cannot be directly set by the end user to roles with elevated permissions")."""
    metadata = _client_metadata_claims(spec)
    up = spec.user_pool
    for i, mapping in _rules_mappings(spec):
        for j, rule in enumerate(mapping.rules):
            path, claim = f"identityPool.roleMappings[{i}].rules[{j}].claim", rule.claim
            if claim in metadata:
                yield path, (f"{claim!r} is copied from clientMetadata ({metadata[claim]}), which the app sends: any "
                             f"user can pick their role; key the rule on a claim only the platform sets")
                continue
            if mapping.provider.startswith("userPool:") and up is not None:
                yield from _user_pool_claim(spec, path, claim)
            elif not mapping.provider.startswith("userPool:") and claim.lower() in SELF_ASSERTED_CLAIMS:
                yield path, (f"{claim!r} from {mapping.provider} is self-asserted: users set it in their profile "
                             f"there (an unverified email too); key the rule on a claim the provider's administrators "
                             f"set, e.g. a namespaced custom claim")


def _user_pool_claim(spec, path: str, claim: str) -> Iterator[Issue]:
    up = spec.user_pool
    if claim == "cognito:username" and up.sign_in.username:
        yield path, ("users pick their own username at sign-up (signIn.username is true), so a rule on cognito:username "
                     "lets them pick their role; key it on a developer-only attribute or cognito:groups")
        return
    name = claim.removeprefix("custom:")
    custom = up.custom_attributes.get(name) if claim.startswith("custom:") else None
    is_attribute = custom is not None or claim in STANDARD_ATTRIBUTES or claim in VERIFICATION_FLAGS
    if not is_attribute:
        return  # token claims such as cognito:groups, which only admins change
    mapped = _idp_mapped(spec, claim)
    if mapped:
        yield path, (f"{claim!r} is overwritten at every federated sign-in ({'; '.join(mapped)}), from a value the "
                     f"user controls at that provider")
        return
    if custom is not None and custom.developer_only:
        return
    writers = [n for n, c in sorted(spec.clients.items())
               if not c.is_machine and is_public(spec, n, c) and (c.write_attributes is None or claim in c.write_attributes)]
    if writers:
        how = ", ".join(f"{n!r}" + (" (no writeAttributes: every attribute)" if spec.clients[n].write_attributes is None
                                    else "") for n in writers)
        yield path, (f"users can write {claim!r} through client {how}, at sign-up too, so a rule on it lets them pick "
                     f"their role; leave it out of every app client's writeAttributes, or make it developerOnly")


def _token_mapped(spec) -> bool:
    pool = spec.identity_pool
    return pool is not None and any(m.type == "Token" and m.provider.startswith("userPool:") for m in pool.role_mappings)


def _role_groups(spec) -> set[str]:
    up = spec.user_pool
    return {n for n, g in (up.groups.items() if up else []) if g.policy_statements or g.role_arn}


def _roles(spec) -> Iterator[Issue]:
    """Sign-up must not hand out a group's role, and the guest role is nobody else's."""
    if _token_mapped(spec):
        for trigger_name, path, step in _steps(spec):
            group = step.with_.get("group") if step.use == "add-to-group" else None
            if group in _role_groups(spec):
                yield f"{path}.with.group", (
                    f"every user who signs up is added to {group!r}, whose role the Token role mapping hands out: "
                    f"sign-up would mean that role; add users to a group without a role, or grant it by admin action")
    pool = spec.identity_pool
    if pool is None:
        return
    guest = pool.roles.get("unauthenticated")
    if guest is not None and guest.arn:
        others = {f"identityPool.roles.{n}": r.arn for n, r in pool.roles.items() if n != "unauthenticated" and r.arn}
        if spec.user_pool is not None:
            others |= {f"userPool.groups.{n}.roleArn": g.role_arn for n, g in spec.user_pool.groups.items() if g.role_arn}
        for where, arn in sorted(others.items()):
            if arn == guest.arn:
                yield "identityPool.roles.unauthenticated.arn", (
                    f"the guest role is also {where}: guests would get what signed-in users get; give guests "
                    f"their own role")


def _default_sender(spec) -> Iterator[Issue]:
    """Cognito's own sender on a stack with real users: at most `COGNITO_DEFAULT_EMAILS_PER_DAY` emails a day for the
    whole account, after which sign-up codes, invitations and forgot-password codes are silently not sent (Cognito
    guide "Quotas": 50 a day; "Email settings": "For typical production environments, the default email limit is
    less than the required delivery volume"). Advice, not a refusal: a small internal app may live with it."""
    pool = spec.user_pool
    if pool is None or spec.throwaway or pool.email.ses_source_arn is not None or "customEmailSender" in spec.triggers:
        return
    sends = []
    if pool.self_sign_up and "email" in pool.verification.attributes:
        sends.append("sign-up codes")
    elif "email" in pool.verification.attributes:
        sends.append("verification codes")
    if "verified_email" in pool.account_recovery:
        sends.append("forgot-password codes")
    if pool.passwordless is not None and "EMAIL_OTP" in pool.passwordless.first_factors:
        sends.append("sign-in codes (EMAIL_OTP)")
    if not sends:
        return
    lost = " and ".join([", ".join(sends[:-1]), sends[-1]] if len(sends) > 1 else sends)
    if spec.threat_mode() != "OFF":
        lost += "; threat protection cannot email users at all (Cognito's sender does not send its notifications)"
    yield "userPool.email.sesSourceArn", (
        f"not set on a stack with real users: Cognito's own sender sends at most {COGNITO_DEFAULT_EMAILS_PER_DAY} "
        f"emails a day for the whole AWS account, then silently none, so users stop getting {lost}; set a verified "
        f"SES identity (email.sesSourceArn and email.from)")


def advisories(spec) -> list[Issue]:
    """Findings that only advise: Cognito's own email sender on a stack with real users, and a custom pre-token
    handler that decides the role claims Token mapping trusts."""
    out: list[Issue] = list(_default_sender(spec))
    trigger = spec.triggers.get("preTokenGeneration")
    if trigger is not None and _token_mapped(spec) and _role_groups(spec):
        custom = ["triggers.preTokenGeneration.handler"] if trigger.handler else [
            f"triggers.preTokenGeneration.steps[{i}].handler" for i, s in enumerate(trigger.steps) if s.handler]
        for path in custom:
            out.append((path, "a custom pre-token handler can rewrite cognito:roles and cognito:preferred_role, which the "
                              "Token role mapping trusts: it sits on the privilege boundary; copy groupConfiguration "
                              "through unchanged (or use the token-claims step)"))
    return out
