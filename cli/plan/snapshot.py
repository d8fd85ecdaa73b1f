"""The live state of a stack's adopted resources, as AWS describes them: `authstack describe-adopted` writes it, `authstack
plan --live` compares the plan with it (`adopted.py`).

Since pulumi/pulumi#19339 an import no longer fails when the program differs from the resource: the first `up` imports
it and then updates it to the program in the same run. What the import brings in is what the provider reads, which is
what these Describe/Get calls return; comparing against them is the only way to see that update before it happens.

The file (``authstack.<stack>.live.json``) holds the API responses as they are, minus what is secret (client secrets,
identity-provider secrets and keys: removed before anything is written, and again when a file is read) and the
timestamps (so the same live state gives the same bytes). It may be committed and reviewed like a lock.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SNAPSHOT_VERSION = 1
KIND = "authstack-live-snapshot"
REMOVED = "[removed]"

#: Keys whose values are secret wherever they appear: DescribeUserPoolClient.ClientSecret, and the ProviderDetails
#: entries of DescribeIdentityProvider that hold an OAuth client secret or Apple's private key.
SECRET_KEYS = frozenset({"ClientSecret", "client_secret", "private_key", "MetadataFile"})
#: Keys that change without any change of configuration.
VOLATILE_KEYS = frozenset({"LastModifiedDate", "CreationDate", "EstimatedNumberOfUsers", "ResponseMetadata",
                           "ClientSecretExpiresAt"})

#: Sections keyed by client ID, provider name or group name.
KEYED = ("clients", "identityProviders", "groups")
#: Sections of the file: kind → the API response it holds.
SECTIONS = {
    "userPool": "DescribeUserPool .UserPool",
    "mfaConfig": "GetUserPoolMfaConfig",
    "clients": "DescribeUserPoolClient .UserPoolClient, by client ID",
    "domain": "DescribeUserPoolDomain .DomainDescription",
    "identityProviders": "DescribeIdentityProvider .IdentityProvider, by provider name",
    "groups": "GetGroup .Group, by group name",
    "identityPool": "DescribeIdentityPool",
    "identityPoolRoles": "GetIdentityPoolRoles",
}


def scrub(value: Any) -> Any:
    """The response without secrets and timestamps (a secret's presence is kept: a client *has* a secret)."""
    if isinstance(value, dict):
        return {k: (REMOVED if k in SECRET_KEYS and v not in (None, "") else scrub(v))
                for k, v in sorted(value.items()) if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def render(snapshot: dict) -> str:
    return json.dumps(scrub(snapshot), indent=2, sort_keys=True, default=str) + "\n"


def read(path: Path, project: str, stack: str, region: str) -> dict:
    """A snapshot file, checked: its kind and version, that it is this stack's and region's, and each section's type.
    Secrets a hand-made file might hold are dropped here too, so no later message can show one."""
    from authstack.spec.errors import SpecError
    from authstack.spec.files import read_json

    label = str(path)
    data = read_json(path, label)
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise SpecError.one(label, "kind", f"is not an `authstack describe-adopted` snapshot (kind must be {KIND!r})")
    if data.get("version") != SNAPSHOT_VERSION or isinstance(data.get("version"), bool):
        raise SpecError.one(label, "version", f"must be {SNAPSHOT_VERSION}")
    for key, expected in (("project", project), ("stack", stack), ("region", region)):
        if data.get(key) != expected:
            raise SpecError.one(label, key, f"is {data.get(key)!r}: this snapshot is not of {project}/{stack} in {region}")
    for key in SECTIONS:
        value = data.get(key)
        keyed = key in KEYED
        if value is not None and not (isinstance(value, dict) and (not keyed or all(isinstance(v, dict) for v in value.values()))):
            raise SpecError.one(label, key, f"must be an object ({SECTIONS[key]})")
    from authstack.cli.plan.adopted import validate

    data = scrub(data)
    validate(data, label)
    return data


def describe(spec, project: str, stack: str, region: str, session=None) -> dict:
    """Call the read-only Describe/Get APIs for every resource the stack adopts. ``session``: a boto3 session (tests
    point it at a local emulator); credentials and endpoint otherwise come from the usual AWS environment."""
    import boto3

    session = session or boto3.session.Session(region_name=region)
    idp = session.client("cognito-idp", region_name=region)
    adopt = spec.adopt
    out: dict[str, Any] = {"kind": KIND, "version": SNAPSHOT_VERSION, "project": project, "stack": stack, "region": region}
    pool_id = adopt.user_pool_id
    if pool_id:
        out["userPool"] = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        out["mfaConfig"] = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
        out["clients"] = {cid: idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=cid)["UserPoolClient"]
                          for cid in sorted(adopt.clients.values())}
        if adopt.domain:
            domain = idp.describe_user_pool_domain(Domain=adopt.domain).get("DomainDescription") or {}
            if not domain.get("Domain"):  # AWS answers an unknown domain with an empty description, not an error
                from authstack.spec.errors import SpecError

                raise SpecError.one("authstack:adopt.domain", "", f"{adopt.domain!r}: AWS has no such domain")
            out["domain"] = domain
        out["identityProviders"] = {
            name: idp.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)["IdentityProvider"]
            for name in sorted(adopt.adopted_providers())}
        out["groups"] = {name: idp.get_group(UserPoolId=pool_id, GroupName=name)["Group"]
                         for name in sorted(adopt.adopted_groups())}
    if adopt.identity_pool_id:
        identity = session.client("cognito-identity", region_name=region)
        out["identityPool"] = identity.describe_identity_pool(IdentityPoolId=adopt.identity_pool_id)
        out["identityPoolRoles"] = identity.get_identity_pool_roles(IdentityPoolId=adopt.identity_pool_id)
    return scrub(out)
