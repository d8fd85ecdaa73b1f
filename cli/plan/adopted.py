"""What the first `pulumi up` of an adoption does to the live resources: the plan's adopted resources against the
snapshot of what AWS has (`snapshot.py`).

Since pulumi/pulumi#19339 an import no longer stops on a program that differs from the resource: Pulumi imports it,
then updates it to the program in the same run. So every input below that differs is a change to a live pool, client,
provider, group, domain or identity pool of real users, and `authstack plan --live` refuses it unless
`--allow-adopted-changes` (in place) or `--allow-replace` (a replacement) says it is meant.

Each Describe/Get response is mapped to the provider's input names (the plan's wire names) the way the provider's
Read fills its state (terraform-provider-aws internal/service/cognitoidp and cognitoidentity, which pulumi-aws
bridges). Only what the program sends is compared; what AWS has and the program leaves out is listed as a note.
"""
from __future__ import annotations

import json
import re
from typing import Any

from authstack.spec.facts import (
    DEFAULT_STRING_SHAPE, IDENTITY_POOL, IDENTITY_PROVIDER, ROLE_ATTACHMENT, STANDARD_ATTRIBUTE_SHAPES,
    STANDARD_ATTRIBUTES, USER_GROUP, USER_POOL, USER_POOL_CLIENT, USER_POOL_DOMAIN, VERIFICATION_FLAGS,
)

# API member name → provider input name, where the provider's name is not simply the API name in camelCase.
RENAMES = {
    "CustomSMSSender": "customSmsSender", "KMSKeyID": "kmsKeyId", "SMSMessage": "smsMessage",
    "CallbackURLs": "callbackUrls", "LogoutURLs": "logoutUrls", "DefaultRedirectURI": "defaultRedirectUri",
    "AllowedOAuthFlows": "allowedOauthFlows", "AllowedOAuthScopes": "allowedOauthScopes",
    "AllowedOAuthFlowsUserPoolClient": "allowedOauthFlowsUserPoolClient", "ClientName": "name", "GroupName": "name",
    "OpenIdConnectProviderARNs": "openidConnectProviderArns", "SamlProviderARNs": "samlProviderArns",
    "RoleARN": "roleArn", "SchemaAttributes": "schemas", "UserPoolTags": "tags", "From": "fromEmailAddress",
    "AttributesRequireVerificationBeforeUpdate": "attributesRequireVerificationBeforeUpdates",
}
# Inputs that name the parent resource: the same by construction (the import ID says so).
PARENT_INPUTS = frozenset({"userPoolId", "identityPoolId"})
# Lists whose order means something (the first matching rule wins); every other list is compared as a set.
ORDERED = frozenset({"mappingRules"})
# Nested keys the provider declares Optional+Computed: left out of a block the program sends, they keep what AWS has,
# so leaving them out is not a change (terraform-provider-aws user_pool.go: lambda_config's pre-token fields, #38617;
# verification_message_template's fields AWS mirrors from the top-level messages; the temporary password validity).
KEPT = {USER_POOL: frozenset({
    "lambdaConfig.preTokenGeneration", "lambdaConfig.preTokenGenerationConfig",
    "verificationMessageTemplate.smsMessage", "verificationMessageTemplate.emailMessageByLink",
    "verificationMessageTemplate.emailSubjectByLink", "verificationMessageTemplate.emailMessage",
    "verificationMessageTemplate.emailSubject", "passwordPolicy.temporaryPasswordValidityDays",
})}
# Top-level inputs the provider keeps when the program leaves them out (Optional+Computed, or a missing block's diff
# suppressed); every other input AWS has and the program leaves out is reset by the update, so it is a change.
# user_pool.go; the client (plugin framework, UseStateForUnknown), the provider and the domain keep what they read.
KEPT_WHEN_OMITTED: dict[str, frozenset[str] | None] = {
    USER_POOL: frozenset({"adminCreateUserConfig", "emailVerificationMessage", "emailVerificationSubject",
                          "passwordPolicy", "signInPolicy", "smsConfiguration", "smsVerificationMessage",
                          "verificationMessageTemplate", "accountRecoverySetting", "emailConfiguration",
                          "userPoolTier", "mfaConfiguration", "tags"}),
    USER_POOL_CLIENT: None, IDENTITY_PROVIDER: None, USER_POOL_DOMAIN: None,  # None: everything is kept
}
# What AWS answers for a client created without ExplicitAuthFlows (Gen 1 creates both clients so): Cognito's
# documented default (UserPoolClientType.ExplicitAuthFlows).
DEFAULT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]


def _camel(name: str) -> str:
    return RENAMES.get(name) or name[:1].lower() + name[1:]


def _inputs(value: Any) -> Any:
    if isinstance(value, dict):
        return {_camel(k): _inputs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inputs(v) for v in value]
    return value


def _standard_default(attr: dict) -> bool:
    """An attribute in the shape Cognito gives every standard attribute; the provider leaves these out of its state
    unless the program declares them (flattenUserPoolSchema, UserPoolSchemaAttributeMatchesStandardAttribute)."""
    name = attr.get("Name")
    if name in ("sub", "identities"):
        # Cognito's own: `sub` always, `identities` added with the first federated provider (StringAttributeConstraints
        # {}); flattenSchemaAttributeTypes skips both.
        return True
    if name not in STANDARD_ATTRIBUTES and name not in VERIFICATION_FLAGS:
        return False
    if name in VERIFICATION_FLAGS:
        kind, limits = "Boolean", {}
    else:
        kind, limits = STANDARD_ATTRIBUTE_SHAPES.get(name, DEFAULT_STRING_SHAPE)
    constraints = attr.get("StringAttributeConstraints") or attr.get("NumberAttributeConstraints") or {}
    shape = {re.sub(r"(?<!^)([A-Z])", r"_\1", k).lower(): v for k, v in constraints.items()}
    return (attr.get("AttributeDataType") == kind and not attr.get("Required") and attr.get("Mutable", True)
            and not attr.get("DeveloperOnlyAttribute") and (not limits or shape == limits))


def user_pool_inputs(pool: dict, mfa: dict | None, declared: dict[str, dict]) -> dict:
    """DescribeUserPool (+ GetUserPoolMfaConfig) as the provider's inputs. ``declared``: the program's schema entries
    by name. A standard attribute in Cognito's default shape stays out of the provider's state unless the program
    declares it exactly so (flattenUserPoolSchema): declared differently, the update adds it, which is the
    AddCustomAttributes trap the replacement guard names."""
    pool = dict(pool)
    policies = pool.pop("Policies", {}) or {}
    schemas = []
    for attr in pool.pop("SchemaAttributes", []) or []:
        name = str(attr.get("Name", "")).removeprefix("custom:")
        entry = {**_inputs(attr), "name": name}
        if _standard_default(attr) and (name not in declared or _canon(declared[name]) != _canon(entry)):
            continue
        schemas.append(entry)
    for key in ("Id", "Arn", "Domain", "CustomDomain", "SmsConfigurationFailure", "EmailConfigurationFailure", "Status"):
        pool.pop(key, None)
    admin = dict(pool.get("AdminCreateUserConfig") or {})
    admin.pop("UnusedAccountValidityDays", None)  # deprecated: no provider input (the password policy's field instead)
    if "AdminCreateUserConfig" in pool:
        pool["AdminCreateUserConfig"] = admin
    out = _inputs(pool)
    if "PasswordPolicy" in policies:
        out["passwordPolicy"] = _inputs(policies["PasswordPolicy"])
    if "SignInPolicy" in policies:
        out["signInPolicy"] = _inputs(policies["SignInPolicy"])
    out["schemas"] = schemas
    out.setdefault("deletionProtection", "INACTIVE")  # the API's default when the pool never set it
    out.setdefault("mfaConfiguration", "OFF")
    if mfa:
        out["mfaConfiguration"] = mfa.get("MfaConfiguration", out["mfaConfiguration"])
        for key in ("SoftwareTokenMfaConfiguration", "EmailMfaConfiguration", "WebAuthnConfiguration"):
            if mfa.get(key) is not None:
                out[_camel(key)] = _inputs(mfa[key])
    return out


def client_inputs(client: dict) -> dict:
    client = dict(client)
    has_secret = bool(client.pop("ClientSecret", None))
    for key in ("UserPoolId", "ClientId"):
        client.pop(key, None)
    out = _inputs(client)
    out["generateSecret"] = has_secret
    out.setdefault("preventUserExistenceErrors", "LEGACY")  # what an old client without the setting does
    out.setdefault("explicitAuthFlows", list(DEFAULT_AUTH_FLOWS))
    return out


def provider_inputs(provider: dict) -> dict:
    """The provider's inputs. ``providerDetails`` keeps its API keys (snake_case or Cognito's own names), secrets
    already removed by the snapshot; only the keys the program sends in plain are compared (see `check`)."""
    provider = dict(provider)
    details = provider.pop("ProviderDetails", None) or {}
    provider.pop("UserPoolId", None)
    out = _inputs(provider)
    out["providerDetails"] = dict(details)
    return out


def identity_pool_inputs(pool: dict) -> dict:
    pool = dict(pool)
    for key in ("IdentityPoolId", "IdentityPoolTags"):
        pool.pop(key, None)
    return _inputs(pool)


def role_attachment_inputs(roles: dict) -> dict:
    """GetIdentityPoolRoles as the attachment's inputs: creating the attachment (SetIdentityPoolRoles) replaces the
    live roles and role mappings whole, so they are compared too although the attachment itself is new."""
    mappings = []
    for provider, mapping in sorted((roles.get("RoleMappings") or {}).items()):
        entry = {"identityProvider": provider, "type": mapping.get("Type"),
                 "ambiguousRoleResolution": mapping.get("AmbiguousRoleResolution")}
        rules = (mapping.get("RulesConfiguration") or {}).get("Rules")
        if rules:
            entry["mappingRules"] = _inputs(rules)
        mappings.append({k: v for k, v in entry.items() if v is not None})
    return {"roles": dict(roles.get("Roles") or {}), "roleMappings": mappings}


def live_inputs(resource: dict, snapshot: dict, declared_attributes: dict[str, dict]) -> dict | str:
    """The live inputs of one plan resource, or why the snapshot does not describe it (a string)."""
    typ, imported = resource["type"], resource["options"].get("import")
    pool = snapshot.get("userPool") or {}
    if typ == USER_POOL:
        if not pool:
            return "no user pool in the snapshot"
        if pool.get("Id") != imported:
            return f"the snapshot describes pool {pool.get('Id')!r}, the stack adopts {imported!r}"
        return user_pool_inputs(pool, snapshot.get("mfaConfig"), declared_attributes)
    if typ == USER_POOL_DOMAIN and imported:
        domain = snapshot.get("domain") or {}
        if domain.get("Domain") != imported:
            return f"the snapshot describes domain {domain.get('Domain')!r}, the stack adopts {imported!r}"
        if pool and domain.get("UserPoolId") != pool.get("Id"):
            return f"domain {imported!r} belongs to pool {domain.get('UserPoolId')!r}, not the adopted pool"
        if domain.get("Status") not in (None, "ACTIVE"):
            return f"domain {imported!r} is {domain.get('Status')} in AWS"
        out = {"domain": domain.get("Domain")}
        if (domain.get("CustomDomainConfig") or {}).get("CertificateArn"):
            out["certificateArn"] = domain["CustomDomainConfig"]["CertificateArn"]
        if domain.get("ManagedLoginVersion") is not None:
            out["managedLoginVersion"] = domain["ManagedLoginVersion"]
        return out
    if typ == IDENTITY_POOL:
        ident = snapshot.get("identityPool") or {}
        if ident.get("IdentityPoolId") != imported:
            return f"the snapshot describes identity pool {ident.get('IdentityPoolId')!r}, the stack adopts {imported!r}"
        return identity_pool_inputs(ident)
    if typ == ROLE_ATTACHMENT:
        roles = snapshot.get("identityPoolRoles") or {}
        ident = (snapshot.get("identityPool") or {}).get("IdentityPoolId")
        if not roles or roles.get("IdentityPoolId", ident) != ident:
            return "no roles of the adopted identity pool in the snapshot"
        return role_attachment_inputs(roles)
    if typ not in KEYED_KINDS:
        return f"{typ} is not compared with AWS"
    section, label, key_of, convert = KEYED_KINDS[typ]
    found = (snapshot.get(section) or {}).get(key_of(imported))
    if found is None:
        return f"no {label} {key_of(imported)!r} in the snapshot"
    if found.get("UserPoolId", pool.get("Id")) != pool.get("Id"):
        return f"the {label} {key_of(imported)!r} described belongs to pool {found.get('UserPoolId')!r}"
    return convert(found)


def _group_inputs(group: dict) -> dict:
    return _inputs({k: v for k, v in group.items() if k != "UserPoolId"})


#: Adopted resources described one per ID or name: type → (snapshot section, label, the key in the section from the
#: import ID, the mapping to inputs).
KEYED_KINDS = {
    USER_POOL_CLIENT: ("clients", "client", lambda i: i.rsplit("/", 1)[-1], client_inputs),
    IDENTITY_PROVIDER: ("identityProviders", "identity provider", lambda i: i.split(":", 1)[-1], provider_inputs),
    USER_GROUP: ("groups", "group", lambda i: i.split("/", 1)[-1], _group_inputs),
}


# --- comparison ----------------------------------------------------------------------------------------------------

def _empty(value: Any) -> bool:
    return value is None or value is False or value == [] or value == {} or value == ""


def _scalar(value: Any) -> Any:
    # The API returns some numbers as strings (schema constraints) and the wire has only floats.
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def _keyed(items: list) -> dict | None:
    """Lists of named things compared item by item: schema attributes, role mappings, identity-pool providers."""
    for key in ("name", "identityProvider", "clientId"):
        if items and all(isinstance(i, dict) and key in i for i in items):
            return {str(i[key]): i for i in items}
    return None


def _diff(path: str, planned: Any, live: Any, kept: frozenset[str], out: list) -> None:
    if _empty(planned) and _empty(live):
        return
    if isinstance(planned, dict) and isinstance(live, dict):
        for key in sorted(set(planned) | set(live)):
            sub = f"{path}.{key}"
            if key not in planned and sub in kept:
                continue
            _diff(sub, planned.get(key), live.get(key), kept, out)
        return
    if isinstance(planned, list) and isinstance(live, list):
        a, b = _keyed(planned), _keyed(live)
        if a is not None and b is not None:
            _diff(path, a, b, kept, out)
            return
        leaf = path.rsplit(".", 1)[-1]
        norm = (lambda xs: [_canon(x) for x in xs]) if leaf in ORDERED else (lambda xs: sorted(_canon(x) for x in xs))
        if norm(planned) != norm(live):
            out.append((path, live, planned))
        return
    if _canon(planned) != _canon(live):
        out.append((path, live, planned))


def _canon(value: Any) -> str:
    def walk(v):
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items() if not _empty(x)}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return _scalar(v)
    return json.dumps(walk(value), sort_keys=True)


def compare(resource: dict, live: dict, plain_details: dict | None = None) -> tuple[list[tuple[str, Any, Any]], list[str]]:
    """(differences as (input path, live value, planned value), notes on what AWS has that the program leaves out and
    the provider keeps). ``plain_details``: an identity provider's ProviderDetails without its secret, compared key by
    key (the secret itself cannot be: it is never in the snapshot, and a Pulumi secret in the plan)."""
    planned = dict(resource["inputs"])
    typ = resource["type"]
    secret = set(resource.get("secretInputs") or [])
    if typ == IDENTITY_PROVIDER and plain_details is not None:
        planned["providerDetails"] = plain_details
        secret.discard("providerDetails")
        live = {**live, "providerDetails": {k: v for k, v in (live.get("providerDetails") or {}).items()
                                            if k in plain_details}}
    kept = KEPT.get(typ, frozenset())
    diffs: list[tuple[str, Any, Any]] = []
    for key in sorted(planned):
        if key in PARENT_INPUTS or key in secret or key not in live and key == "tags":
            continue
        _diff(key, planned[key], live.get(key), kept, diffs)
    keeps = KEPT_WHEN_OMITTED.get(typ, frozenset())
    notes = []
    for key in sorted(live):
        if key in planned or key in PARENT_INPUTS or key in secret or _empty(live[key]):
            continue
        if keeps is None or key in keeps:
            notes.append(key)
        else:
            diffs.append((key, live[key], None))  # Optional, not Computed: the update sends none, AWS resets it
    return diffs, notes


# --- the plan's view ------------------------------------------------------------------------------------------------

def check(doc: dict, snapshot: dict, label: str, provider_details: dict[str, dict] | None = None) -> dict:
    """``{"snapshot", "changes": [{resource, type, import, path, live, planned[, message]}], "notes": [{resource, key}],
    "missing": [{resource, why}], "replacements": [...]}`` for every adopted resource of a plan document (and the role
    attachment of an adopted identity pool, which overwrites the live roles and mappings). ``replacements`` are the
    replacement guard's findings (replacement.compare) between the live and the planned inputs.
    ``provider_details``: provider name → its plain ProviderDetails (`infra.identity_providers.plain_details`)."""
    from authstack.cli.plan import replacement

    pool = next((r for r in doc["resources"] if r["type"] == USER_POOL), None)
    declared = {s.get("name"): s for s in (pool or {}).get("inputs", {}).get("schemas") or []}
    identity_adopted = any(r["type"] == IDENTITY_POOL and r["options"].get("import") for r in doc["resources"])
    checked, missing, live_doc = [], [], []
    for r in doc["resources"]:
        if not r.get("custom", True):
            continue
        if not (r["options"].get("import") or (r["type"] == ROLE_ATTACHMENT and identity_adopted)):
            continue
        live = live_inputs(r, snapshot, declared)
        if isinstance(live, str):
            missing.append({"resource": r["name"], "why": live})
            continue
        checked.append((r, live))
        if "generateSecret" in (r["options"].get("ignoreChanges") or []):
            # Ignored on an adopted client (the provider cannot read it back), so never a replacement; a spec that
            # disagrees with AWS is listed below as a change to fix in the spec.
            live = {**live, "generateSecret": r["inputs"].get("generateSecret")}
        live_doc.append({**r, "inputs": live})
    before = replacement.lock({"project": doc["project"], "stack": doc["stack"], "resources": live_doc})
    after = replacement.lock({"project": doc["project"], "stack": doc["stack"],
                              "resources": [r for r, _ in checked]})
    replaced = [c for c in replacement.compare(before, after) if c["resource"] != "(stack)"]
    flagged = {(c["resource"], c["attribute"]) for c in replaced}
    changes, notes = [], []
    for r, live in checked:
        details = (provider_details or {}).get(r["inputs"].get("providerName")) if r["type"] == IDENTITY_PROVIDER else None
        diffs, only_live = compare(r, live, details)
        for path, was, now in diffs:
            if any(r["name"] == name and (path == attr or path.startswith(f"{attr}.")) for name, attr in flagged):
                continue  # the replacement guard says it, with its consequence
            change = {"resource": r["name"], "type": r["type"], "import": r["options"].get("import"), "path": path,
                      "live": was, "planned": now}
            if path == "generateSecret":
                change["message"] = ("the spec does not match the live client; `up` leaves the secret as it is "
                                     "(generateSecret is ignored on adopted clients), so correct the spec")
            elif now is None:
                change["message"] = "set in AWS and left out by the program: the update resets it"
            changes.append(change)
        notes.extend({"resource": r["name"], "key": key} for key in only_live)
    return {"snapshot": label, "changes": changes, "notes": notes, "missing": missing,
            "replacements": [{**c, "adopted": True} for c in replaced]}


def validate(snapshot: dict, label: str) -> None:
    """Map every section once, so a hand-edited snapshot of the wrong inner shape is bad input (exit 2, before any
    plan is written), not a crash in the comparison."""
    from authstack.spec.errors import SpecError

    checks = [("userPool", lambda v: user_pool_inputs(v, snapshot.get("mfaConfig"), {})),
              ("identityPool", identity_pool_inputs), ("identityPoolRoles", role_attachment_inputs)]
    checks += [(f"{section}.{key}", lambda v, f=convert: f(v)) for section, convert in
               (("clients", client_inputs), ("identityProviders", provider_inputs), ("groups", _group_inputs))
               for key in sorted(snapshot.get(section) or {})]
    for path, convert in checks:
        section, _, key = path.partition(".")
        value = snapshot.get(section)
        if value is None:
            continue
        value = value[key] if key else value
        try:
            probe = convert(value)
            _canon(probe)
            for entry in probe.get("schemas", []) + probe.get("roleMappings", []):
                if not isinstance(entry, dict):
                    raise TypeError
        except (AttributeError, TypeError, ValueError, KeyError):
            raise SpecError.one(label, path, "is not shaped like the AWS response it stands for "
                                             "(run `authstack describe-adopted` again)") from None
