"""User activity logs: the log group (with its resource policy and retention) and the pool's log delivery."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from authstack.spec.activity_logs import ActivityLogs as ActivityLogsSpec
from authstack.spec.facts import COMPONENT_ACTIVITY_LOGS

# (event source, log level) pairs of LogConfigurationType: sign-in activity, and failed email/SMS deliveries.
AUTH_EVENTS = ("userAuthEvents", "INFO")
NOTIFICATIONS = ("userNotification", "ERROR")


@dataclass(frozen=True)
class ActivityLogsArgs:
    user_pool_id: pulumi.Input[str]
    user_pool_arn: pulumi.Input[str]
    pool_name: str
    spec: ActivityLogsSpec
    auth_events: bool
    """Deliver userAuthEvents (`ActivityLogs.auth_events` of the effective threat protection mode)."""
    region: str
    tags: dict[str, str] = field(default_factory=dict)


class ActivityLogs(pulumi.ComponentResource):
    """``cognito.LogDeliveryConfiguration`` to CloudWatch Logs (a log group of its own, written only by the log
    delivery service for this account), S3 or Firehose."""

    def __init__(self, name: str, args: ActivityLogsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_ACTIVITY_LOGS, name, None, opts)
        self._name, self._args = name, args
        spec = args.spec
        self.log_group = self._create_log_group() if spec.destination == "cloudwatch" else None
        self.policy = self._create_policy() if self.log_group is not None else None
        self.delivery = aws.cognito.LogDeliveryConfiguration(
            f"{name}-delivery",
            user_pool_id=args.user_pool_id,
            log_configurations=self._configurations(),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.policy] if self.policy else None),
        )
        self.register_outputs({})

    def _create_log_group(self) -> aws.cloudwatch.LogGroup:
        spec = self._args.spec
        return aws.cloudwatch.LogGroup(
            f"{self._name}-group",
            name=spec.log_group_name or f"/aws/vendedlogs/cognito/{self._args.pool_name}",
            retention_in_days=spec.retention_days,
            tags=self._args.tags or None,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _create_policy(self) -> aws.cloudwatch.LogResourcePolicy:
        # The vended-logs policy (CloudWatch Logs guide "Logs sent to CloudWatch Logs"), scoped to this log group and
        # to deliveries of this account, attached to the group itself rather than account-wide.
        def render(values: list[str]) -> str:
            group_arn, pool_arn = values
            account = pool_arn.split(":")[4]
            return json.dumps({"Version": "2012-10-17", "Statement": [{
                "Sid": "CognitoLogDelivery", "Effect": "Allow",
                "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{group_arn}:log-stream:*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account},
                              "ArnLike": {"aws:SourceArn": f"arn:aws:logs:{self._args.region}:{account}:*"}},
            }]}, sort_keys=True)

        return aws.cloudwatch.LogResourcePolicy(
            f"{self._name}-policy",
            resource_arn=self.log_group.arn,
            policy_document=pulumi.Output.all(self.log_group.arn, self._args.user_pool_arn).apply(render),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _configurations(self) -> list[dict]:
        spec, out = self._args.spec, []
        if self._args.auth_events:
            source, level = AUTH_EVENTS
            out.append({"event_source": source, "log_level": level, **self._destination()})
        if spec.notification_errors:
            source, level = NOTIFICATIONS
            out.append({"event_source": source, "log_level": level,
                        "cloud_watch_logs_configuration": {"log_group_arn": self.log_group.arn}})
        return out

    def _destination(self) -> dict:
        spec = self._args.spec
        if spec.destination == "s3":
            return {"s3_configuration": {"bucket_arn": spec.bucket_arn}}
        if spec.destination == "firehose":
            return {"firehose_configuration": {"stream_arn": spec.stream_arn}}
        return {"cloud_watch_logs_configuration": {"log_group_arn": self.log_group.arn}}
