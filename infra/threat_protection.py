"""Threat protection actions: one `aws.cognito.RiskConfiguration` for the whole pool (no client ID: every client)."""
from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from authstack.spec.facts import COMPONENT_THREAT_PROTECTION
from authstack.spec.threat_protection import ThreatProtection as ThreatProtectionSpec
from authstack.spec.user_pool import EmailSending


@dataclass(frozen=True)
class ThreatProtectionArgs:
    user_pool_id: pulumi.Input[str]
    spec: ThreatProtectionSpec
    email: EmailSending
    """The pool's email settings: notifications go out from its SES identity."""


class ThreatProtection(pulumi.ComponentResource):
    """What Cognito does with compromised credentials and risky sign-ins; created only when protection is on."""

    def __init__(self, name: str, args: ThreatProtectionArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_THREAT_PROTECTION, name, None, opts)
        self._args = args
        self.risk_configuration = aws.cognito.RiskConfiguration(
            f"{name}-risk",
            user_pool_id=args.user_pool_id,
            compromised_credentials_risk_configuration=self._compromised_credentials(),
            account_takeover_risk_configuration=self._account_takeover(),
            risk_exception_configuration=self._exceptions(),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({})

    def _compromised_credentials(self) -> dict:
        cc = self._args.spec.compromised_credentials
        return {"event_filters": list(cc.events), "actions": {"event_action": cc.action}}

    def _account_takeover(self) -> dict:
        tp, email = self._args.spec, self._args.email
        can_send = email.ses_source_arn is not None
        levels = {level: getattr(tp.account_takeover, level) for level in ("low", "medium", "high")}
        actions = {f"{level}_action": {"event_action": a.action, "notify": tp.notify(a, can_send)}
                   for level, a in levels.items()}
        config: dict = {"actions": actions}
        if any(tp.notify(a, can_send) for a in levels.values()):
            notify = {"source_arn": email.ses_source_arn, "from_": tp.notify_from or email.from_address,
                      "reply_to": email.reply_to}
            config["notify_configuration"] = {k: v for k, v in notify.items() if v is not None}
        return config

    def _exceptions(self) -> dict | None:
        tp = self._args.spec
        if not (tp.blocked_ip_ranges or tp.skipped_ip_ranges):
            return None
        return {k: v for k, v in (("blocked_ip_range_lists", list(tp.blocked_ip_ranges)),
                                  ("skipped_ip_range_lists", list(tp.skipped_ip_ranges))) if v}
