"""Threat protection actions and user activity logs in the spec: each rule with one failing and one passing case.

Sources: API RiskConfigurationType (AccountTakeoverActionType: MFA_REQUIRED blocks users without MFA;
NotifyConfigurationType.SourceArn is an SES identity), UserPoolAddOnsType and the Cognito guide "Threat protection"
(PLUS plan), API SetLogDeliveryConfiguration / LogConfigurationType (userAuthEvents: PLUS with threat protection
active; userNotification to CloudWatch only), CloudWatch Logs PutRetentionPolicy (allowed retention values),
BlockedIPRangeListType (<= 200 CIDR ranges)."""
from __future__ import annotations

import pytest

from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import project

SES = {"sesSourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com", "from": "no-reply@example.com"}


def pool(**up):
    return {"authstack:userPool": up}


PAIRS = [
    (pool(threatProtection="ENFORCED"),
     "Pulumi.t.yaml: authstack:userPool: threatProtection ENFORCED needs featurePlan PLUS",
     pool(threatProtection="ENFORCED", featurePlan="PLUS")),
    (pool(threatProtection={"accountTakeover": {"high": {"action": "BLOCK"}}}),
     "Pulumi.t.yaml: authstack:userPool.threatProtection.accountTakeover: needs featurePlan PLUS (featurePlan is ESSENTIALS)",
     pool(threatProtection={"accountTakeover": {"high": {"action": "BLOCK"}}}, featurePlan="PLUS")),
    (pool(threatProtection={"mode": "OFF", "skippedIpRanges": ["203.0.113.0/24"]}, featurePlan="PLUS"),
     "Pulumi.t.yaml: authstack:userPool.threatProtection.skippedIpRanges: has no effect while threatProtection mode is OFF",
     pool(threatProtection={"mode": "AUDIT", "skippedIpRanges": ["203.0.113.0/24"]}, featurePlan="PLUS")),
    (pool(threatProtection={"accountTakeover": {"high": {"action": "BLOCK", "notify": True}}}, featurePlan="PLUS"),
     "Pulumi.t.yaml: authstack:userPool.threatProtection.accountTakeover.high.notify: risk notifications are sent from "
     "the stack's SES identity: set userPool.email.sesSourceArn (and email.from)",
     pool(threatProtection={"accountTakeover": {"high": {"action": "BLOCK", "notify": True}}}, featurePlan="PLUS",
          email=SES)),
    # (MFA is on by default, and OFF is refused where users sign in with a password: this client uses custom auth)
    ({**pool(threatProtection={"accountTakeover": {"medium": {"action": "MFA_REQUIRED"}}}, featurePlan="PLUS",
             mfa={"mode": "OFF"}),
      "authstack:clients": {"web": {"authFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}}},
     "Pulumi.t.yaml: authstack:userPool.threatProtection.accountTakeover.medium.action: MFA_REQUIRED blocks every user "
     "without MFA, and mfa.mode is OFF: use BLOCK, or turn MFA on",
     pool(threatProtection={"accountTakeover": {"medium": {"action": "MFA_REQUIRED"}}}, featurePlan="PLUS",
          mfa={"mode": "OPTIONAL", "totp": True})),
    (pool(threatProtection={"blockedIpRanges": ["203.0.113.7/24"]}, featurePlan="PLUS"),
     "Pulumi.t.yaml: authstack:userPool.threatProtection.blockedIpRanges: '203.0.113.7/24' is not a CIDR range such as "
     "203.0.113.0/24",
     pool(threatProtection={"blockedIpRanges": ["203.0.113.0/24", "2001:db8::/32"]}, featurePlan="PLUS")),
    (pool(activityLogs={"enabled": True}),
     "Pulumi.t.yaml: authstack:userPool.activityLogs.enabled: user activity logs need featurePlan PLUS (featurePlan is "
     "ESSENTIALS)",
     pool(activityLogs={"enabled": True}, featurePlan="PLUS")),
    ({**pool(activityLogs={"enabled": True}, featurePlan="PLUS"), "authstack:throwaway": True},
     "Pulumi.t.yaml: authstack:userPool.activityLogs.enabled: user activity logs need threatProtection mode AUDIT or "
     "ENFORCED",
     {**pool(activityLogs={"enabled": True}, featurePlan="PLUS", threatProtection="AUDIT"), "authstack:throwaway": True}),
    (pool(activityLogs={"retentionDays": 100}),
     "Pulumi.t.yaml: authstack:userPool.activityLogs: retentionDays 100: CloudWatch accepts 1, 3, 5, 7, 14, 30, 60, 90, "
     "120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
     pool(activityLogs={"retentionDays": 90})),
    (pool(activityLogs={"destination": "s3"}),
     "Pulumi.t.yaml: authstack:userPool.activityLogs: destination s3 needs bucketArn (and bucketArn needs destination s3)",
     pool(activityLogs={"destination": "s3", "bucketArn": "arn:aws:s3:::audit-logs"})),
    (pool(activityLogs={"destination": "firehose", "streamArn": "arn:aws:firehose:eu-west-1:123456789012:deliverystream/x",
                        "notificationErrors": True}),
     "Pulumi.t.yaml: authstack:userPool.activityLogs: notificationErrors go to CloudWatch Logs only (userNotification "
     "cannot use S3 or Firehose): use destination cloudwatch",
     pool(activityLogs={"notificationErrors": True})),
]


@pytest.mark.parametrize("bad,line,good", PAIRS, ids=[p[1].split(": ", 2)[2][:50] for p in PAIRS])
def test_rule_fails_then_passes(tmp_path, bad, line, good):
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    with pytest.raises(SpecError) as caught:
        load(project(tmp_path / "bad", config=bad), "t")
    assert [str(p) for p in caught.value.problems] == [line]
    load(project(tmp_path / "good", config=good), "t")


@pytest.mark.parametrize("plan,throwaway,mode,logs", [
    ("PLUS", False, "ENFORCED", True),     # on by default where it is paid for and users are real
    ("PLUS", True, "OFF", False),          # previews and CI stacks stay cheap and quiet
    ("ESSENTIALS", False, "OFF", False),
    ("LITE", False, "OFF", False),
])
def test_defaults_follow_plan_and_throwaway(tmp_path, plan, throwaway, mode, logs):
    spec = load(project(tmp_path, config={**pool(featurePlan=plan), "authstack:throwaway": throwaway}), "t").spec
    tp = spec.user_pool.threat_protection
    assert tp.effective_mode(plan, throwaway) == mode
    assert spec.user_pool.activity_logs.auth_events(mode) is logs


def test_short_form_is_the_mode(tmp_path):
    spec = load(project(tmp_path, config=pool(featurePlan="PLUS", threatProtection="AUDIT")), "t").spec
    tp = spec.user_pool.threat_protection
    assert tp.mode == "AUDIT" and tp.customised() == []
    assert (tp.account_takeover.low.action, tp.account_takeover.medium.action, tp.account_takeover.high.action) == (
        "NO_ACTION", "MFA_IF_CONFIGURED", "BLOCK")
    assert tp.compromised_credentials.action == "BLOCK"
    assert tp.compromised_credentials.events == ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]


def test_adopted_pool_keeps_threat_protection_off_until_set(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    adopt = {"authstack:adopt": {"userPoolId": "eu-west-1_AbCdEfGhI"}, **pool(featurePlan="PLUS")}
    spec = load(project(tmp_path / "a", config=adopt), "t").spec
    assert spec.threat_mode() == "OFF" and spec.user_pool.activity_logs.auth_events(spec.threat_mode()) is False
    adopt["authstack:userPool"]["threatProtection"] = "ENFORCED"
    assert load(project(tmp_path / "b", config=adopt), "t").spec.threat_mode() == "ENFORCED"
