"""Issue 10 through the public commands: for every class, stacks with one mistake (derived from the example stacks)
are refused by `authstack validate` or `authstack plan`, and secure-but-unusual stacks are accepted.

Each case is (id, base example stack, `authstack:` keys replaced, the command that must decide, expected verdict,
a fragment of the message). `refuse` means: validate exits 2 (a spec problem) or plan exits 1 with a mandatory
finding; `advise` means an advisory finding and exit 0; `accept` means both commands exit 0 with no mandatory finding.
"""
from __future__ import annotations

import copy
import json

import pytest
import yaml
from typer.testing import CliRunner

from authstack.cli.main import app
from tests.helpers import ROOT, project

ACCOUNT = "123456789012"
PROD = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
DEV = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())["config"]
FED = yaml.safe_load((ROOT / "Pulumi.federation.yaml").read_text())["config"]


def prod_role(*statements: dict, role: str = "authenticated") -> dict:
    """Prod's identity pool with the given statements on one of its roles."""
    pool = copy.deepcopy(PROD["authstack:identityPool"])
    pool["roles"] = {role: {"policyStatements": list(statements)}}
    return {"authstack:identityPool": pool}


def dev_guest(*statements: dict) -> dict:
    pool = copy.deepcopy(DEV["authstack:identityPool"])
    pool["roles"]["unauthenticated"]["policyStatements"] = list(statements)
    return {"authstack:identityPool": pool}


def prod_group(name: str, **group) -> dict:
    pool = copy.deepcopy(PROD["authstack:userPool"])
    pool["groups"][name] = group
    return {"authstack:userPool": pool}


def st(actions, resources, **extra) -> dict:
    return {"actions": [actions] if isinstance(actions, str) else actions,
            "resources": [resources] if isinstance(resources, str) else resources, **extra}


S3_OWN = f"arn:aws:s3:::myapp-prod-data/private/${{cognito-identity.amazonaws.com:sub}}/*"

# ---- class 1: privilege, not spelling ----------------------------------------------------------------------------
PRIVILEGE = [
    ("passrole-lambda", "prod", prod_role(st(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
                                             f"arn:aws:iam::{ACCOUNT}:role/app-backend")),
     "refuse", "allows privilege escalation to every signed-in user (PassExistingRoleToNewLambdaThenInvoke"),
    ("iam-star-scoped", "prod", prod_role(st("iam:*", f"arn:aws:iam::{ACCOUNT}:role/app-*")),
     "refuse", "grants permissions management"),
    ("update-function-code", "prod", prod_role(st("lambda:UpdateFunctionCode",
                                                  f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders")),
     "refuse", "EditExistingLambdaFunctionWithRole"),
    ("assume-any-role", "prod", prod_role(st("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/*")),
     "refuse", "sts:AssumeRole on any role"),
    ("secret-value", "prod", prod_role(st("secretsmanager:GetSecretValue",
                                          f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:app-config")),
     "refuse", "return credentials or secrets (secretsmanager:GetSecretValue)"),
    ("kms-decrypt-any-key", "prod", prod_role(st("kms:Decrypt", f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/*")),
     "refuse", "matches every kms key"),
    ("admin-add-to-group", "prod", prod_role(st("cognito-idp:AdminAddUserToGroup",
                                                f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_x")),
     "refuse", "cognito-idp:AdminAddUserToGroup, a backend-only Cognito action"),
    ("admin-create-user", "prod", prod_role(st("cognito-idp:AdminCreateUser",
                                               f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_x")),
     "refuse", "backend-only Cognito action"),
    ("developer-identity-token", "federation", {"authstack:identityPool": {
        **FED["authstack:identityPool"], "roles": {**FED["authstack:identityPool"]["roles"], "authenticated": {
            "policyStatements": [st("cognito-identity:GetOpenIdTokenForDeveloperIdentity",
                                    f"arn:aws:cognito-identity:us-east-1:{ACCOUNT}:identitypool/us-east-1:x")]}}}},
     "refuse", "GetOpenIdTokenForDeveloperIdentity, a backend-only Cognito action"),
    ("all-buckets", "prod", prod_role(st("s3:GetObject", "arn:aws:s3:::*")), "refuse", "matches every s3 bucket"),
    ("all-tables", "prod", prod_role(st("dynamodb:Query", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/*")),
     "refuse", "matches every dynamodb table"),
    ("all-functions", "prod", prod_role(st("lambda:InvokeFunction", f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:*")),
     "refuse", "matches every lambda function"),
    ("arn-star", "prod", prod_role(st("s3:GetObject", "arn:*")), "refuse", "matches every resource of every kind"),
    ("guest-whole-s3", "dev", dev_guest(st("s3:*", "arn:aws:s3:::myapp-dev-public/*")),
     "refuse", "grants s3:* (every s3 action) to every guest"),
    ("guest-whole-dynamodb", "dev", dev_guest(st("dynamodb:*", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/catalog")),
     "refuse", "grants dynamodb:* (every dynamodb action) to every guest"),
    ("other-account", "dev", dev_guest(
        st("geo:SearchPlaceIndexForText", f"arn:aws:geo:eu-west-1:{ACCOUNT}:place-index/dev-places"),
        st("s3:GetObject", "arn:aws:s3:::x/y"),
        st("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:999999999999:table/catalog")),
     "refuse", "is in account 999999999999, not this stack's account 123456789012"),
    ("shared-writes", "prod", prod_role(st("s3:PutObject", "arn:aws:s3:::myapp-prod-data/uploads/*")),
     "advise", "scope it per user with ${cognito-identity.amazonaws.com:sub}"),
    ("group-passrole", "prod", prod_group("ops", precedence=5, policyStatements=[
        st(["iam:PassRole", "ec2:RunInstances"], f"arn:aws:iam::{ACCOUNT}:role/ops")]),
     "refuse", "CreateEC2WithExistingIP"),
    ("guest-is-group-role", "dev", {
        "authstack:identityPool": {**DEV["authstack:identityPool"], "roles": {
            "unauthenticated": {"arn": f"arn:aws:iam::{ACCOUNT}:role/shared"}}},
        "authstack:userPool": {**DEV["authstack:userPool"], "groups": {
            "admins": {"precedence": 0, "roleArn": f"arn:aws:iam::{ACCOUNT}:role/shared"}}}},
     "refuse", "the guest role"),
    ("referenced-role", "prod", prod_group("auditors", precedence=7, roleArn=f"arn:aws:iam::{ACCOUNT}:role/auditors"),
     "advise", "is referenced, not created"),
]

ACCEPTED = [
    ("guest-location-rum", "dev", dev_guest(
        st(["geo:SearchPlaceIndexForText", "geo:GetPlace", "geo:GetMap*"],
           [f"arn:aws:geo:eu-west-1:{ACCOUNT}:place-index/dev-places", f"arn:aws:geo:eu-west-1:{ACCOUNT}:map/dev-map"]),
        st("rum:PutRumEvents", f"arn:aws:rum:eu-west-1:{ACCOUNT}:appmonitor/dev-app")), "accept", ""),
    ("per-user-s3", "prod", prod_role(st(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], S3_OWN)), "accept", ""),
    ("per-user-dynamodb", "prod", prod_role(st(["dynamodb:GetItem", "dynamodb:PutItem"],
                                               f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/notes", conditions={
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"]}})),
     "accept", ""),
    ("api-routes", "prod", prod_role(st("execute-api:Invoke", f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:abc123/prod/*")),
     "accept", ""),
    ("group-admin-reads", "prod", prod_group("support", precedence=3, policyStatements=[
        st(["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"],
           f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_abc")]), "accept", ""),
]

CASES = PRIVILEGE + ACCEPTED

runner = CliRunner()


def _run(tmp_path, base: str, overlay: dict):
    root = project(tmp_path, stack="t", config=overlay, base=base)
    validate = runner.invoke(app, ["validate", "--stack", "t", "--project-dir", str(root)])
    if validate.exit_code != 0:
        return validate, None
    plan = runner.invoke(app, ["plan", "--stack", "t", "--format", "json", "--project-dir", str(root)])
    return validate, plan


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_guardrail_class(tmp_path, case):
    _, base, overlay, verdict, fragment = case
    validate, plan = _run(tmp_path, base, overlay)
    if plan is None:  # refused by validate: one line per problem, naming the file and key path
        assert verdict == "refuse", validate.output
        assert validate.exit_code == 2 and fragment in validate.output, validate.output
        assert "Pulumi.t.yaml: authstack:" in validate.output
        return
    assert plan.exit_code in (0, 1), plan.output
    findings = json.loads(plan.stdout)["findings"]
    mandatory = [f["message"] for f in findings if f["severity"] == "mandatory"]
    advisory = [f["message"] for f in findings if f["severity"] == "advisory"]
    if verdict == "refuse":
        assert plan.exit_code == 1 and any(fragment in m for m in mandatory), findings
        assert all(m.startswith("Pulumi.t.yaml: authstack:") for m in mandatory), mandatory
    elif verdict == "advise":
        assert plan.exit_code == 0 and mandatory == [], mandatory
        assert any(fragment in m for m in advisory), findings
    else:
        assert plan.exit_code == 0 and mandatory == [], mandatory
        assert not [m for m in advisory if "identity-role" in m or "privilege" in m], advisory
