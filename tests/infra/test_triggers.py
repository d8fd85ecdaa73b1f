"""Trigger wiring: one function per trigger, its own role, a permission scoped to this pool, and no cycle."""
from __future__ import annotations

import json

import pytest
from pulumi.runtime import rpc

from authstack.infra.offline import plan
from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import ROOT, by_type, one, project


@pytest.fixture(scope="module")
def dev():
    return plan(ROOT, "dev")


def _named(p, typ, suffix):
    return next(r for r in by_type(p, typ) if r.name.endswith(suffix))


def test_pool_points_at_each_function(dev):
    pool = one(dev, "aws:cognito/userPool:UserPool")
    fns = {r.name: r for r in by_type(dev, "aws:lambda/function:Function")}
    assert set(fns) == {f"authstack-dev-{t}-fn" for t in ("preSignUp", "postConfirmation", "postAuthentication")}
    config = pool.inputs["lambdaConfig"]
    assert config["preSignUp"] == fns["authstack-dev-preSignUp-fn"].outputs["arn"]
    assert config["postConfirmation"] == fns["authstack-dev-postConfirmation-fn"].outputs["arn"]
    assert {fn.urn for fn in fns.values()} <= set(pool.dependencies)


def test_function_settings(dev):
    fn = _named(dev, "aws:lambda/function:Function", "preSignUp-fn")
    assert fn.inputs["timeout"] == 5 and fn.inputs["runtime"] == "python3.12" and fn.inputs["handler"] == "index.handler"
    steps = json.loads(fn.inputs["environment"]["variables"]["AUTHSTACK_STEPS"])
    assert steps[0]["use"] == "email-domain-allowlist" and steps[0]["with"]["domains"] == ["example.com"]
    files = set(fn.inputs["code"].assets)
    assert "index.py" in files
    assert any(f.endswith("email_domain_allowlist.py") for f in files)
    assert not any(f.endswith("add_to_group.py") for f in files)  # only what this function needs
    custom = _named(dev, "aws:lambda/function:Function", "postAuthentication-fn")
    assert any(f.endswith("audit_sign_in.py") for f in custom.inputs["code"].assets)


@pytest.mark.parametrize("trigger", ["preSignUp", "postConfirmation", "postAuthentication"])
def test_permission_is_scoped_to_this_pool(dev, trigger):
    pool = one(dev, "aws:cognito/userPool:UserPool")
    fn = _named(dev, "aws:lambda/function:Function", f"{trigger}-fn")
    perm = _named(dev, "aws:lambda/permission:Permission", f"{trigger}-invoke")
    assert perm.inputs["principal"] == "cognito-idp.amazonaws.com"
    assert perm.inputs["action"] == "lambda:InvokeFunction"
    assert perm.inputs["sourceArn"] == pool.outputs["arn"]
    assert perm.inputs["sourceAccount"] == pool.outputs["arn"].split(":")[4]
    assert perm.inputs["function"] == fn.outputs["name"]
    # The permission follows the pool, the pool follows the function: no cycle.
    assert pool.urn in perm.dependencies and perm.urn not in pool.dependencies


def test_execution_roles_are_least_privilege(dev):
    pool = one(dev, "aws:cognito/userPool:UserPool")
    policies = {r.name: json.loads(r.inputs["policy"]) for r in by_type(dev, "aws:iam/rolePolicy:RolePolicy")}
    group_access = policies["authstack-dev-postConfirmation-access"]["Statement"]
    assert group_access == [{"Effect": "Allow", "Resource": pool.outputs["arn"],
                             "Action": ["cognito-idp:AdminAddUserToGroup", "cognito-idp:CreateGroup", "cognito-idp:GetGroup"]}]
    assert "authstack-dev-preSignUp-access" not in policies  # an allowlist needs no AWS access
    fn = _named(dev, "aws:lambda/function:Function", "preSignUp-fn")
    logs = policies["authstack-dev-preSignUp-logs"]["Statement"]
    group = f"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/{fn.outputs['name']}"
    assert logs == [{"Action": ["logs:CreateLogGroup"], "Effect": "Allow", "Resource": group},
                    {"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow", "Resource": f"{group}:*"}]
    assert not by_type(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")  # no account-wide managed policy
    roles = {r.name for r in by_type(dev, "aws:iam/role:Role") if r.name.endswith("-role")}
    assert {"authstack-dev-preSignUp-role", "authstack-dev-postConfirmation-role"} <= roles
    trust = json.loads(_named(dev, "aws:iam/role:Role", "preSignUp-role").inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_pre_token_generation_uses_versioned_config(tmp_path):
    overlay = {"authstack:triggers": {"preTokenGeneration": {"steps": [{"use": "token-claims", "with": {"idToken": {"add": {"tier": "gold"}}}}]}}}
    p = plan(project(tmp_path, config=overlay), "t")
    config = one(p, "aws:cognito/userPool:UserPool").inputs["lambdaConfig"]
    fn = one(p, "aws:lambda/function:Function")
    assert config["preTokenGenerationConfig"] == {"lambdaArn": fn.outputs["arn"], "lambdaVersion": "V2_0"}
    assert "preTokenGeneration" not in config


@pytest.mark.parametrize("trigger,expected", [
    ({"preSignUp": {"steps": [{"use": "email-domain-alowlist", "with": {"domains": ["a.com"]}}]}},
     "authstack:triggers.preSignUp.steps[0].use"),
    ({"preSignUp": {"steps": [{"use": "add-to-group", "with": {"group": "x"}}]}},
     "authstack:triggers.preSignUp.steps[0].use"),
    ({"preSignUp": {"handler": "no/such/file.py"}}, "authstack:triggers.preSignUp.handler"),
    ({"preSignUp": {"handler": "examples/handlers/audit_sign_in.py", "environment": {"AWS_REGION": "x"}}},
     "authstack:triggers.preSignUp"),
])
def test_bad_steps_name_their_path(tmp_path, trigger, expected):
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path, config={"authstack:triggers": trigger}), "t")
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 1 and lines[0].startswith(f"Pulumi.t.yaml: {expected}: "), lines


def test_custom_email_sender_gets_the_key(tmp_path):
    key = "arn:aws:kms:eu-west-1:123456789012:key/00000000-1111-2222-3333-444444444444"
    handlers = tmp_path / "examples" / "handlers"
    overlay = {"authstack:triggers": {"customEmailSender": {"handler": "examples/handlers/audit_sign_in.py", "kmsKeyArn": key}}}
    p = plan(project(tmp_path, config=overlay), "t")
    assert handlers.exists()
    config = one(p, "aws:cognito/userPool:UserPool").inputs["lambdaConfig"]
    fn = one(p, "aws:lambda/function:Function")
    assert config["customEmailSender"] == {"lambdaArn": fn.outputs["arn"], "lambdaVersion": "V1_0"}
    assert config["kmsKeyId"] == key
    decrypt = json.loads(_named(p, "aws:iam/rolePolicy:RolePolicy", "customEmailSender-kms").inputs["policy"])
    assert decrypt["Statement"] == [{"Action": ["kms:Decrypt"], "Effect": "Allow", "Resource": key}]


def test_sender_without_key_gets_authstack_key(tmp_path):
    """No kmsKeyArn: authstack creates the key (tests/provider/test_sender_key.py pins its policy and order)."""
    overlay = {"authstack:triggers": {"customSmsSender": {"handler": "examples/handlers/audit_sign_in.py"}}}
    p = plan(project(tmp_path, config=overlay), "t")
    key = one(p, "aws:kms/key:Key")
    assert one(p, "aws:cognito/userPool:UserPool").inputs["lambdaConfig"]["kmsKeyId"] == key.outputs["arn"]
