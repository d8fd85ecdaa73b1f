"""Point 5: role mappings. What AmbiguousRoleResolution does, pinned in the spec, the examples, the guardrail and the
importer.

Semantics (docs/operations.md, "Role mappings"): with type Rules, Deny gives no credentials to every user no rule
matches (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html). With type Token, the API
text names only "no cognito:preferred_role claim and multiple cognito:roles"; the console wording quoted in
https://github.com/aws/aws-cdk/issues/21398 ("If no roles are specified in the token, the role resolution will be
invoked ... You can also choose to DENY") and https://github.com/aws-amplify/amplify-js/issues/8644 ("The ambiguous role
mapping rules denied this request") show that a user in no group with a role is denied too. authstack designs for the
stricter reading: the author states the fallback, and Deny is only for stacks where every user matches.
"""
from __future__ import annotations

import json

import pytest

from authstack.policy.rules import evaluate
from tests.helpers import by_type, one
from tests.provider.conftest import stack_file
from tests.provider.helpers import cli, planned, write

ATTACHMENT = "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment"


def _findings(plan, rule):
    from authstack.cli.plan.document import document

    doc = document(plan, [], [])
    return [f for f in evaluate(doc["resources"]) if f.rule == rule]


@pytest.mark.parametrize("stack", ["prod", "federation"])
def test_examples_fall_back_to_the_authenticated_role(tmp_path, stack):
    """prod maps admins by token; federation maps partners by rule: with Deny every other user would get no
    credentials. Both now state AuthenticatedRole and pass the fallback guardrail."""
    p = planned(write(tmp_path, stack_file(stack)["config"]))
    [mapping] = one(p, ATTACHMENT).inputs["roleMappings"]
    assert mapping["ambiguousRoleResolution"] == "AuthenticatedRole"
    assert _findings(p, "role-mapping-fallback") == []


def test_the_author_must_state_the_fallback(tmp_path):
    config = stack_file("prod")["config"]
    config["authstack:identityPool"]["roleMappings"][0].pop("ambiguousRoleResolution")
    proc = cli("validate", "--stack", "x", "--project-dir", str(write(tmp_path, config)))
    assert proc.returncode == 2
    assert "authstack:identityPool.roleMappings[0].ambiguousRoleResolution" in proc.stderr


def test_deny_is_accepted_when_stated(tmp_path):
    config = stack_file("prod")["config"]
    config["authstack:identityPool"]["roleMappings"][0]["ambiguousRoleResolution"] = "Deny"
    p = planned(write(tmp_path, config))
    assert one(p, ATTACHMENT).inputs["roleMappings"][0]["ambiguousRoleResolution"] == "Deny"
    assert _findings(p, "role-mapping-fallback") == []


def test_fallback_role_that_grants_what_a_mapped_role_is_for_is_refused(tmp_path):
    config = stack_file("federation")["config"]
    roles = config["authstack:identityPool"]["roles"]
    roles["authenticated"]["policyStatements"].append({"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::partner-reports/*"]})
    p = planned(write(tmp_path, config))
    [finding] = _findings(p, "role-mapping-fallback")
    assert "partner" in finding.message and "s3:getobject on arn:aws:s3:::partner-reports/*" in finding.message


def test_token_fallback_is_checked_against_group_roles(tmp_path):
    config = stack_file("prod")["config"]
    statements = config["authstack:userPool"]["groups"]["admins"]["policyStatements"]
    config["authstack:identityPool"]["roles"]["authenticated"]["policyStatements"] = statements
    p = planned(write(tmp_path, config))
    [finding] = _findings(p, "role-mapping-fallback")
    assert "admins" in finding.message


def test_importer_keeps_gen1_fallback_and_never_advises_deny(tmp_path):
    """Gen 1's group stack falls back to the auth role; the import keeps it and no longer tells the user to switch to
    Deny, which would cut off every Gen 1 user in no group with a role."""
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "importer"))
    from importer_helpers import PULUMI_YAML, complete, import_json, run_cli

    (tmp_path / "Pulumi.yaml").write_text(PULUMI_YAML, encoding="utf-8")
    summary = import_json("shop-app", "prod", tmp_path)
    assert (tmp_path / "Pulumi.imported.yaml").read_text().count("ambiguousRoleResolution: AuthenticatedRole") == 2
    assert not [f for f in summary["afterImport"] if "roleMappings" in f["key"]]
    assert any("never switch to deny" in n.lower() for n in summary["notes"])
    complete(tmp_path, summary)
    doc = json.loads(run_cli("plan", "--stack", "imported", "--project-dir", str(tmp_path), "--format", "json").stdout)
    assert not [f for f in doc["findings"] if f["rule"].startswith("role-mapping")]
