"""The user pool section: `authstack:userPool`."""
from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, model_validator

from authstack.spec.activity_logs import ActivityLogs
from authstack.spec.base import Range, SpecModel
from authstack.spec.facts import STANDARD_ATTRIBUTES
from authstack.spec.refs import Ref, known
from authstack.spec.threat_protection import ThreatProtection

StandardAttributeName = Literal[STANDARD_ATTRIBUTES]
# AWS name patterns (botocore cognito-idp/cognito-identity shapes), in Python's regex dialect.
NAME_PATTERN = r"[\w\s+=,.@-]{1,128}"
CUSTOM_ATTRIBUTE_PATTERN = r"[^\s]{1,20}"


class SignIn(SpecModel):
    """How users identify themselves when they sign in (CDK: ``signInAliases``).

    Changing any of these after the pool exists **replaces the pool and loses every user**; `authstack plan --against`
    refuses such a change.
    """

    username: bool = False
    """Sign in with a username chosen at sign-up. @default false - most apps sign in by email."""
    email: bool = True
    """Sign in with the email address. @default true"""
    phone: bool = False
    """Sign in with the phone number. @default false"""
    preferred_username: bool = False
    """Allow ``preferred_username`` as an alias; only together with ``username``. @default false"""
    case_sensitive: bool | None = False
    """Treat ``User@Example.com`` and ``user@example.com`` as different users. @default false - AWS recommends
    case-insensitive usernames; this too cannot change after creation. ``null`` leaves the setting out, for adopted
    pools created before it existed (sending any value would replace them)."""

    @model_validator(mode="after")
    def _check(self) -> "SignIn":
        if not (self.username or self.email or self.phone):
            raise ValueError("at least one of username, email or phone must be true")
        if self.preferred_username and not self.username:
            raise ValueError("preferredUsername needs username: true")
        return self

    @property
    def username_attributes(self) -> list[str]:
        """Cognito ``UsernameAttributes``: used when users have no separate username."""
        if self.username:
            return []
        return [a for a, on in (("email", self.email), ("phone_number", self.phone)) if on]

    @property
    def alias_attributes(self) -> list[str]:
        """Cognito ``AliasAttributes``: used when users have a username and may also sign in with these."""
        if not self.username:
            return []
        pairs = (("email", self.email), ("phone_number", self.phone), ("preferred_username", self.preferred_username))
        return [a for a, on in pairs if on]


class StandardAttribute(SpecModel):
    """A standard OIDC attribute (CDK: ``StandardAttribute``)."""

    required: bool = False
    """Users must provide it at sign-up. Cannot change after the pool exists. @default false"""
    mutable: bool = True
    """Users may change it later. @default true"""


class CustomAttribute(SpecModel):
    """A custom attribute, stored as ``custom:<name>``. Adding one is an in-place change; changing or removing one is not
    possible in Cognito."""

    type: Literal["String", "Number", "DateTime", "Boolean"] = "String"
    """The attribute data type. @default String"""
    mutable: bool = True
    """Whether the value can change after sign-up. @default true"""
    developer_only: bool = False
    """Only admin APIs (with AWS credentials) can write it, never an app client: the only kind of attribute that is
    safe to map roles from. Cannot change after creation. @default false"""
    min_length: Range(0, 2048) = 0
    """Strings only. Always sent explicitly, because an absent constraint makes the provider plan a replacement on every
    run (pulumi-aws#1237). @default 0"""
    max_length: Range(1, 2048) = 2048
    """Strings only. @default 2048"""
    min_value: int | None = None
    """Numbers only. @default no minimum"""
    max_value: int | None = None
    """Numbers only. @default no maximum"""

    @model_validator(mode="after")
    def _check(self) -> "CustomAttribute":
        if self.min_length > self.max_length:
            raise ValueError(f"minLength {self.min_length} is greater than maxLength {self.max_length}")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValueError(f"minValue {self.min_value} is greater than maxValue {self.max_value}")
        if self.type != "String" and (self.min_length, self.max_length) != (0, 2048):
            raise ValueError("minLength and maxLength apply to String attributes only")
        if self.type != "Number" and (self.min_value, self.max_value) != (None, None):
            raise ValueError("minValue and maxValue apply to Number attributes only")
        return self


class PasswordPolicy(SpecModel):
    """Password rules for users of this pool (CDK: ``PasswordPolicy``)."""

    minimum_length: Range(6, 99) = 8
    """@default 8 - the Cognito default; prod stacks usually raise it."""
    require_lowercase: bool = True
    """@default true"""
    require_uppercase: bool = True
    """@default true"""
    require_numbers: bool = True
    """@default true"""
    require_symbols: bool = True
    """@default true"""
    temporary_password_validity_days: Range(1, 365) = 7
    """How long an admin-set temporary password works. @default 7"""
    password_history_size: Range(0, 24) | None = None
    """Forbid reusing the last N passwords; needs featurePlan ESSENTIALS or PLUS. @default no history check"""


class Mfa(SpecModel):
    """Multi-factor authentication (CDK: ``mfa`` + ``mfaSecondFactor``)."""

    mode: Literal["OFF", "OPTIONAL", "ON"] = "OPTIONAL"
    """OFF, OPTIONAL (users opt in) or ON (required for everyone). @default OPTIONAL - password sign-in without any
    second factor fails Security Hub Cognito.5, so OFF is refused on stacks that are not throwaway"""
    totp: bool = False
    """Authenticator apps. @default true when mode is OPTIONAL or ON and no factor is listed, else false"""
    sms: bool = False
    """Codes by SMS; authstack creates the SNS role Cognito needs unless ``userPool.sms`` names one. @default false"""
    email: bool = False
    """Codes by email; needs featurePlan ESSENTIALS or PLUS, SES (``userPool.email.sesSourceArn``) and two account
    recovery mechanisms. @default false"""
    sms_message: str | None = None
    """SMS text for MFA codes; must contain ``{####}``. @default Cognito's message"""
    email_subject: str | None = None
    """Subject of MFA code emails. @default Cognito's subject"""
    email_message: str | None = None
    """Body of MFA code emails; must contain ``{####}``. @default Cognito's message"""

    @model_validator(mode="before")
    @classmethod
    def _default_factor(cls, data):
        # MFA on (the default) with no factor named means authenticator apps, the factor that needs no SMS or SES.
        if isinstance(data, dict) and not {"totp", "sms", "email"} & set(data) and data.get("mode", "OPTIONAL") != "OFF":
            data = {**data, "totp": True}
        return data

    @model_validator(mode="after")
    def _check(self) -> "Mfa":
        factors = self.totp or self.sms or self.email
        if self.mode != "OFF" and not factors:
            raise ValueError(f"mode {self.mode} needs at least one factor: totp, sms or email")
        if self.mode == "OFF" and factors:
            raise ValueError("factors are enabled but mode is OFF: set mode to OPTIONAL or ON")
        if self.sms_message is not None and "{####}" not in self.sms_message:
            raise ValueError("smsMessage must contain the {####} placeholder")
        if self.email_message is not None and "{####}" not in self.email_message:
            raise ValueError("emailMessage must contain the {####} placeholder")
        if (self.email_subject or self.email_message) and not self.email:
            raise ValueError("emailSubject and emailMessage need email: true")
        return self


class Verification(SpecModel):
    """How Cognito verifies contact details at sign-up (CDK: ``autoVerify`` + ``userVerification``)."""

    attributes: list[Literal["email", "phone_number"]] = Field(default_factory=lambda: ["email"])
    """Attributes Cognito verifies automatically by sending a code or link. @default [email]"""
    method: Literal["code", "link"] = "code"
    """Email verification by a code the user types, or by a link. @default code"""
    email_subject: str | None = None
    """@default Cognito's subject"""
    email_message: str | None = None
    """Must contain ``{####}`` (code) or ``{##Verify Email##}`` (link). @default Cognito's message"""
    sms_message: str | None = None
    """Must contain ``{####}``. @default Cognito's message"""
    keep_original_until_verified: bool = True
    """When a user changes a verified email or phone number, keep the old value (and sign-in with it) until the new one
    is verified. @default true - otherwise a typo, or an attacker with a session, moves the account to an address
    nobody verified"""

    @model_validator(mode="after")
    def _check(self) -> "Verification":
        if self.email_message is not None:
            token = "{####}" if self.method == "code" else "{##"
            if token not in self.email_message:
                raise ValueError(f"emailMessage must contain {'{####}' if self.method == 'code' else '{##...##}'}")
        if self.sms_message is not None and "{####}" not in self.sms_message:
            raise ValueError("smsMessage must contain the {####} placeholder")
        return self


FirstFactor = Literal["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]
# A relying party ID is a host name: lower-case labels, no scheme, port or path (WebAuthn "RP ID").
_HOST = re.compile(r"(?=.{1,127}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")


class Passwordless(SpecModel):
    """Choice-based sign-in (the ``ALLOW_USER_AUTH`` flow): the first factors users may choose, and passkey settings
    (CDK: ``signInPolicy`` + ``passkeyRelyingPartyId`` + ``passkeyUserVerification``). Needs featurePlan ESSENTIALS or
    PLUS (API SignInPolicyType, WebAuthnConfigurationType), and the app's client must allow ``ALLOW_USER_AUTH``."""

    first_factors: list[FirstFactor] = Field(default_factory=lambda: ["PASSWORD"], min_length=1, max_length=4)
    """What users may sign in with first: PASSWORD, EMAIL_OTP (a code by email), SMS_OTP (a code by SMS),
    WEB_AUTHN (passkeys). @default [PASSWORD] - Cognito's own default; add the passwordless factors you want"""
    relying_party_id: str | None = None
    """The domain passkeys are bound to (WebAuthn RP ID), e.g. ``example.com``: the hosted-UI domain, or a registrable
    parent of the app's origin. Changing it strands every registered passkey. @default the hosted-UI domain
    (``authstack:domain``)"""
    user_verification: Literal["required", "preferred"] = "preferred"
    """Whether a passkey must verify the user (PIN, biometrics). @default preferred - Cognito's and Amplify's default;
    required refuses security keys without user verification"""
    origins: list[str] = Field(default_factory=list)
    """The web origins the app signs in from (``https://app.example.com``), to check relyingPartyId against.
    @default the http(s) callback URLs of the stack's public clients"""

    @model_validator(mode="after")
    def _check(self) -> "Passwordless":
        if len(set(self.first_factors)) != len(self.first_factors):
            raise ValueError("firstFactors: each factor once")
        if "WEB_AUTHN" not in self.first_factors:
            given = sorted({"relying_party_id", "user_verification"} & self.model_fields_set)
            if given:
                names = {"relying_party_id": "relyingPartyId", "user_verification": "userVerification"}
                raise ValueError(f"{' and '.join(names[g] for g in given)} need{'s' if len(given) == 1 else ''} "
                                 f"WEB_AUTHN in firstFactors")
        if self.relying_party_id is not None and not _HOST.fullmatch(self.relying_party_id):
            raise ValueError(f"relyingPartyId {self.relying_party_id!r}: a lower-case host name without scheme, port or "
                             f"path, at most 127 characters")
        for origin in self.origins:
            parsed = urlparse(origin)
            if parsed.scheme not in ("https", "http") or not parsed.hostname or parsed.path not in ("", "/"):
                raise ValueError(f"origins: {origin!r} is not a web origin (https://host[:port])")
            if parsed.scheme == "http" and parsed.hostname != "localhost":
                raise ValueError(f"origins: {origin!r}: browsers allow passkeys on http only for localhost")
        return self

    @property
    def passkeys(self) -> bool:
        return "WEB_AUTHN" in self.first_factors

    @property
    def choice_based(self) -> bool:
        """Anything beyond passwords: the factors only the ``USER_AUTH`` flow offers."""
        return any(f != "PASSWORD" for f in self.first_factors)


class PolicyStatement(SpecModel):
    """One IAM policy statement."""

    effect: Literal["Allow", "Deny"] = "Allow"
    """@default Allow"""
    actions: list[str] = Field(min_length=1)
    """IAM actions, e.g. ``s3:GetObject``."""
    resources: list[str] = Field(min_length=1)
    """Resource ARNs. Identity roles may not use ``*`` (a guardrail)."""
    conditions: dict[str, dict[str, str | list[str]]] | None = None
    """IAM condition block, e.g. ``{StringEquals: {"aws:RequestedRegion": eu-west-1}}``. @default none"""


class Group(SpecModel):
    """A user pool group. Its IAM role, if any, is trusted by this stack's identity pool only."""

    precedence: Range(0, 2_000_000_000) | None = None
    """Lower wins when a user is in several groups with roles. @default none"""
    description: str | None = None
    """Shown in the console. @default none"""
    policy_statements: list[PolicyStatement] | None = None
    """Give the group an IAM role with these statements (delivered in ``cognito:roles`` / ``cognito:preferred_role``).
    @default no role"""
    role_arn: Ref | None = None
    """Use this existing role instead (e.g. the role Amplify Gen 1 gave the group, adopted with its policies).
    @default no role"""

    @model_validator(mode="after")
    def _check(self) -> "Group":
        if self.role_arn is not None and self.policy_statements:
            raise ValueError("give policyStatements (a new role) or roleArn (an existing one), not both")
        if known(self.role_arn) and not self.role_arn.startswith("arn:aws:iam::"):
            raise ValueError("roleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
        return self


class EmailSending(SpecModel):
    """Where Cognito sends email from (CDK: ``UserPoolEmail``)."""

    ses_source_arn: Ref | None = None
    """A verified SES identity, ``arn:aws:ses:<region>:<account>:identity/<address or domain>``, in a Region the pool may
    use: its own, or for the pools of the Regions the Cognito guide lists also us-east-1, us-west-2 or eu-west-1
    (checked). @default Cognito's own sender - at most 50 emails a day for the whole account, then none, so fine for
    throwaway stacks only; validate and plan advise against it on any other"""
    from_address: str | None = Field(default=None, alias="from")
    """The sender, e.g. ``My App <no-reply@example.com>``: the identity's address, or an address in the identity's
    domain or a subdomain; needs sesSourceArn. @default the identity's address for an address identity (required with a
    domain identity, which names no address)"""
    reply_to: str | None = None
    """Reply-To address; needs sesSourceArn. @default none - replies go to the sender"""
    configuration_set: str | None = None
    """SES configuration set for sending events; needs sesSourceArn. @default none - SES's account defaults"""


class SmsSending(SpecModel):
    """How Cognito sends SMS."""

    sns_caller_arn: Ref | None = None
    """An existing IAM role Cognito assumes to publish to SNS. @default a role created for this pool"""
    external_id: str | None = None
    """@default derived from the pool name"""
    sns_region: str | None = None
    """@default the stack's region"""


class UserPool(SpecModel):
    """The Cognito user pool: who can sign in, and how."""

    name: str | None = None
    """The pool's name. Renaming may replace the pool on some provider versions. @default ``<project>-<stack>``"""
    sign_in: SignIn = SignIn()
    """How users sign in; cannot change after creation. @default email"""
    standard_attributes: dict[StandardAttributeName, StandardAttribute] = Field(
        default_factory=lambda: {"email": StandardAttribute(required=True)}
    )
    """Standard attributes by their Cognito names. @default email, required"""
    custom_attributes: dict[str, CustomAttribute] = Field(default_factory=dict)
    """Custom attributes by name, without the ``custom:`` prefix. Only additions are safe later. @default none"""
    password_policy: PasswordPolicy = PasswordPolicy()
    """@default 8 characters with lower, upper, digit and symbol"""
    mfa: Mfa = Mfa()
    """Multi-factor authentication. @default OPTIONAL, with authenticator apps (TOTP)"""
    passwordless: Passwordless | None = None
    """Choice-based sign-in with email or SMS codes and passkeys. @default none: password sign-in only (no sign-in
    policy is sent, so an existing pool keeps its own)"""
    verification: Verification = Verification()
    """How contact details are verified. @default email, by code"""
    self_sign_up: bool = True
    """Let users sign themselves up; false means only admins create users. @default true"""
    account_recovery: list[Literal["verified_email", "verified_phone_number", "admin_only"]] = Field(
        default_factory=lambda: ["verified_email"], min_length=1, max_length=2
    )
    """Recovery mechanisms in priority order. @default [verified_email]"""
    feature_plan: Literal["LITE", "ESSENTIALS", "PLUS"] = "ESSENTIALS"
    """Cognito feature plan (pricing tier). @default ESSENTIALS - needed for email MFA, pre-token V2 and password history"""
    threat_protection: ThreatProtection = ThreatProtection()
    """Compromised-credential and account-takeover protection with their actions; needs PLUS. @default ENFORCED on a
    PLUS stack that is not throwaway (block leaked passwords and high risk, MFA for medium risk), else OFF"""
    activity_logs: ActivityLogs = ActivityLogs()
    """User activity logs. @default to a CloudWatch log group (365 days) where threat protection is on, else none"""
    groups: dict[str, Group] = Field(default_factory=dict)
    """Groups by name. @default none"""
    email: EmailSending = EmailSending()
    """How Cognito sends email. @default Cognito's own sender"""
    sms: SmsSending = SmsSending()
    """How Cognito sends SMS. @default a role authstack creates when SMS is used"""

    @model_validator(mode="after")
    def _check(self) -> "UserPool":
        if self.threat_protection.mode not in (None, "OFF") and self.feature_plan != "PLUS":
            raise ValueError(f"threatProtection {self.threat_protection.mode} needs featurePlan PLUS")
        if self.mfa.email and self.feature_plan == "LITE":
            raise ValueError("mfa.email needs featurePlan ESSENTIALS or PLUS")
        if self.mfa.email and not self.email.ses_source_arn:
            raise ValueError("mfa.email needs email.sesSourceArn (Cognito sends MFA email through SES only)")
        if self.mfa.email and len(self.account_recovery) < 2:
            raise ValueError("mfa.email needs two accountRecovery mechanisms, e.g. [verified_email, verified_phone_number]")
        if self.name is not None and not re.fullmatch(NAME_PATTERN, self.name):
            raise ValueError(f"name {self.name!r}: 1-128 letters, digits, spaces and +=,.@-")
        if self.passwordless is not None:
            if self.feature_plan == "LITE":
                raise ValueError("passwordless needs featurePlan ESSENTIALS or PLUS")
            factors = self.passwordless.first_factors
            if "EMAIL_OTP" in factors and "email" not in self.verification.attributes:
                raise ValueError("passwordless EMAIL_OTP needs email in verification.attributes (codes go to a verified "
                                 "address)")
            if "SMS_OTP" in factors and "phone_number" not in self.verification.attributes:
                raise ValueError("passwordless SMS_OTP needs phone_number in verification.attributes (codes go to a "
                                 "verified number)")
        if self.password_policy.password_history_size and self.feature_plan == "LITE":
            raise ValueError("passwordPolicy.passwordHistorySize needs featurePlan ESSENTIALS or PLUS")
        for name in self.custom_attributes:
            if name in STANDARD_ATTRIBUTES:
                raise ValueError(f"customAttributes.{name}: clashes with the standard attribute of the same name")
            if not re.fullmatch(CUSTOM_ATTRIBUTE_PATTERN, name):
                raise ValueError(f"customAttributes.{name}: names are 1-20 characters without spaces")
        for name in self.groups:
            if not 1 <= len(name) <= 128 or name != name.strip():
                raise ValueError(f"groups.{name}: group names are 1-128 characters without surrounding spaces")
        if "admin_only" in self.account_recovery and len(self.account_recovery) > 1:
            raise ValueError("accountRecovery: admin_only cannot be combined with other mechanisms")
        return self

    @property
    def needs_sms(self) -> bool:
        return self.mfa.sms or "phone_number" in self.verification.attributes
