"""User activity logs (`userPool.activityLogs`): Cognito's user-auth events (sign-ins with their risk decision),
delivered to CloudWatch Logs, S3 or Firehose.

API LogConfigurationType: ``userAuthEvents`` at ``INFO`` needs the PLUS plan with threat protection active and goes to
CloudWatch Logs, S3 or Firehose; ``userNotification`` (email/SMS delivery errors) at ``ERROR`` goes to CloudWatch Logs
only, on any plan (terraform-provider-aws#47894 documents the same). At most two configurations, one per source.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import model_validator

from authstack.spec.base import SpecModel

# CloudWatch Logs PutRetentionPolicy: the only values retentionInDays accepts.
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
                  3653)
LOG_GROUP_NAME = r"[\.\-_/#A-Za-z0-9]{1,512}"


class ActivityLogs(SpecModel):
    """Where the pool's user activity logs go (Cognito guide "Exporting user pool logs")."""

    enabled: bool | None = None
    """Deliver ``userAuthEvents``. @default on where the plan supports it: PLUS with threat protection AUDIT or
    ENFORCED - the record of who signed in, from where, and what Cognito decided"""
    destination: Literal["cloudwatch", "s3", "firehose"] = "cloudwatch"
    """@default cloudwatch - a log group authstack creates, with its resource policy and retention"""
    retention_days: int = 365
    """CloudWatch only. @default 365 - a year of sign-in history for investigations; unset keeps logs forever"""
    log_group_name: str | None = None
    """CloudWatch only. @default ``/aws/vendedlogs/cognito/<pool name>`` - the vended-logs prefix keeps the log
    group's resource policy out of the account-wide 5120-character limit"""
    bucket_arn: str | None = None
    """With destination s3: your bucket (its policy must let ``delivery.logs.amazonaws.com`` write). @default none"""
    stream_arn: str | None = None
    """With destination firehose: your delivery stream. @default none"""
    notification_errors: bool = False
    """Also deliver ``userNotification`` errors (failed email and SMS sends) to the CloudWatch log group; any plan.
    @default false"""

    @model_validator(mode="after")
    def _check(self) -> "ActivityLogs":
        if self.retention_days not in RETENTION_DAYS:
            raise ValueError(f"retentionDays {self.retention_days}: CloudWatch accepts "
                             f"{', '.join(map(str, RETENTION_DAYS))}")
        cloudwatch_only = [k for k, set_ in (("logGroupName", self.log_group_name is not None),
                                             ("retentionDays", "retention_days" in self.model_fields_set)) if set_]
        if self.destination != "cloudwatch" and cloudwatch_only:
            raise ValueError(f"{', '.join(cloudwatch_only)} apply to destination cloudwatch only")
        if self.destination != "cloudwatch" and self.notification_errors:
            raise ValueError("notificationErrors go to CloudWatch Logs only (userNotification cannot use S3 or "
                             "Firehose): use destination cloudwatch")
        if (self.destination == "s3") != (self.bucket_arn is not None):
            raise ValueError("destination s3 needs bucketArn (and bucketArn needs destination s3)")
        if (self.destination == "firehose") != (self.stream_arn is not None):
            raise ValueError("destination firehose needs streamArn (and streamArn needs destination firehose)")
        if self.bucket_arn is not None and not self.bucket_arn.startswith("arn:aws:s3:::"):
            raise ValueError("bucketArn must be an S3 bucket ARN (arn:aws:s3:::<bucket>)")
        if self.stream_arn is not None and not re.fullmatch(r"arn:aws:firehose:[a-z0-9-]+:\d{12}:deliverystream/.+",
                                                             self.stream_arn):
            raise ValueError("streamArn must be a Firehose delivery stream ARN")
        if self.log_group_name is not None and not re.fullmatch(LOG_GROUP_NAME, self.log_group_name):
            raise ValueError(f"logGroupName {self.log_group_name!r}: 1-512 letters, digits and ._-/#")
        return self

    def auth_events(self, threat_mode: str) -> bool:
        """Whether userAuthEvents are delivered, given the pool's effective threat protection mode."""
        return (threat_mode != "OFF") if self.enabled is None else self.enabled
