"""Cross-field checks: the rules no single section can decide alone. Each returns (key path, message) pairs."""
from __future__ import annotations

import re
from collections.abc import Iterator

from email.utils import parseaddr

from authstack.spec.facts import AMPLIFY_SOCIAL_NAMES, SES_IDENTITY_ARN, STANDARD_SCOPES, ses_regions
from authstack.spec.regions import partition_of
from authstack.spec.refs import known
from authstack.spec.stack import Spec

Issue = tuple[str, str]
SOCIAL_NAMES = tuple(AMPLIFY_SOCIAL_NAMES)  # the fixed Cognito names of the social providers


def check(spec: Spec) -> list[Issue]:
    from authstack.spec import hardening  # the issue-10 guardrails the spec alone decides

    if spec.user_pool is None:
        return list(_no_user_pool(spec)) + hardening.check(spec)
    issues: list[Issue] = []
    for rule in (_clients, _scopes, _resource_servers, _passwordless, _threat_protection, _activity_logs, _identity_pool,
                 _groups, _triggers, _client_files, _providers, _managed_login, _adopt, _email):
        issues.extend(rule(spec))
    return issues + hardening.check(spec)


def regional(spec: Spec, region: str) -> list[Issue]:
    """The rules that need the stack's region besides the spec (`spec.load.validate` runs them when it knows it)."""
    return list(_ses_region(spec, region))


def _no_user_pool(spec: Spec) -> Iterator[Issue]:
    """`userPool: null`: only an identity pool with direct federation makes sense."""
    for key, value in (("clients", spec.clients), ("identityProviders", spec.identity_providers), ("triggers", spec.triggers),
                       ("resourceServers", spec.resource_servers)):
        if value:
            yield key, "needs a user pool (authstack:userPool is false)"
    if spec.domain is not None:
        yield "domain", "needs a user pool (authstack:userPool is false)"
    if spec.identity_pool is None:
        yield "userPool", "without a user pool the stack needs authstack:identityPool"
    else:
        if spec.identity_pool.user_pool_clients:
            yield "identityPool.userPoolClients", "there is no user pool (authstack:userPool is false)"
        yield from _identity_pool(spec)


def _providers(spec: Spec) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for key, provider in spec.identity_providers.items():
        name = provider.provider_name(key)
        if name in seen:
            yield f"identityProviders.{key}", f"a second {provider.type} provider ({seen[name]!r} is the first); Cognito allows one"
        seen[name] = key
        if provider.fixed_name is None and (name in SOCIAL_NAMES or name == "COGNITO"):
            yield f"identityProviders.{key}", f"the name {name!r} is reserved by Cognito; pick another key"
        if provider.fixed_name is None and not re.fullmatch(r"[^_\s][^\s]{1,30}[^_\s]", name):
            yield f"identityProviders.{key}", ("the provider name (its key) must be 3-32 characters, no spaces, "
                                               "not starting or ending with _")


def _clients(spec: Spec) -> Iterator[Issue]:
    known = {"COGNITO", *spec.provider_names()}
    if not spec.clients:
        yield "clients", "at least one app client is needed"
    for name, client in spec.clients.items():
        for i, provider in enumerate(client.identity_providers):
            if provider not in known:
                hint = ", ".join(sorted(known))
                yield f"clients.{name}.identityProviders[{i}]", f"{provider!r} is not a configured identity provider (configured: {hint})"
        if client.oauth is not None and spec.domain is None:
            yield f"clients.{name}.oauth", "OAuth needs a hosted UI domain: set authstack:domain (prefix or customDomain)"
        if client.oauth is not None and "client_credentials" in client.oauth.flows:
            if not client.generate_secret:
                yield f"clients.{name}.oauth.flows", "client_credentials needs a client with generateSecret: true"
            if len(client.oauth.flows) > 1:
                yield f"clients.{name}.oauth.flows", "client_credentials cannot be combined with code or implicit"
        if client.oauth is None and any(p != "COGNITO" for p in client.identity_providers):
            yield f"clients.{name}.identityProviders", "federated providers sign in through the hosted UI: add oauth settings"


def _resource_servers(spec: Spec) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for key, server in spec.resource_servers.items():
        if server.identifier in seen:
            yield f"resourceServers.{key}.identifier", f"{server.identifier!r} is already the identifier of {seen[server.identifier]!r}"
        seen.setdefault(server.identifier, key)
        if server.identifier in STANDARD_SCOPES:
            yield f"resourceServers.{key}.identifier", f"{server.identifier!r} is a scope Cognito reserves"


def _scopes(spec: Spec) -> Iterator[Issue]:
    """Every scope a client names exists: one of Cognito's, or `<identifier>/<scope>` of a resource server here.
    The client_credentials grant authorizes custom scopes only (Cognito guide "Scopes, M2M, and resource servers"),
    and a machine client holds no user-facing flow or scope."""
    custom = spec.resource_scopes()
    for name, client in spec.clients.items():
        if client.oauth is None:
            continue
        for i, scope in enumerate(client.oauth.scopes):
            path = f"clients.{name}.oauth.scopes[{i}]"
            if scope in STANDARD_SCOPES:
                if client.is_machine:
                    yield path, (f"{scope!r} is a user scope; a client_credentials client may only hold resource-server "
                                 f"scopes (<identifier>/<scope>)")
            elif scope not in custom:
                known = ", ".join(sorted(custom)) or "none: add authstack:resourceServers"
                yield path, f"{scope!r} is neither a Cognito scope nor a scope of a resource server (defined: {known})"
        if client.is_machine:
            user_flows = [f for f in client.auth_flows if f != "ALLOW_REFRESH_TOKEN_AUTH"]
            if user_flows:
                yield f"clients.{name}.authFlows", (f"a client_credentials client signs no user in: remove "
                                                    f"{', '.join(user_flows)} (leave authFlows unset)")


def _passwordless(spec: Spec) -> Iterator[Issue]:
    """Choice-based sign-in needs a client with ALLOW_USER_AUTH; passkeys need a relying party ID browsers accept."""
    pl = spec.user_pool.passwordless
    if pl is None:
        return
    web = spec.web_client()
    if pl.choice_based and web is not None and "ALLOW_USER_AUTH" not in spec.clients[web].auth_flows:
        yield f"clients.{web}.authFlows", (f"userPool.passwordless offers {', '.join(f for f in pl.first_factors if f != 'PASSWORD')}"
                                           f" only through choice-based sign-in: add ALLOW_USER_AUTH to the app's client")
    if pl.passkeys:
        yield from _relying_party(spec, pl)


def _relying_party(spec: Spec, pl) -> Iterator[Issue]:
    """WebAuthn: the RP ID must equal the page's host or be a registrable parent of it, never a public suffix (the
    browser refuses anything else). Cognito: with a custom domain and managed login, the RP ID must be the custom
    domain (API WebAuthnConfigurationType.RelyingPartyId)."""
    path = "userPool.passwordless.relyingPartyId"
    rp, domain = pl.relying_party_id, spec.domain
    if rp is None:
        if domain is None:
            yield path, "passkeys need a relying party: set relyingPartyId (your app's domain) or add authstack:domain"
        return
    hosted = domain is not None and (rp == domain.custom_domain or (
        domain.prefix is not None and re.fullmatch(rf"{re.escape(domain.prefix)}\.auth\.[a-z0-9-]+\.amazoncognito\.com", rp)))
    managed = [n for n, c in spec.clients.items() if c.oauth is not None and not c.is_machine]
    if domain is not None and domain.custom_domain and managed and rp != domain.custom_domain:
        yield path, (f"{rp!r}: with a custom domain, passkeys in the hosted UI (clients {', '.join(managed)}) need the "
                     f"custom domain {domain.custom_domain!r} as relying party")
        return
    if hosted:
        return
    origins = _app_origins(spec, pl)
    if rp != "localhost" and _is_public_suffix(rp):
        yield path, f"{rp!r} is a public suffix: browsers refuse it as a relying party"
        return
    if not any(h == rp or h.endswith("." + rp) for h in origins):
        seen = ", ".join(origins) or "none: list userPool.passwordless.origins"
        yield path, (f"{rp!r} is neither the hosted-UI domain nor a parent of the app's origin, so browsers refuse it "
                     f"(origins: {seen})")


def _app_origins(spec: Spec, pl) -> list[str]:
    from urllib.parse import urlparse

    urls = list(pl.origins) or [u for c in spec.clients.values() if c.oauth is not None and not c.generate_secret
                                for u in c.oauth.callback_urls]
    hosts = (urlparse(u) for u in urls)
    return sorted({h.hostname for h in hosts if h.scheme in ("http", "https") and h.hostname})


def _is_public_suffix(host: str) -> bool:
    from publicsuffixlist import PublicSuffixList  # late: loads the list (~0.1 s), only for stacks with passkeys

    return PublicSuffixList().privatesuffix(host) is None


def _threat_protection(spec: Spec) -> Iterator[Issue]:
    """Each threat-protection setting needs the PLUS plan and the protection on; notifications need the stack's SES
    identity (API NotifyConfigurationType.SourceArn); MFA_REQUIRED without MFA would block every such sign-in."""
    up = spec.user_pool
    tp = up.threat_protection
    mode = spec.threat_mode()
    for setting in tp.customised():
        path = f"userPool.threatProtection.{setting}"
        if up.feature_plan != "PLUS":
            yield path, f"needs featurePlan PLUS (featurePlan is {up.feature_plan})"
        elif mode == "OFF":
            yield path, "has no effect while threatProtection mode is OFF"
    if mode == "OFF":
        return
    for level in ("low", "medium", "high"):
        action = getattr(tp.account_takeover, level)
        path = f"userPool.threatProtection.accountTakeover.{level}"
        if action.notify and not up.email.ses_source_arn:
            yield f"{path}.notify", ("risk notifications are sent from the stack's SES identity: set "
                                     "userPool.email.sesSourceArn (and email.from)")
        if action.action == "MFA_REQUIRED" and up.mfa.mode == "OFF":
            yield f"{path}.action", ("MFA_REQUIRED blocks every user without MFA, and mfa.mode is OFF: use BLOCK, or "
                                     "turn MFA on")


def _activity_logs(spec: Spec) -> Iterator[Issue]:
    """userAuthEvents need PLUS with threat protection active (API SetLogDeliveryConfiguration, LogConfigurationType)."""
    up = spec.user_pool
    logs = up.activity_logs
    if logs.enabled:
        if up.feature_plan != "PLUS":
            yield "userPool.activityLogs.enabled", f"user activity logs need featurePlan PLUS (featurePlan is {up.feature_plan})"
        elif spec.threat_mode() == "OFF":
            yield "userPool.activityLogs.enabled", "user activity logs need threatProtection mode AUDIT or ENFORCED"


def _identity_pool(spec: Spec) -> Iterator[Issue]:
    pool = spec.identity_pool
    if pool is None:
        return
    for i, client in enumerate(pool.user_pool_clients or []):
        if client not in spec.clients:
            yield f"identityPool.userPoolClients[{i}]", f"no app client named {client!r}"
    if "unauthenticated" in pool.roles and pool.roles["unauthenticated"].policy_statements and not pool.allow_guest_access:
        yield "identityPool.roles.unauthenticated", "a guest role needs identityPool.allowGuestAccess: true"
    role_names = {"authenticated", "unauthenticated", *pool.roles}
    providers = _mapping_providers(spec)
    for i, mapping in enumerate(pool.role_mappings):
        if mapping.provider not in providers:
            yield f"identityPool.roleMappings[{i}].provider", f"{mapping.provider!r} is not a provider of this identity pool (known: {', '.join(sorted(providers))})"
        for j, rule in enumerate(mapping.rules):
            if rule.role not in role_names:
                yield f"identityPool.roleMappings[{i}].rules[{j}].role", f"no role named {rule.role!r} under identityPool.roles"
            if rule.role == "unauthenticated":
                yield f"identityPool.roleMappings[{i}].rules[{j}].role", "signed-in users may never get the guest role"
    mapped = [m.provider for m in pool.role_mappings]
    dupes = sorted({p for p in mapped if mapped.count(p) > 1})
    if dupes:
        yield "identityPool.roleMappings", f"one mapping per provider (duplicates: {', '.join(dupes)})"
    fed = pool.federation
    if fed.developer_provider_name is not None and not fed.developer_provider_name.replace(".", "").replace("_", "").replace("-", "").isalnum():
        yield "identityPool.federation.developerProviderName", "use letters, digits, dots, hyphens and underscores"
    if not spec.identity_pool_clients() and not any(
        [fed.facebook_app_id, fed.google_client_id, fed.amazon_app_id, fed.apple_services_id, fed.auth0, fed.oidc,
         fed.saml_provider_arns, fed.developer_provider_name, pool.allow_guest_access]
    ):
        yield "identityPool", "the identity pool has no provider: list userPoolClients or a federation provider"


def _mapping_providers(spec: Spec) -> set[str]:
    fed = spec.identity_pool.federation if spec.identity_pool else None
    names = {f"userPool:{c}" for c in spec.identity_pool_clients()}
    if fed:
        names |= {n for n, on in (("facebook", fed.facebook_app_id), ("google", fed.google_client_id),
                                  ("amazon", fed.amazon_app_id), ("apple", fed.apple_services_id), ("auth0", fed.auth0)) if on}
        names |= {o.login_key for o in fed.oidc}
    return names


def _groups(spec: Spec) -> Iterator[Issue]:
    for name, group in spec.user_pool.groups.items():
        if group.policy_statements and spec.identity_pool is None:
            yield f"userPool.groups.{name}.policyStatements", "a group role is assumed through the identity pool: add authstack:identityPool"
    precedences = [g.precedence for g in spec.user_pool.groups.values()
                   if g.precedence is not None and (g.policy_statements or g.role_arn)]
    if len(precedences) != len(set(precedences)):
        yield "userPool.groups", "groups with roles need distinct precedence values, or Cognito picks a role arbitrarily"


def _adopt(spec: Spec) -> Iterator[Issue]:
    """Adopted providers and groups are named, and each name is one the spec declares: an import ID given to something
    that does not exist in AWS fails `pulumi up`, and one given to nothing in the spec is never imported."""
    if spec.adopt is None:
        return
    declared = {"identityProviders": sorted(spec.provider_names()), "groups": sorted(spec.user_pool.groups)}
    for key, value in (("identityProviders", spec.adopt.identity_providers), ("groups", spec.adopt.groups)):
        names = declared[key]
        if value is True:
            listed = f"[{', '.join(names)}]" if names else "the names"
            yield f"adopt.{key}", (f"list what to adopt by name, e.g. {listed}: `true` would also import what is added to "
                                   "the spec later, which does not exist in AWS, and `pulumi up` would fail")
        elif isinstance(value, list):
            if spec.adopt.user_pool_id is None and value:
                yield f"adopt.{key}", "adopting needs the pool they belong to: set adopt.userPoolId"
            for i, name in enumerate(value):
                if name not in names:
                    known = ", ".join(names) or "none"
                    yield f"adopt.{key}[{i}]", f"{name!r} is not declared in the spec (declared: {known})"
            if len(set(value)) != len(value):
                yield f"adopt.{key}", "lists a name twice"


def trigger_steps(spec: Spec, root=None) -> Iterator[Issue]:
    """The trigger library's own checks of each step (built-in name, trigger, settings); with `root`, also the custom
    handler files."""
    from authstack.functions.package import StepError, bundle, validate_steps

    for name, trigger in sorted(spec.triggers.items()):
        try:
            if root is None:
                validate_steps(name, trigger.step_dicts(), trigger.wheelhouse, trigger.runtime)
            else:
                bundle(name, trigger.step_dicts(), root, trigger.wheelhouse, trigger.runtime)
        except StepError as error:
            path = "handler" if trigger.handler and error.path.startswith("steps[0].handler") else error.path
            yield f"triggers.{name}.{path}", error.message


def _triggers(spec: Spec) -> Iterator[Issue]:
    yield from trigger_steps(spec)
    # A key not known yet (a program's Output) is left to the deployment, as every rule leaves unresolved values.
    keys = {known(t.kms_key_arn) for n, t in spec.triggers.items() if n in ("customEmailSender", "customSmsSender")}
    for name, trigger in spec.triggers.items():
        sender = name in ("customEmailSender", "customSmsSender")
        if not sender and trigger.kms_key_arn:
            yield f"triggers.{name}.kmsKeyArn", "only customEmailSender and customSmsSender take a KMS key"
        if trigger.retired and name != "preTokenGeneration":
            yield (f"triggers.{name}.retired", "only preTokenGeneration needs retiring; remove this trigger instead (the pool "
                   "is updated before its function is deleted)")
        if trigger.version is not None and name != "preTokenGeneration":
            yield f"triggers.{name}.version", "only preTokenGeneration has an event version"
        if name == "preTokenGeneration" and (trigger.version or "V2_0") != "V1_0" and spec.user_pool.feature_plan == "LITE":
            yield f"triggers.{name}.version", "V2_0 and V3_0 need featurePlan ESSENTIALS or PLUS (use V1_0 on LITE)"
    token = spec.triggers.get("preTokenGeneration")
    if token is not None:
        version = token.version or "V2_0"
        for i, step in enumerate(token.steps):
            pinned = step.with_.get("lambdaVersion", "auto") if step.use == "token-claims" else "auto"
            if pinned not in ("auto", version):
                yield (f"triggers.preTokenGeneration.steps[{i}].with.lambdaVersion",
                       f"{pinned} does not match the trigger's version {version} (triggers.preTokenGeneration.version)")
    if len(keys - {None}) > 1:
        yield "triggers", "customEmailSender and customSmsSender must use the same kmsKeyArn (Cognito has one per pool)"


def _managed_login(spec: Spec) -> Iterator[Issue]:
    """Managed login needs ESSENTIALS or PLUS: "In the Lite feature plan, the classic hosted UI is your only option"
    (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html)."""
    if spec.domain is not None and spec.domain.managed_login and spec.user_pool.feature_plan == "LITE":
        yield "domain.managedLogin", "managed login needs userPool.featurePlan ESSENTIALS or PLUS (LITE has the classic hosted UI only)"


def _client_files(spec: Spec) -> Iterator[Issue]:
    for name in sorted({spec.web_client(), spec.mobile_client()} - {None}):
        client = spec.clients.get(name)
        if client is not None and client.oauth is not None and not client.oauth.logout_urls:
            # Amplify refuses a hosted-UI config without a sign-out redirect (v6 assertOAuthConfig; v5 redirectSignOut).
            yield f"clients.{name}.oauth.logoutUrls", "the app's client needs a sign-out URL for the hosted UI (Amplify requires one)"
    challenge = spec.client.preferred_challenge
    if challenge is not None:
        pl = spec.user_pool.passwordless
        factors = pl.first_factors if pl is not None else ["PASSWORD"]
        if challenge not in factors:
            yield "client.preferredChallenge", (f"{challenge} is not one of userPool.passwordless.firstFactors "
                                                f"({', '.join(factors)})")
    for key, name in (("webClient", spec.client.web_client), ("mobileClient", spec.client.mobile_client)):
        if name is None:
            continue
        if name not in spec.clients:
            yield f"client.{key}", f"no app client named {name!r}"
        elif spec.clients[name].generate_secret:
            yield f"client.{key}", f"client {name!r} has a secret; web and mobile apps must use a public client"


# ---- email -------------------------------------------------------------------------------------------------------

_SES_ONLY = (("from_address", "from"), ("reply_to", "replyTo"), ("configuration_set", "configurationSet"))


def ses_identity(arn: object) -> tuple[str, str, str, str] | None:
    """(partition, region, account, identity) of an SES identity ARN, or None when it is not one."""
    match = SES_IDENTITY_ARN.fullmatch(arn) if isinstance(arn, str) else None
    return match.groups() if match else None


def _email(spec: Spec) -> Iterator[Issue]:
    """The SES identity and the sender: API EmailConfigurationType ("SourceArn: The ARN of a verified email address or
    an address from a verified domain in Amazon SES"; "From: ... This address must be either individually verified
    with Amazon SES, or from a domain that has been verified with Amazon SES"). A domain identity covers its
    subdomains (SES guide "Creating and verifying identities": "you can send email from any subdomain or email address
    of the verified domain"); an address identity covers that address only. CDK refuses the same mismatch
    ('"fromEmail" contains a different domain than the "sesVerifiedDomain"', aws-cdk-lib user-pool.test.ts)."""
    email = spec.user_pool.email
    arn = email.ses_source_arn
    if arn is None:
        for field, key in _SES_ONLY:
            if getattr(email, field) is not None:
                yield f"userPool.email.{key}", ("needs sesSourceArn: without an SES identity Cognito sends with its "
                                                "own sender (no-reply@verificationemail.com) and this would be dropped")
        return
    if known(arn) is None:
        return  # a reference the deployment resolves
    parts = ses_identity(arn)
    if parts is None:
        yield "userPool.email.sesSourceArn", (f"{arn!r} is not an SES identity ARN "
                                              f"(arn:aws:ses:<region>:<account>:identity/<address or domain>)")
        return
    identity = parts[3].lower()
    sender = email.from_address
    if sender is None:
        if "@" not in identity:
            yield "userPool.email.from", (f"required with the domain identity {identity!r}: a domain is not an "
                                          f"address; name the one to send from, e.g. no-reply@{identity}")
        return
    address = parseaddr(sender)[1].lower()
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        yield "userPool.email.from", f"{sender!r} is not an email address (e.g. 'My App <no-reply@example.com>')"
    elif "@" in identity and address != identity:
        yield "userPool.email.from", (f"{address!r} is not {identity!r}, the SES address identity of sesSourceArn: "
                                      f"Cognito can send only from a verified address or from a verified domain; send "
                                      f"from {identity} or verify the domain")
    elif "@" not in identity and not (address.rsplit("@", 1)[1] == identity
                                      or address.rsplit("@", 1)[1].endswith(f".{identity}")):
        yield "userPool.email.from", (f"{address!r} is not in {identity!r}, the SES domain identity of sesSourceArn: "
                                      f"SES sends only from addresses of a verified domain (or its subdomains)")


def _ses_region(spec: Spec, region: str) -> Iterator[Issue]:
    """A pool sends with SES identities of its own Region only, except the pools of the Regions the Cognito guide
    lists ("Amazon SES email configuration Regions"), which may also use us-east-1, us-west-2 or eu-west-1; the table
    is `spec.facts.SES_REGIONS_BY_POOL_REGION`."""
    if spec.user_pool is None:
        return
    parts = ses_identity(known(spec.user_pool.email.ses_source_arn))
    if parts is None:
        return  # unset, not known yet, or not an SES ARN (reported by _email)
    partition, ses_region, _, _ = parts
    allowed = ses_regions(region)
    if ses_region not in allowed:
        yield "userPool.email.sesSourceArn", (
            f"the SES identity is in {ses_region}; a user pool in {region} can use SES identities in "
            f"{', '.join(allowed)} only (Cognito guide, \"Amazon SES email configuration Regions\"); verify the "
            f"identity in {region}")
    elif partition != partition_of(region):
        yield "userPool.email.sesSourceArn", (f"partition {partition!r}, but {region} is in {partition_of(region)!r}: "
                                              f"write arn:{partition_of(region)}:ses:...")
