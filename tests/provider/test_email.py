"""Point 9, email: Cognito's own sender on a stack with real users is advised against, and an SES identity must be one
the pool can use (its Region, and the sender it covers). Through the real CLI (`validate`, `plan`), as a platform team
meets them.

Sources:
- Cognito guide "Quotas in Amazon Cognito" (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html;
  awsdocs/amazon-cognito-developer-guide doc_source/limits.md): "Maximum number of email messages sent daily per AWS
  account | 50", non-adjustable, "applies only if you are using the default email feature".
- Cognito guide "Email settings for Amazon Cognito user pools", "Amazon SES email configuration Regions"
  (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html#user-pool-email-developer-region-mapping):
  the table copied in tests/fixtures/aws-docs/user-pool-email-ses-regions.md.
- API EmailConfigurationType: SourceArn "The ARN of a verified email address or an address from a verified domain in
  Amazon SES"; From must be "individually verified with Amazon SES, or from a domain that has been verified".
- SES guide "Creating and verifying identities": a verified domain lets you "send email from any subdomain or email
  address of the verified domain"; an address identity, that address only.
"""
from __future__ import annotations

import copy
import json
import re
import unicodedata

import pytest

from authstack.spec import facts
from authstack.spec.regions import REGIONS, partition_of
from tests.helpers import ROOT
from tests.provider.helpers import cli, write

ARN = "arn:aws:ses:{region}:123456789012:identity/{identity}"
BASE = {"aws:region": "eu-west-1"}  # a stack with real users (not throwaway), the default pool: self sign-up, email


def stack(email: dict | None = None, region: str = "eu-west-1", **config) -> dict:
    out = {**BASE, "aws:region": region, **config}
    if email is not None:
        pool = copy.deepcopy(out.get("authstack:userPool", {}))
        pool["email"] = email
        out["authstack:userPool"] = pool
    return out


def validate(tmp_path, config: dict):
    write(tmp_path, config)
    proc = cli("validate", "--stack", "x", "--project-dir", str(tmp_path), "--json")
    return proc, json.loads(proc.stdout)


def problems(tmp_path, config: dict) -> list[str]:
    proc, doc = validate(tmp_path, config)
    assert proc.returncode == (2 if doc["problems"] else 0), proc.stderr
    return [f"{p['path']}: {p['message']}" for p in doc["problems"]]


# ---- the default sender: advice ----------------------------------------------------------------------------------

DEFAULT_SENDER = "authstack:userPool.email.sesSourceArn: not set on a stack with real users"


@pytest.mark.parametrize("config,advised,words", [
    # The default pool: self sign-up with email verification, email recovery.
    (stack(), True, ["at most 50 emails a day", "sign-up codes and forgot-password codes"]),
    # No self sign-up, but admins' invitations, verification and forgot-password codes still go by email.
    (stack(**{"authstack:userPool": {"selfSignUp": False}}), True, ["verification codes and forgot-password codes"]),
    (stack(**{"authstack:userPool": {"featurePlan": "PLUS", "threatProtection": "ENFORCED"}}), True,
     ["threat protection cannot email users at all"]),
    # Nothing Cognito would email: no email verification, admin-only recovery.
    (stack(**{"authstack:userPool": {"selfSignUp": False, "verification": {"attributes": []},
                                     "accountRecovery": ["admin_only"]}}), False, []),
    (stack(**{"authstack:throwaway": True, "authstack:userPool": {"mfa": {"mode": "OFF"}}}), False, []),
    (stack({"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "no-reply@example.com"}),
     False, []),
    # A custom email sender sends the messages itself (Cognito hands it the code).
    (stack(**{"authstack:triggers": {"customEmailSender": {
        "handler": "examples/handlers/audit_sign_in.py", "kmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/k1"}}}),
     False, []),
], ids=["default", "admin-created", "threat-protection", "sends-nothing", "throwaway", "ses", "custom-sender"])
def test_cognito_default_sender_is_advised_against_on_real_stacks(tmp_path, config, advised, words):
    proc, doc = validate(tmp_path, config)
    assert proc.returncode == 0 and doc["ok"] and doc["problems"] == [], proc.stderr  # advice never fails
    lines = [a for a in doc["advisories"] if DEFAULT_SENDER in a]
    assert len(lines) == (1 if advised else 0), doc["advisories"]
    for word in words:
        assert word in lines[0]
    if advised:
        assert lines[0].startswith("Pulumi.x.yaml: ") and "\n" not in lines[0]


def test_the_advice_is_printed_and_in_the_plan_on_the_pool(tmp_path):
    write(tmp_path, stack())
    text = cli("validate", "--stack", "x", "--project-dir", str(tmp_path))
    assert text.returncode == 0
    assert f"advisory Pulumi.x.yaml: {DEFAULT_SENDER}" in " ".join(text.stdout.split())
    planned = cli("plan", "--stack", "x", "--project-dir", str(tmp_path), "--format", "json")
    assert planned.returncode == 0, planned.stderr  # an advisory finding: the plan still passes
    doc = json.loads(planned.stdout)
    [finding] = [f for f in doc["findings"] if DEFAULT_SENDER in f["message"]]
    pool = next(r for r in doc["resources"] if r["type"] == facts.USER_POOL)
    assert (finding["rule"], finding["severity"], finding["urn"]) == ("spec-advisory", "advisory", pool["urn"])
    assert pool["inputs"]["emailConfiguration"] == {"emailSendingAccount": "COGNITO_DEFAULT"}


def test_the_examples_that_hold_real_users_send_through_ses():
    proc = cli("validate", "--json")
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0 and not [a for a in doc["advisories"] if "email.sesSourceArn" in a], doc["advisories"]


# ---- the SES identity's Region -----------------------------------------------------------------------------------

FIXTURE = ROOT / "tests" / "fixtures" / "aws-docs" / "user-pool-email-ses-regions.md"


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip()


def documented_table() -> dict[str, tuple[str, ...]]:
    """The guide's table, its Region names decoded with botocore's endpoint data (a real consumer of those names)."""
    import botocore.loaders

    endpoints = botocore.loaders.Loader().load_data("endpoints")
    code = {_plain(r["description"]): name for p in endpoints["partitions"] for name, r in p["regions"].items()}
    table = {}
    for line in FIXTURE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0].startswith(("Amazon", "---")):
            continue
        pool = code[_plain(cells[0])]
        table[pool] = tuple(code[_plain(n)] for n in re.split(r",\s*(?![^()]*\))", cells[1]))
    return table


def test_the_region_table_is_the_guides():
    table = documented_table()
    assert len(table) == 17
    assert {k: set(v) for k, v in facts.SES_REGIONS_BY_POOL_REGION.items()} == {k: set(v) for k, v in table.items()}
    # Every other Region, and every other partition, may use its own Region's SES only.
    for region in sorted(REGIONS - set(table)):
        assert facts.ses_regions(region) == (region,)


def test_partitions_match_botocore():
    import botocore.loaders

    for p in botocore.loaders.Loader().load_data("endpoints")["partitions"]:
        for region in p["regions"]:
            assert partition_of(region) == p["partition"], region


@pytest.mark.parametrize("pool,ses,ok", [
    ("eu-west-1", "eu-west-1", True),
    ("eu-central-1", "us-east-1", True),     # a legacy Region: the three alternates too
    ("us-east-2", "us-east-2", True),
    ("eu-west-3", "eu-west-3", True),
    ("eu-west-3", "eu-west-1", False),       # Paris: its own Region only
    ("us-west-1", "us-west-2", False),
    ("eu-south-1", "eu-west-1", False),      # not in the table: its own Region only
    ("eu-west-1", "eu-central-1", False),    # a pool may not reach into another non-alternate Region
], ids=lambda v: str(v))
def test_ses_identity_must_be_in_a_region_the_pool_can_use(tmp_path, pool, ses, ok):
    email = {"sesSourceArn": ARN.format(region=ses, identity="example.com"), "from": "App <no-reply@example.com>"}
    found = problems(tmp_path, stack(email, region=pool))
    if ok:
        assert found == []
    else:
        assert found == [f"authstack:userPool.email.sesSourceArn: the SES identity is in {ses}; a user pool in {pool} "
                         f"can use SES identities in {', '.join(facts.ses_regions(pool))} only (Cognito guide, "
                         f"\"Amazon SES email configuration Regions\"); verify the identity in {pool}"]


def test_the_partition_must_be_the_pools(tmp_path):
    email = {"sesSourceArn": "arn:aws:ses:cn-north-1:123456789012:identity/example.com", "from": "no-reply@example.com"}
    assert problems(tmp_path, stack(email, region="cn-north-1")) == [
        "authstack:userPool.email.sesSourceArn: partition 'aws', but cn-north-1 is in 'aws-cn': write arn:aws-cn:ses:..."]


# ---- the SES identity and the sender -----------------------------------------------------------------------------

SES_KEY, FROM_KEY = "authstack:userPool.email.sesSourceArn", "authstack:userPool.email.from"


@pytest.mark.parametrize("email,path,message", [
    ({"sesSourceArn": "arn:aws:sns:eu-west-1:123456789012:alerts"}, SES_KEY,
     "'arn:aws:sns:eu-west-1:123456789012:alerts' is not an SES identity ARN "
     "(arn:aws:ses:<region>:<account>:identity/<address or domain>)"),
    ({"sesSourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/*"}, SES_KEY, "is not an SES identity ARN"),
    ({"sesSourceArn": "arn:aws:ses:eu-west-1:123456789012:configuration-set/x"}, SES_KEY, "is not an SES identity ARN"),
    ({"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com")}, FROM_KEY,
     "required with the domain identity 'example.com': a domain is not an address; name the one to send from, e.g. "
     "no-reply@example.com"),
    ({"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "App <no-reply@example.org>"},
     FROM_KEY, "'no-reply@example.org' is not in 'example.com', the SES domain identity of sesSourceArn"),
    ({"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "no-reply@notexample.com"},
     FROM_KEY, "is not in 'example.com'"),
    ({"sesSourceArn": ARN.format(region="eu-west-1", identity="team@example.com"), "from": "App <other@example.com>"},
     FROM_KEY, "'other@example.com' is not 'team@example.com', the SES address identity of sesSourceArn"),
    ({"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "My App"}, FROM_KEY,
     "'My App' is not an email address"),
    ({"from": "App <no-reply@example.com>"}, FROM_KEY,
     "needs sesSourceArn: without an SES identity Cognito sends with its own sender (no-reply@verificationemail.com) "
     "and this would be dropped"),
    ({"replyTo": "help@example.com"}, "authstack:userPool.email.replyTo", "needs sesSourceArn"),
    ({"configurationSet": "events"}, "authstack:userPool.email.configurationSet", "needs sesSourceArn"),
], ids=["not-ses", "wildcard", "not-identity", "domain-without-from", "other-domain", "suffix-not-subdomain",
        "other-address", "not-an-address", "from-without-ses", "reply-to-without-ses", "set-without-ses"])
def test_refused_email_settings(tmp_path, email, path, message):
    [found] = problems(tmp_path, stack(email))
    where, text = found.split(": ", 1)
    assert where == path and message in text, found


@pytest.mark.parametrize("email", [
    {"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "App <no-reply@example.com>"},
    {"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "no-reply@mail.example.com"},
    {"sesSourceArn": ARN.format(region="eu-west-1", identity="team@example.com"), "from": "Team <Team@Example.com>"},
    {"sesSourceArn": ARN.format(region="eu-west-1", identity="team@example.com")},  # the address itself sends
    {"sesSourceArn": ARN.format(region="eu-west-1", identity="example.com"), "from": "no-reply@example.com",
     "replyTo": "help@elsewhere.example", "configurationSet": "events"},
], ids=["domain", "subdomain", "address-any-case", "address-no-from", "reply-to-anywhere"])
def test_accepted_email_settings(tmp_path, email):
    assert problems(tmp_path, stack(email)) == []


def test_the_program_checks_the_region_too():
    """`AuthStack(...)` in a user's own program validates as the stack file does, with the region it is given."""
    from authstack.infra.args import AuthStackArgs
    from authstack.spec.errors import SpecError

    args = AuthStackArgs(region="eu-west-3", project="p", stack="s", user_pool={"email": {
        "sesSourceArn": ARN.format(region="us-east-1", identity="example.com"), "from": "no-reply@example.com"}})
    with pytest.raises(SpecError) as err:
        args.resolve("AuthStack(auth)")
    [problem] = err.value.problems
    assert (problem.file, problem.path) == ("AuthStack(auth)", "userPool.email.sesSourceArn")
    assert "a user pool in eu-west-3 can use SES identities in eu-west-3 only" in problem.message
