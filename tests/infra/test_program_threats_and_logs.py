"""Threat protection and activity logs under mocks: exact wire inputs of every resource, parents and order.

pulumi-aws 7.51.1 (installed package): `cognito.RiskConfiguration(user_pool_id, compromised_credentials_risk_configuration
{event_filters, actions{event_action}}, account_takeover_risk_configuration{actions{low_action,medium_action,high_action
{event_action, notify}}, notify_configuration{source_arn, from_, reply_to}}, risk_exception_configuration
{blocked_ip_range_lists, skipped_ip_range_lists})`; `cognito.LogDeliveryConfiguration(user_pool_id, log_configurations
[{event_source, log_level, cloud_watch_logs_configuration{log_group_arn} | s3_configuration{bucket_arn} |
firehose_configuration{stream_arn}}])`; `cloudwatch.LogGroup(name, retention_in_days)`;
`cloudwatch.LogResourcePolicy(resource_arn, policy_document)`."""
from __future__ import annotations

import json

from authstack.infra.offline import plan
from tests.helpers import ROOT, by_type, one, project

POOL = "aws:cognito/userPool:UserPool"
RISK = "aws:cognito/riskConfiguration:RiskConfiguration"
DELIVERY = "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration"
GROUP = "aws:cloudwatch/logGroup:LogGroup"
POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"
SES = {"sesSourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com", "from": "App <no-reply@example.com>",
       "replyTo": "help@example.com"}


def run(tmp_path, **config):
    tmp_path.mkdir(exist_ok=True)
    return plan(project(tmp_path, config=config), "t")


def test_without_ses_the_actions_notify_nobody(tmp_path):
    """Cognito's own sender cannot send risk notifications (API NotifyConfigurationType.SourceArn is required), so
    without an SES identity every action's notify defaults to false and no notify configuration is sent."""
    import yaml

    config = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    del config["authstack:userPool"]["email"]
    risk = one(plan(project(tmp_path, config=config), "t"), RISK)
    assert risk.inputs["accountTakeoverRiskConfiguration"] == {"actions": {
        "lowAction": {"eventAction": "NO_ACTION", "notify": False},
        "mediumAction": {"eventAction": "MFA_IF_CONFIGURED", "notify": False},
        "highAction": {"eventAction": "BLOCK", "notify": False}}}


def test_prod_example_gets_the_defaults():
    p = plan(ROOT, "prod")  # PLUS, not throwaway, an SES identity: the default actions, each notifying the user
    pool = one(p, POOL)
    assert pool.inputs["userPoolAddOns"] == {"advancedSecurityMode": "ENFORCED"}
    risk = one(p, RISK)
    assert risk.inputs == {
        "userPoolId": pool.outputs["id"],
        "compromisedCredentialsRiskConfiguration": {"eventFilters": ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
                                                    "actions": {"eventAction": "BLOCK"}},
        "accountTakeoverRiskConfiguration": {"actions": {
            "lowAction": {"eventAction": "NO_ACTION", "notify": True},
            "mediumAction": {"eventAction": "MFA_IF_CONFIGURED", "notify": True},
            "highAction": {"eventAction": "BLOCK", "notify": True}},
            "notifyConfiguration": {"sourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
                                    "from": "MyApp <no-reply@example.com>"}},
    }
    group = one(p, GROUP)
    assert group.inputs == {"name": "/aws/vendedlogs/cognito/authstack-prod", "retentionInDays": 365}
    delivery = one(p, DELIVERY)
    assert delivery.inputs == {"userPoolId": pool.outputs["id"], "logConfigurations": [{
        "eventSource": "userAuthEvents", "logLevel": "INFO",
        "cloudWatchLogsConfiguration": {"logGroupArn": group.outputs["arn"]}}]}
    policy = one(p, POLICY)
    assert policy.inputs["resourceArn"] == group.outputs["arn"]
    assert json.loads(policy.inputs["policyDocument"]) == {"Version": "2012-10-17", "Statement": [{
        "Sid": "CognitoLogDelivery", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": f"{group.outputs['arn']}:log-stream:*",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                      "ArnLike": {"aws:SourceArn": "arn:aws:logs:eu-west-1:123456789012:*"}}}]}
    assert policy.urn in delivery.dependencies  # delivery is set up once the log group accepts it
    components = {r.urn: r.type for r in p.resources if not r.custom}
    assert components[risk.parent] == "authstack:cognito:ThreatProtection"
    assert components[delivery.parent] == components[group.parent] == "authstack:cognito:ActivityLogs"


def test_notifications_exceptions_and_s3(tmp_path):
    p = run(tmp_path, **{"authstack:userPool": {
        "featurePlan": "PLUS", "email": SES, "mfa": {"mode": "OPTIONAL", "totp": True},
        "threatProtection": {"mode": "AUDIT", "notifyFrom": "Security <security@example.com>",
                             "compromisedCredentials": {"action": "NO_ACTION", "events": ["SIGN_UP"]},
                             "accountTakeover": {"low": {"action": "NO_ACTION", "notify": False},
                                                 "medium": {"action": "MFA_REQUIRED"}},
                             "blockedIpRanges": ["198.51.100.0/24"]},
        "activityLogs": {"destination": "s3", "bucketArn": "arn:aws:s3:::audit-logs"}}})
    assert one(p, POOL).inputs["userPoolAddOns"] == {"advancedSecurityMode": "AUDIT"}
    i = one(p, RISK).inputs
    assert i["compromisedCredentialsRiskConfiguration"] == {"eventFilters": ["SIGN_UP"], "actions": {"eventAction": "NO_ACTION"}}
    assert i["accountTakeoverRiskConfiguration"] == {
        "actions": {"lowAction": {"eventAction": "NO_ACTION", "notify": False},
                    "mediumAction": {"eventAction": "MFA_REQUIRED", "notify": True},   # notify defaults on with SES
                    "highAction": {"eventAction": "BLOCK", "notify": True}},
        "notifyConfiguration": {"sourceArn": SES["sesSourceArn"], "from": "Security <security@example.com>",
                                "replyTo": "help@example.com"}}
    assert i["riskExceptionConfiguration"] == {"blockedIpRangeLists": ["198.51.100.0/24"]}
    assert by_type(p, GROUP) == [] and by_type(p, POLICY) == []  # the bucket is yours, with its own policy
    assert one(p, DELIVERY).inputs["logConfigurations"] == [{
        "eventSource": "userAuthEvents", "logLevel": "INFO", "s3Configuration": {"bucketArn": "arn:aws:s3:::audit-logs"}}]


def test_notification_errors_on_any_plan(tmp_path):
    p = run(tmp_path, **{"authstack:userPool": {"activityLogs": {"notificationErrors": True, "retentionDays": 30,
                                                                 "logGroupName": "/aws/vendedlogs/myapp"}}})
    assert by_type(p, RISK) == []
    group = one(p, GROUP)
    assert group.inputs == {"name": "/aws/vendedlogs/myapp", "retentionInDays": 30}
    assert one(p, DELIVERY).inputs["logConfigurations"] == [{
        "eventSource": "userNotification", "logLevel": "ERROR",
        "cloudWatchLogsConfiguration": {"logGroupArn": group.outputs["arn"]}}]


def test_nothing_without_plus_or_on_throwaway_stacks():
    for stack in ("dev",):  # dev: throwaway, ESSENTIALS
        p = plan(ROOT, stack)
        assert by_type(p, RISK) == [] and by_type(p, DELIVERY) == [] and by_type(p, GROUP) == []
        # OFF is still sent: DescribeUserPool returns the add-ons block with OFF, so omitting it would diff every run.
        assert one(p, POOL).inputs["userPoolAddOns"] == {"advancedSecurityMode": "OFF"}
