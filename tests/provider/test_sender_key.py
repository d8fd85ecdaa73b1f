"""Point 8 (key policy): a custom sender's KMS key lets Cognito encrypt codes before the pool names it, is kept while
the pool may still use it, and an external key's required statement is stated exactly.

Sources: Cognito developer guide, "Custom sender Lambda triggers" / "Activating custom sender Lambda triggers"
(https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html): the key
policy allows the cognito-idp.amazonaws.com principal kms:CreateGrant and kms:Encrypt, limited with aws:SourceAccount
and aws:SourceArn; LambdaConfigType.KMSKeyID is a key ARN (API reference; a key ID is refused,
awsdocs/amazon-cognito-developer-guide#44). Amplify's construct creates the key itself with rotation on
(aws-amplify/amplify-backend#2087).
"""
from __future__ import annotations

import json

from tests.helpers import by_type, one
from tests.provider.conftest import stack_file
from tests.provider.helpers import cli, planned, write

POOL = "aws:cognito/userPool:UserPool"
KEY = "aws:kms/key:Key"
FUNCTION = "aws:lambda/function:Function"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ACCOUNT = "123456789012"
EXTERNAL = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/11111111-2222-4333-8444-555555555555"
SENDER = {"handler": "examples/handlers/audit_sign_in.py"}


def config(base: str = "dev", **triggers) -> dict:
    c = stack_file(base)["config"]
    c["authstack:triggers"] = {**c.get("authstack:triggers", {}), **triggers}
    return c


def test_created_key_lets_cognito_encrypt_for_this_accounts_pools(tmp_path):
    p = planned(write(tmp_path, config(customEmailSender=SENDER, customSmsSender=SENDER)))
    [key] = by_type(p, KEY)  # one key per pool, shared by both senders
    assert key.inputs["enableKeyRotation"] is True
    policy = json.loads(key.inputs["policy"])
    assert policy["Statement"] == [
        {"Sid": "AccountAdministersKey", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "CognitoEncryptsSenderCodes", "Effect": "Allow", "Principal": {"Service": "cognito-idp.amazonaws.com"},
         "Action": ["kms:CreateGrant", "kms:Encrypt"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT},
                       # the pool's ID does not exist before the pool, and the key must allow Cognito before then
                       "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"}}},
    ]


def test_pool_names_the_key_and_waits_for_it(tmp_path):
    p = planned(write(tmp_path, config(customEmailSender=SENDER)))
    key, pool = one(p, KEY), one(p, POOL)
    assert pool.inputs["lambdaConfig"]["kmsKeyId"] == key.outputs["arn"]
    assert key.urn in pool.dependencies and pool.urn not in key.dependencies


def test_role_may_decrypt_with_that_key_only_and_the_step_is_told_which(tmp_path):
    p = planned(write(tmp_path, config(customEmailSender=SENDER)))
    key = one(p, KEY)
    decrypt = next(r for r in by_type(p, ROLE_POLICY) if r.name.endswith("customEmailSender-kms"))
    assert json.loads(decrypt.inputs["policy"])["Statement"] == [
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": key.outputs["arn"]}]
    fn = next(r for r in by_type(p, FUNCTION) if r.name.endswith("customEmailSender-fn"))
    assert fn.inputs["environment"]["variables"]["AUTHSTACK_KMS_KEY_ARN"] == key.outputs["arn"]
    others = [r for r in by_type(p, FUNCTION) if not r.name.endswith("customEmailSender-fn")]
    assert others and all("AUTHSTACK_KMS_KEY_ARN" not in (r.inputs.get("environment") or {}).get("variables", {})
                          for r in others)


def test_key_is_retained_unless_throwaway(tmp_path):
    """Issue 15 point 4: the pool keeps naming its key after the senders leave the spec; like the SNS role, the key
    is retained in AWS instead of deleted (`retainOnDelete`), unless the stack is throwaway."""
    prod = config("prod", customEmailSender=SENDER)
    assert prod.get("authstack:throwaway") is not True
    key = one(planned(write(tmp_path / "prod", prod)), KEY)
    assert key.options["retainOnDelete"] is True
    dev = config("dev", customEmailSender=SENDER)
    dev["authstack:throwaway"] = True
    key = one(planned(write(tmp_path / "dev", dev)), KEY)
    assert key.options["retainOnDelete"] is False


def test_no_sender_no_key(tmp_path):
    assert by_type(planned(write(tmp_path, config())), KEY) == []


def test_external_key_is_used_as_given_and_no_key_is_created(tmp_path):
    p = planned(write(tmp_path, config(customEmailSender={**SENDER, "kmsKeyArn": EXTERNAL}, customSmsSender=SENDER)))
    assert by_type(p, KEY) == []
    assert one(p, POOL).inputs["lambdaConfig"]["kmsKeyId"] == EXTERNAL
    for name in ("customEmailSender", "customSmsSender"):  # the other sender uses the pool's one key too
        decrypt = next(r for r in by_type(p, ROLE_POLICY) if r.name.endswith(f"{name}-kms"))
        assert json.loads(decrypt.inputs["policy"])["Statement"][0]["Resource"] == EXTERNAL


def test_plan_states_the_statement_an_external_key_needs(tmp_path):
    folder = write(tmp_path, config(customEmailSender={**SENDER, "kmsKeyArn": EXTERNAL}))
    proc = cli("plan", "--stack", "x", "--project-dir", str(folder), "--format", "json")
    doc = json.loads(proc.stdout)
    [need] = doc["requirements"]
    assert need["key"] == EXTERNAL
    assert need["statement"] == {
        "Sid": "CognitoEncryptsSenderCodes", "Effect": "Allow", "Principal": {"Service": "cognito-idp.amazonaws.com"},
        "Action": ["kms:CreateGrant", "kms:Encrypt"], "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT},
                      "ArnLike": {"aws:SourceArn": f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/*"}}}
    people = cli("plan", "--stack", "x", "--project-dir", str(folder))
    line = next(ln for ln in people.stdout.splitlines() if "needs KMS key" in ln)
    assert line.endswith(json.dumps(need["statement"], sort_keys=True, separators=(",", ":")))
    again = cli("plan", "--stack", "x", "--project-dir", str(folder), "--format", "json")
    assert json.loads(again.stdout)["requirements"] == doc["requirements"]  # deterministic


def test_created_key_needs_nothing_from_the_team(tmp_path):
    folder = write(tmp_path, config(customEmailSender=SENDER))
    proc = cli("plan", "--stack", "x", "--project-dir", str(folder), "--format", "json")
    assert json.loads(proc.stdout)["requirements"] == []


def test_removing_the_senders_says_the_key_is_kept(tmp_path):
    """Issue 15 point 4: removing the senders deletes their functions but not the key (retainOnDelete above); the
    guard says so instead of staying silent."""
    from tests.provider.helpers import plan_against

    proc, doc = plan_against(tmp_path, config("prod", customEmailSender=SENDER), config("prod"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = {c["attribute"]: c for c in doc["replacements"]}
    assert not notes["lambdaConfig.kmsKeyId"]["blocking"]
    assert "retained in AWS (retainOnDelete)" in notes["lambdaConfig.kmsKeyId"]["message"]
    assert not notes["lambdaConfig.customEmailSender"]["blocking"]
