"""The identity pool: name, guest access, the user-pool clients it trusts, direct federation, and the Amplify
auth/unauth roles (adopted by ARN with every policy other Amplify categories attached to them)."""
from __future__ import annotations

import re
from typing import Any

from authstack.cli.importer.findings import Findings, FollowUp
from authstack.cli.importer.mapping.settings import Cfg
from authstack.spec.facts import LOGINS_KEYS

# Identity-pool federation: Logins key → (spec field, Gen 1 key).
FEDERATION = {
    LOGINS_KEYS["facebook"]: ("facebookAppId", "facebookAppId"),
    LOGINS_KEYS["google"]: ("googleClientId", "googleClientId"),
    LOGINS_KEYS["amazon"]: ("amazonAppId", "amazonAppId"),
    LOGINS_KEYS["apple"]: ("appleServicesId", "appleAppId"),
}


def identity_pool(cfg: Cfg, has_user_pool: bool, has_groups: bool, findings: Findings) -> dict[str, Any]:
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
        # Kept: with Deny every user in no group with a role, most Gen 1 users, would get no credentials.
        pool["roleMappings"] = [
            {"provider": f"userPool:{c}", "type": "Token", "ambiguousRoleResolution": "AuthenticatedRole"}
            for c in ("native", "web")
        ]
        findings.note("identityPool.roleMappings: Gen 1 falls back to the auth role for users whose groups give no "
                      "single role (most users); kept as AuthenticatedRole. Never switch to Deny unless every user is "
                      "in a group with a role: with Deny the others get no credentials")
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

