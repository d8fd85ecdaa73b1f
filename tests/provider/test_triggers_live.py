"""Points 2 and 3: triggers on a live pool. Removing one never leaves the pool calling a deleted function, and adding
one never leaves a window in which Cognito calls a function it may not invoke."""
from __future__ import annotations

import copy

import pytest

from authstack.functions.builtins import pass_through
from tests.helpers import by_type, one
from tests.provider.conftest import stack_file
from tests.provider.helpers import plan_against, planned, write

TF = "https://github.com/hashicorp/terraform-provider-aws"
POOL = "aws:cognito/userPool:UserPool"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"

TOKEN = {"steps": [{"use": "token-claims", "with": {}}]}


def dev(**triggers) -> dict:
    config = stack_file("dev")["config"]
    config["authstack:triggers"] = {**config["authstack:triggers"], **triggers}
    return config


# --- point 3: grant first -------------------------------------------------------------------------------------------

def test_live_pool_waits_for_every_grant(tmp_path):
    """pulumi-aws#4496 (https://github.com/pulumi/pulumi-aws/issues/4496): the invoke permission was created after
    the pool update, because its sourceArn waited for the pool. With the pool deployed, the program finds its ARN by
    name (an invoke: no dependency edge), so the permission and the pool-scoped grants come first and the pool update
    depends on them."""
    p = planned(write(tmp_path, dev()), live=True)
    pool = one(p, POOL)
    grants = [r for r in p.resources if r.type == PERMISSION or (r.type == ROLE_POLICY and r.name.endswith("-access"))]
    assert {r.name.rsplit("-", 2)[-2] for r in by_type(p, PERMISSION)} == {"preSignUp", "postConfirmation",
                                                                           "postAuthentication"}
    assert any(r.name.endswith("postConfirmation-access") for r in grants)  # add-to-group needs the pool action first
    for grant in grants:
        assert grant.urn in pool.dependencies, grant.name
        assert pool.urn not in grant.dependencies, grant.name
    for permission in by_type(p, PERMISSION):
        assert permission.inputs["sourceArn"] == pool.outputs["arn"]  # exact pool ARN, no wildcard
        assert permission.inputs["sourceAccount"] == "123456789012"


def test_new_pool_grants_after_creation(tmp_path):
    """A pool this run creates has no ARN yet, and no app client (so no user) before the grants exist."""
    p = planned(write(tmp_path, dev()))
    pool = one(p, POOL)
    for permission in by_type(p, PERMISSION):
        assert pool.urn in permission.dependencies
        assert permission.urn not in pool.dependencies
        assert permission.inputs["sourceArn"] == pool.outputs["arn"]


def test_adopted_pool_grants_first_from_its_id(tmp_path):
    config = dev()
    config["authstack:adopt"] = {"userPoolId": "eu-west-1_AbCdEfGhI"}
    p = planned(write(tmp_path, config))
    pool = one(p, POOL)
    for permission in by_type(p, PERMISSION):
        assert permission.inputs["sourceArn"] == "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEfGhI"
        assert permission.urn in pool.dependencies and pool.urn not in permission.dependencies


def test_plan_against_shows_the_real_order(tmp_path):
    proc, doc = plan_against(tmp_path, dev(), dev(preAuthentication={"steps": [
        {"use": "require-validation-data", "with": {"fields": {"invite": {}}}}]}))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pool = next(r for r in doc["resources"] if r["type"] == POOL)
    permission = next(r for r in doc["resources"] if r["name"].endswith("preAuthentication-invoke"))
    assert permission["urn"] in pool["dependencies"] and pool["urn"] not in permission["dependencies"]


# --- point 2: removals ----------------------------------------------------------------------------------------------

def test_retired_pre_token_trigger_keeps_a_pass_through(tmp_path):
    """terraform-provider-aws#38617 (https://github.com/hashicorp/terraform-provider-aws/issues/38617) and #45529:
    pre_token_generation_config and pre_token_generation are Optional+Computed, so leaving them out keeps them on the
    pool. A retired trigger keeps its function, now a pass-through, and keeps the pool pointing at it."""
    p = planned(write(tmp_path, dev(preTokenGeneration={"retired": True})))
    pool = one(p, POOL)
    fn = next(r for r in by_type(p, FUNCTION) if r.name.endswith("preTokenGeneration-fn"))
    assert pool.inputs["lambdaConfig"]["preTokenGenerationConfig"] == {"lambdaArn": fn.outputs["arn"], "lambdaVersion": "V2_0"}
    assert fn.inputs["environment"]["variables"]["AUTHSTACK_STEPS"] == '[{"use":"pass-through","with":{}}]'
    assert any(r.name.endswith("preTokenGeneration-invoke") for r in by_type(p, PERMISSION))


def test_pass_through_returns_the_event_unchanged():
    event = {"triggerSource": "TokenGeneration_Authentication", "request": {}, "response": {"claimsAndScopeOverrideDetails": None}}
    before = copy.deepcopy(event)
    assert pass_through.build({})(event) == before


def test_remove_pre_token_while_other_triggers_stay_is_refused(tmp_path):
    old = dev(preTokenGeneration=TOKEN)
    proc, doc = plan_against(tmp_path, old, dev())
    assert proc.returncode == 1
    [hit] = [c for c in doc["replacements"] if c["attribute"] == "lambdaConfig.preTokenGenerationConfig"]
    assert hit["blocking"] and "retired: true" in hit["message"] and "38617" in hit["message"]


def test_retiring_pre_token_is_allowed(tmp_path):
    proc, doc = plan_against(tmp_path, dev(preTokenGeneration=TOKEN), dev(preTokenGeneration={"retired": True}))
    assert proc.returncode == 0, doc["replacements"]
    assert doc["replacements"] == []


def test_removing_every_trigger_clears_the_pool(tmp_path):
    """lambda_config itself is Optional, not Computed: without it the update sends no LambdaConfig, and UpdateUserPool
    resets what it is not given (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html),
    so the pre-token trigger goes too; the other removals are notes."""
    old = dev(preTokenGeneration=TOKEN)
    new = dev()
    new.pop("authstack:triggers")
    proc, doc = plan_against(tmp_path, old, new)
    assert proc.returncode == 0, doc["replacements"]
    assert {c["attribute"] for c in doc["replacements"]} == {
        "lambdaConfig.preSignUp", "lambdaConfig.postConfirmation", "lambdaConfig.postAuthentication",
        "lambdaConfig.preTokenGenerationConfig"}
    assert not any(c["blocking"] for c in doc["replacements"])
    assert "lambdaConfig" not in next(r for r in doc["resources"] if r["type"] == POOL)["inputs"]


def test_other_trigger_removal_is_a_note(tmp_path):
    """Plain lambda_config fields are Optional only: leaving one out updates the pool, and Pulumi deletes the function
    after that update (deletes run last)."""
    new = dev()
    new["authstack:triggers"].pop("postAuthentication")
    proc, doc = plan_against(tmp_path, dev(), new)
    assert proc.returncode == 0
    [note] = doc["replacements"]
    assert note["attribute"] == "lambdaConfig.postAuthentication" and note["blocking"] is False


def test_only_pre_token_can_be_retired(tmp_path):
    config = dev(preSignUp={"retired": True})
    proc = __import__("tests.provider.helpers", fromlist=["cli"]).cli(
        "validate", "--stack", "x", "--project-dir", str(write(tmp_path, config)))
    assert proc.returncode == 2
    assert "authstack:triggers.preSignUp.retired: only preTokenGeneration needs retiring" in proc.stderr


def test_retired_with_steps_is_bad_input(tmp_path):
    config = dev(preTokenGeneration={"retired": True, **TOKEN})
    from tests.provider.helpers import cli

    proc = cli("validate", "--stack", "x", "--project-dir", str(write(tmp_path, config)))
    assert proc.returncode == 2 and "leave out handler and steps" in proc.stderr
