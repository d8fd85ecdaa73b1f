"""Threat protection (`userPool.threatProtection`): what Cognito does about compromised credentials and risky sign-ins.

Values are the API's (RiskConfigurationType: CompromisedCredentialsEventActionType, AccountTakeoverEventActionType,
EventFilterType; BlockedIPRangeListType and SkippedIPRangeListType take at most 200 CIDR ranges). Every setting needs
the PLUS feature plan (Cognito guide "Threat protection"; API UserPoolAddOnsType).
"""
from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from authstack.spec.base import SpecModel

Mode = Literal["OFF", "AUDIT", "ENFORCED"]
TakeoverAction = Literal["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"]
MAX_IP_RANGES = 200


def _or_mode(schema: dict) -> None:
    """The JSON Schema accepts the short form too (editors must not flag ``threatProtection: ENFORCED``)."""
    whole = dict(schema)
    schema.clear()
    schema["anyOf"] = [whole, {"enum": ["OFF", "AUDIT", "ENFORCED"], "type": "string"}]
    schema["description"] = whole.get("description", "")


class RiskAction(SpecModel):
    """What happens at one account-takeover risk level."""

    action: TakeoverAction
    """BLOCK, MFA_IF_CONFIGURED (an MFA challenge for users who set up MFA, others pass), MFA_REQUIRED (an MFA
    challenge; users without MFA are blocked) or NO_ACTION."""
    notify: bool | None = None
    """Email the user about the attempt, from the stack's SES identity (``userPool.email``). @default true when the
    pool sends email through SES (``email.sesSourceArn``), else false - Cognito's own sender cannot send these"""


class AccountTakeover(SpecModel):
    """Adaptive authentication: the action per risk level Cognito assigns a sign-in (CDK has no equivalent)."""

    low: RiskAction = RiskAction(action="NO_ACTION")
    """@default NO_ACTION - a low risk is most often a new device or place"""
    medium: RiskAction = RiskAction(action="MFA_IF_CONFIGURED")
    """@default MFA_IF_CONFIGURED - challenge users who can answer, without locking out the rest"""
    high: RiskAction = RiskAction(action="BLOCK")
    """@default BLOCK"""


class CompromisedCredentials(SpecModel):
    """Passwords found in public breach lists."""

    action: Literal["BLOCK", "NO_ACTION"] = "BLOCK"
    """@default BLOCK - a leaked password is a known one; the user must reset it"""
    events: list[Literal["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]] = Field(
        default_factory=lambda: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"], min_length=1)
    """When to check. @default every event: sign-in, password change and sign-up"""


class ThreatProtection(SpecModel):
    """Threat protection for the pool (Cognito's advanced security). ``threatProtection: ENFORCED`` is short for
    ``{mode: ENFORCED}``. Needs featurePlan PLUS."""

    model_config = ConfigDict(json_schema_extra=lambda schema, _: _or_mode(schema))

    mode: Mode | None = None
    """OFF, AUDIT (detect and log, act on nothing) or ENFORCED (take the actions below). @default ENFORCED on a PLUS
    stack that is not throwaway, else OFF - a pool with real users on the plan that pays for it should use it (an
    adopted pool stays OFF until you set the mode, so the import changes nothing)"""
    compromised_credentials: CompromisedCredentials = CompromisedCredentials()
    """@default BLOCK on every event"""
    account_takeover: AccountTakeover = AccountTakeover()
    """@default low NO_ACTION, medium MFA_IF_CONFIGURED, high BLOCK"""
    notify_from: str | None = None
    """Sender of the risk notification emails, e.g. ``Security <security@example.com>``. @default userPool.email.from"""
    blocked_ip_ranges: list[str] = Field(default_factory=list)
    """CIDR ranges always blocked. @default none"""
    skipped_ip_ranges: list[str] = Field(default_factory=list)
    """CIDR ranges never assessed (e.g. your office). @default none"""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"mode": data} if isinstance(data, str) else data

    @field_validator("blocked_ip_ranges", "skipped_ip_ranges")
    @classmethod
    def _cidrs(cls, ranges: list[str]) -> list[str]:
        if len(ranges) > MAX_IP_RANGES:
            raise ValueError(f"at most {MAX_IP_RANGES} ranges (got {len(ranges)})")
        for r in ranges:
            try:
                ipaddress.ip_network(r, strict=True)
            except ValueError:
                raise ValueError(f"{r!r} is not a CIDR range such as 203.0.113.0/24") from None
        return ranges

    def effective_mode(self, feature_plan: str, throwaway: bool, adopted: bool = False) -> str:
        """The mode set, else the default: ENFORCED on PLUS for real users; an adopted pool keeps it off until the
        mode is set, so adopting changes nothing the pool had."""
        if self.mode is not None:
            return self.mode
        return "ENFORCED" if feature_plan == "PLUS" and not throwaway and not adopted else "OFF"

    def customised(self) -> list[str]:
        """The settings given beyond the mode, by their stack-file names."""
        names = {"compromised_credentials": "compromisedCredentials", "account_takeover": "accountTakeover",
                 "notify_from": "notifyFrom", "blocked_ip_ranges": "blockedIpRanges",
                 "skipped_ip_ranges": "skippedIpRanges"}
        return [names[f] for f in names if f in self.model_fields_set]

    def notify(self, level: RiskAction, can_send: bool) -> bool:
        return can_send if level.notify is None else level.notify
