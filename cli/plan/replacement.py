"""The replacement guard: compare a plan with the last applied one and name every change that would lose users or
identities, or leave the pool calling something that is gone.

AWS cannot change some inputs in place; the provider replaces the resource, and for a user pool that means a new,
empty pool: passwords cannot be exported, so every user is lost. Sources: Cognito "Updating user pool configuration",
terraform-provider-aws user_pool.go (ForceNew), pulumi-aws#828, #1237. Beyond replacements the guard knows the changes
docs/operations.md lists as refused: a region change, identity-pool login keys, a flip to throwaway, removing the
pre-token trigger the provider keeps, and the schema updates the provider turns into ``custom:`` attributes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from authstack.spec.facts import (
    IAM_ROLE, IDENTITY_POOL, IDENTITY_PROVIDER, LOG_GROUP, RESOURCE_SERVER, STANDARD_ATTRIBUTES, USER_GROUP, USER_POOL,
    USER_POOL_CLIENT,
    USER_POOL_DOMAIN,
)

LOCK_VERSION = 1

# type → (label, {input key: why it replaces}, consequence of a replacement)
GUARDED: dict[str, tuple[str, dict[str, str], str]] = {
    USER_POOL: (
        "user pool",
        {"usernameAttributes": "sign-in attributes", "aliasAttributes": "sign-in aliases",
         "usernameConfiguration": "username case sensitivity", "name": "the pool name"},
        "AWS creates a new, empty user pool: every user and password is lost",
    ),
    IDENTITY_POOL: (
        "identity pool",
        {"identityPoolName": "the identity pool name", "developerProviderName": "the developer provider name"},
        "AWS creates a new identity pool: every identity ID (and data keyed by it) is lost",
    ),
    IDENTITY_PROVIDER: (
        "identity provider",
        {"providerName": "the provider name", "providerType": "the provider type"},
        "the provider is recreated and federated users are unlinked",
    ),
    USER_POOL_CLIENT: (
        "app client",
        {"generateSecret": "whether the client has a secret"},
        "the client gets a new ID: every app built with the old one stops signing in",
    ),
    USER_GROUP: (
        "group",
        {"name": "the group name"},
        "the group is recreated empty: every membership, and the role claim it gave its members, is lost",
    ),
    RESOURCE_SERVER: (
        "resource server",
        {"identifier": "the identifier"},  # ForceNew in terraform-provider-aws cognito_resource_server.go
        "every scope is renamed (<identifier>/<scope>): APIs checking the old scope names reject new tokens, and "
        "clients requesting them get invalid_scope",
    ),
    LOG_GROUP: (
        "activity log group",
        {"name": "the log group name"},  # ForceNew in terraform-provider-aws cloudwatch log_group.go
        "a new, empty log group replaces it: the user activity history kept so far is deleted with the old one",
    ),
    USER_POOL_DOMAIN: (
        "hosted UI domain",
        {"domain": "the domain"},
        "the hosted UI moves: callback configuration at every social provider must change",
    ),
}


# lambdaConfig keys the provider declares Optional+Computed: leaving them out of the inputs keeps what AWS has, so
# the pool goes on calling the function (terraform-provider-aws#38617, #45529; user_pool.go lambda_config schema).
PROVIDER_KEPT_TRIGGERS = {"preTokenGenerationConfig": "preTokenGeneration", "preTokenGeneration": "preTokenGeneration"}
# Login keys of an identity pool: an identity is keyed by (provider, user ID at that provider). Facebook user IDs are
# app-scoped, so a new app ID, like a new Auth0 domain or OIDC issuer, makes every existing identity unreachable.
LOGIN_INPUTS = ("supportedLoginProviders", "openidConnectProviderArns", "samlProviderArns")


def lock(doc: dict) -> dict:
    """The part of a plan document the guard compares: guarded resources and the inputs that can lose users, plus the
    stack's region and whether it is protected."""
    resources = {}
    role_arns = {r.get("outputs", {}).get("arn") for r in doc["resources"] if r["type"] == IAM_ROLE}
    for r in doc["resources"]:
        if r["type"] not in GUARDED:
            continue
        keys = GUARDED[r["type"]][1]
        values = {k: r["inputs"].get(k) for k in sorted(keys)}
        if r["type"] == USER_POOL:
            values["schemas"] = _schemas(r["inputs"].get("schemas") or [])
            values["webAuthnRelyingPartyId"] = (r["inputs"].get("webAuthnConfiguration") or {}).get("relyingPartyId")
            lambda_config = r["inputs"].get("lambdaConfig")
            values["triggers"] = None if lambda_config is None else sorted(lambda_config)
            sms = r["inputs"].get("smsConfiguration")
            values["sms"] = sms is not None
            if sms is not None:  # whose SNS role the pool uses: one this stack creates, or an existing one (Gen 1's)
                values["smsRoleCreated"] = (sms or {}).get("snsCallerArn") in role_arns
        if r["type"] == IDENTITY_POOL:
            values.update({k: r["inputs"].get(k) for k in LOGIN_INPUTS})
        entry = {"type": r["type"], "values": values, "protect": bool(r.get("options", {}).get("protect"))}
        resources[r["name"]] = entry
    return {"version": LOCK_VERSION, "project": doc["project"], "stack": doc["stack"], "region": _region(doc),
            "resources": resources}


def _region(doc: dict) -> str | None:
    """The stack's region, from the ARNs and IDs the plan shows (a pool ARN, or an identity pool ID ``<region>:<uuid>``)."""
    for r in doc["resources"]:
        arn = r.get("outputs", {}).get("arn")
        if r["type"] == USER_POOL and isinstance(arn, str) and arn.count(":") >= 5:
            return arn.split(":")[3]
        rid = r.get("outputs", {}).get("id")
        if r["type"] == IDENTITY_POOL and isinstance(rid, str) and ":" in rid:
            return rid.split(":")[0]
    return None


def _schemas(schemas: list[dict]) -> dict[str, dict]:
    return {s["name"]: {k: v for k, v in sorted(s.items()) if k != "name"} for s in schemas}


def read_against(path: Path) -> dict:
    """A lock file, or a saved `authstack plan --format json` document, checked down to its inner types (a hand-edited
    or truncated lock must be refused in one line, not crash the comparison)."""
    from authstack.spec.errors import SpecError
    from authstack.spec.files import read_json

    label = str(path)
    data = read_json(path, label)
    shape_error = SpecError.one(label, "", "neither an authstack lock file nor an `authstack plan --format json` document")
    if isinstance(data, dict) and isinstance(data.get("resources"), list):
        data = _lock_of_plan(data, label)
    if not (isinstance(data, dict) and isinstance(data.get("resources"), dict)):
        raise shape_error
    if data.get("version") != LOCK_VERSION or isinstance(data.get("version"), bool):
        raise SpecError.one(label, "version", f"must be {LOCK_VERSION} (got {_shown(data.get('version'))})")
    for key in ("project", "stack"):
        if not isinstance(data.get(key), str):
            raise SpecError.one(label, key, f"must be a string (got {_shown(data.get(key))})")
    for name, entry in data["resources"].items():
        where = f"resources.{name}"
        if not isinstance(entry, dict):
            raise SpecError.one(label, where, "needs a type and values")
        if not isinstance(entry.get("type"), str):
            raise SpecError.one(label, f"{where}.type", f"must be a resource type string (got {_shown(entry.get('type'))})")
        values = entry.get("values")
        if not isinstance(values, dict):
            raise SpecError.one(label, f"{where}.values", f"must be an object (got {_shown(values)})")
        schemas = values.get("schemas")
        if "schemas" in values and not (isinstance(schemas, dict) and all(isinstance(v, dict) for v in schemas.values())):
            raise SpecError.one(label, f"{where}.values.schemas", "must be an object of attribute name → settings")
    return data


def _lock_of_plan(doc: dict, label: str) -> dict:
    from authstack.spec.errors import SpecError

    for i, r in enumerate(doc["resources"]):
        if not (isinstance(r, dict) and isinstance(r.get("type"), str) and isinstance(r.get("name"), str)
                and isinstance(r.get("inputs"), dict)):
            raise SpecError.one(label, f"resources[{i}]", "needs a type, a name and inputs")
        schemas = r["inputs"].get("schemas")
        if r["type"] in GUARDED and schemas is not None and not (
                isinstance(schemas, list) and all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in schemas)):
            raise SpecError.one(label, f"resources[{i}].inputs.schemas", "must be a list of attributes with names")
    if not all(isinstance(doc.get(k), str) for k in ("project", "stack")):
        raise SpecError.one(label, "", "neither an authstack lock file nor an `authstack plan --format json` document")
    return lock(doc)


def _shown(value: Any) -> str:
    from authstack.spec.errors import shown

    return shown(value)


def check_same_stack(before: dict, project: str, stack: str, path: Path) -> None:
    """Comparing with another stack's lock would report every resource as deleted: refuse it in one line."""
    from authstack.spec.errors import SpecError

    if (before["project"], before["stack"]) != (project, stack):
        raise SpecError.one(str(path), "stack", f"is the lock of {before['project']}/{before['stack']}, not {project}/{stack}")


def compare(before: dict, after: dict) -> list[dict[str, Any]]:
    """Every guarded change between two locks, as {resource, type, attribute, before, after, message}. Keys a lock
    written by an older authstack lacks are not compared."""
    changes = _stack_changes(before, after)
    for name, old in sorted(before["resources"].items()):
        label, keys, consequence = GUARDED.get(old["type"], ("resource", {}, "it is deleted"))
        new = after["resources"].get(name)
        if new is None:
            changes.append(_change(name, old["type"], "(resource)", "present", "removed",
                                   f"the {label} would be deleted: {consequence}"))
            continue
        for key, why in sorted(keys.items()):
            if _norm(old["values"].get(key)) != _norm(new["values"].get(key)):
                changes.append(_change(name, old["type"], key, old["values"].get(key), new["values"].get(key),
                                       f"changing {why} replaces the {label}: {consequence}"))
        if "schemas" in old["values"]:
            changes.extend(_schema_changes(name, old, new, consequence))
        changes.extend(_passkey_changes(name, old, new))
        if old["type"] == USER_POOL:
            changes.extend(_pool_changes(name, old, new))
        if old["type"] == IDENTITY_POOL:
            changes.extend(_login_changes(name, old, new))
    return changes


def _stack_changes(before: dict, after: dict) -> list[dict]:
    out = []
    old_region, new_region = before.get("region"), after.get("region")
    if old_region and new_region and old_region != new_region:
        out.append(_change("(stack)", "(stack)", "region", old_region, new_region,
                           f"moving the stack from {old_region} to {new_region} creates every resource anew, empty, in "
                           f"{new_region} and deletes the {old_region} ones: every user and identity is lost"))
    kept = [n for n, r in before["resources"].items() if r.get("protect") and n in after["resources"]]
    dropped = [n for n in kept if after["resources"][n].get("protect") is False]
    if dropped:
        out.append(_change("(stack)", "(stack)", "throwaway", False, True,
                           "flipping a deployed stack to throwaway turns off deletion protection and Pulumi protect on "
                           f"{', '.join(sorted(dropped))}: one `pulumi destroy` or a removed key would then delete its users"))
    return out


def _pool_changes(name: str, old: dict, new: dict) -> list[dict]:
    out = []
    before, after = old["values"].get("triggers"), new["values"].get("triggers")
    if before is not None and "triggers" in new["values"]:
        # Without any lambdaConfig the update sends none, and UpdateUserPool resets it: nothing is kept then.
        kept = set(PROVIDER_KEPT_TRIGGERS) if after is not None else set()
        after = after or []
        # One trigger, two keys (the legacy field and its config block): removed only when neither stays.
        staying = {PROVIDER_KEPT_TRIGGERS[k] for k in after if k in PROVIDER_KEPT_TRIGGERS}
        for key in sorted(k for k in set(before) & kept - set(after) if PROVIDER_KEPT_TRIGGERS[k] not in staying):
            trigger = PROVIDER_KEPT_TRIGGERS[key]
            out.append(_change(name, old["type"], f"lambdaConfig.{key}", "set", None,
                               f"removing the {trigger} trigger while other triggers stay leaves it on the pool (the "
                               "provider keeps this field, terraform-provider-aws#38617) but deletes its function: every "
                               f"sign-in would fail. Set triggers.{trigger}.retired: true instead (a pass-through keeps "
                               "sign-in working); see docs/operations.md"))
        for key in sorted(set(before) - kept - {"kmsKeyId"} - set(after)):
            out.append(_change(name, old["type"], f"lambdaConfig.{key}", "set", None,
                               f"the {key} trigger is removed from the pool first; its function is deleted after the "
                               "pool update (Pulumi deletes last)", blocking=False))
        if "kmsKeyId" in before and "kmsKeyId" not in after:
            out.append(_change(name, old["type"], "lambdaConfig.kmsKeyId", "set", None,
                               "the custom senders' KMS key leaves the program; a key authstack created is retained in "
                               "AWS (retainOnDelete), not deleted: schedule its deletion by hand once no pool names it "
                               "(docs/operations.md)", blocking=False))
    if old["values"].get("sms") and new["values"].get("sms") is False:
        role = ("so the SNS role authstack created is retained in AWS, not deleted (retainOnDelete); delete it by hand "
                "only together with the pool" if old["values"].get("smsRoleCreated", True) else
                "so the existing SNS role it names (not this stack's) must stay as it is while the pool exists")
        out.append(_change(name, old["type"], "smsConfiguration", "set", None,
                           "SMS off: the pool keeps its SMS configuration (the provider keeps this field and AWS cannot "
                           f"unset it in place), {role}", blocking=False))
    return out


def _login_changes(name: str, old: dict, new: dict) -> list[dict]:
    out = []
    for key in LOGIN_INPUTS:
        if key not in old["values"]:
            continue
        before, after = old["values"].get(key) or {}, new["values"].get(key) or {}
        if isinstance(before, list):
            lost = sorted(set(before) - set(after))
            for value in lost:
                out.append(_change(name, old["type"], key, value, None,
                                   f"identities signed in through {value} can no longer be reached (a changed or removed "
                                   "federation issuer or provider orphans every identity created through it)"))
            continue
        for login, value in sorted(before.items()):
            if after.get(login) != value:
                out.append(_change(name, old["type"], f"{key}.{login}", value, after.get(login),
                                   f"changing or removing the {login} login orphans every identity created through it "
                                   "(provider user IDs are scoped to the app ID: a new app means new, empty identities)"))
    return out



def _passkey_changes(name: str, old: dict, new: dict) -> list[dict]:
    """In place, but breaking: a passkey is bound to its relying party ID (WebAuthn), so a new or removed ID strands
    every registered passkey (API WebAuthnConfigurationType.RelyingPartyId)."""
    rp_before, rp_after = old["values"].get("webAuthnRelyingPartyId"), new["values"].get("webAuthnRelyingPartyId")
    if rp_before is None or rp_before == rp_after:
        return []
    what = f"moves passkeys to {rp_after!r}" if rp_after else "turns passkeys off"
    return [_change(name, old["type"], "webAuthnConfiguration.relyingPartyId", rp_before, rp_after,
                    f"changing the passkey relying party {rp_before!r} {what}: every registered passkey stops working "
                    f"and users must sign in another way and register again")]


def _schema_changes(name: str, old: dict, new: dict, consequence: str) -> list[dict]:
    out = []
    before, after = old["values"]["schemas"], new["values"].get("schemas", {})
    for attr, spec in sorted(before.items()):
        if attr not in after:
            out.append(_change(name, old["type"], f"schemas.{attr}", spec, None,
                               f"attribute {attr!r} cannot be removed from a user pool (Cognito refuses; forcing it means {consequence})"))
        elif _norm(after[attr]) != _norm(spec):
            out.append(_change(name, old["type"], f"schemas.{attr}", spec, after[attr],
                               f"attribute {attr!r} cannot be changed once created (Cognito refuses; forcing it means {consequence})"))
    for attr, spec in sorted(after.items()):
        if attr in before:
            continue
        if spec.get("required"):
            out.append(_change(name, old["type"], f"schemas.{attr}", None, spec,
                               f"a new required attribute {attr!r} cannot be added to an existing pool: {consequence}"))
        elif attr in STANDARD_ATTRIBUTES:
            # The provider sends every new schema entry to AddCustomAttributes (user_pool.go update path), and Cognito
            # turns a standard name into a new custom:<name> attribute beside the standard one.
            out.append(_change(name, old["type"], f"schemas.{attr}", None, spec,
                               f"declaring the standard attribute {attr!r} on an existing pool makes the provider call "
                               f"AddCustomAttributes, which creates a separate custom:{attr} instead; standard "
                               "attributes keep the shape they were created with"))
        # A new optional custom attribute is added in place (AddCustomAttributes): not a change the guard reports.
    return out


def _norm(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True)) if value is not None else None


def _change(name: str, typ: str, attribute: str, before: Any, after: Any, message: str, blocking: bool = True) -> dict:
    """``blocking``: the change fails the plan unless --allow-replace; a non-blocking one is a note on what `up` does."""
    return {"resource": name, "type": typ, "attribute": attribute, "before": before, "after": after, "message": message,
            "blocking": blocking}
