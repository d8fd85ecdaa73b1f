"""The user pool component: the pool itself, the SNS role it sends SMS with, and its hosted-UI domain."""
from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from authstack.infra.common import keep, policy_document, service_trust
from authstack.spec.clients import Domain
from authstack.spec.facts import COMPONENT_USER_POOL, DEFAULT_STRING_SHAPE, STANDARD_ATTRIBUTE_SHAPES
from authstack.spec.user_pool import UserPool as UserPoolSpec

# Cognito trigger name → pulumi-aws `lambda_config` argument, for the triggers that take a bare ARN.
LAMBDA_CONFIG_KEYS = {
    "preSignUp": "pre_sign_up",
    "preAuthentication": "pre_authentication",
    "postConfirmation": "post_confirmation",
    "postAuthentication": "post_authentication",
    "customMessage": "custom_message",
    "defineAuthChallenge": "define_auth_challenge",
    "createAuthChallenge": "create_auth_challenge",
    "verifyAuthChallengeResponse": "verify_auth_challenge_response",
    "userMigration": "user_migration",
}


@dataclass(frozen=True)
class UserPoolArgs:
    pool_name: str
    """The pool's AWS name unless the spec names it."""
    spec: UserPoolSpec
    """The `userPool` section (``authstack.spec.user_pool.UserPool``); its SES/SNS ARNs may be Inputs."""
    region: str
    """Default SNS region for SMS."""
    throwaway: bool
    """Deletion protection and ``protect`` off. Pass False for a pool with real users: it cannot be restored."""
    domain: Domain | None = None
    """The hosted-UI domain. @default none"""
    trigger_arns: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    """Trigger name → function ARN."""
    trigger_versions: dict[str, str] = field(default_factory=dict)
    kms_key_arn: pulumi.Input[str] | None = None
    """The key Cognito encrypts codes for custom sender triggers with. @default none"""
    import_id: str | None = None
    domain_import_id: str | None = None
    tags: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    relying_party_id: str | None = None
    """The passkey relying party ID (`Spec.relying_party_id`); None without passkeys."""
    depends_on: list[pulumi.Resource] = field(default_factory=list)
    """Trigger grants that must exist before the pool is updated to call the functions (pulumi-aws#4496)."""
    threat_mode: str = "OFF"
    """The effective threat protection mode (`Spec.threat_mode`: it depends on the plan, throwaway and adoption)."""


class UserPool(pulumi.ComponentResource):
    """A Cognito user pool with deletion protection on and Pulumi ``protect`` on, unless the stack is throwaway."""

    def __init__(self, name: str, args: UserPoolArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_USER_POOL, name, None, opts)
        self._name = name
        self._args = args
        self.sms_role = self._create_sms_role()
        self.pool = self._create_pool()
        self.alias_target: pulumi.Output[dict] | None = None
        self.domain = self._create_domain()
        self.id = self.pool.id
        self.arn = self.pool.arn
        self.endpoint = self.pool.endpoint
        self.register_outputs({"id": self.id, "arn": self.arn})

    # -- steps ----------------------------------------------------------------------------------------------------

    def _create_sms_role(self) -> aws.iam.Role | None:
        spec = self._args.spec
        if not spec.needs_sms or spec.sms.sns_caller_arn:
            return None
        # Retained: the pool keeps its SmsConfiguration when SMS goes off (the provider keeps the Optional+Computed
        # block and AWS cannot unset it in place), so deleting the role would break whatever SMS Cognito still sends.
        retain = pulumi.ResourceOptions(parent=self, retain_on_delete=not self._args.throwaway)
        role = aws.iam.Role(
            f"{self._name}-sms",
            assume_role_policy=service_trust("cognito-idp.amazonaws.com", self._external_id()),
            tags=self._args.tags or None,
            opts=retain,
        )
        aws.iam.RolePolicy(
            f"{self._name}-sms-publish",
            role=role.id,
            policy=policy_document([{"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "*"}]),
            opts=retain,
        )
        return role

    def _external_id(self) -> str:
        return self._args.spec.sms.external_id or f"{self._args.pool_name}-sms"

    def _create_pool(self) -> aws.cognito.UserPool:
        spec, args = self._args.spec, self._args
        return aws.cognito.UserPool(
            f"{self._name}",
            name=spec.name or args.pool_name,
            username_attributes=spec.sign_in.username_attributes or None,
            alias_attributes=spec.sign_in.alias_attributes or None,
            username_configuration=(
                None if spec.sign_in.case_sensitive is None else {"case_sensitive": spec.sign_in.case_sensitive}
            ),
            schemas=self._schemas() or None,
            auto_verified_attributes=list(spec.verification.attributes) or None,
            password_policy=self._password_policy(),
            mfa_configuration=spec.mfa.mode,
            # GetUserPoolMfaConfig reports the TOTP switch once MFA is on; sending it either way keeps the diff empty.
            software_token_mfa_configuration={"enabled": spec.mfa.totp} if spec.mfa.mode != "OFF" else None,
            email_mfa_configuration=(
                {k: v for k, v in (("subject", spec.mfa.email_subject), ("message", spec.mfa.email_message)) if v}
                if spec.mfa.email else None
            ),
            sign_in_policy=self._sign_in_policy(),
            web_authn_configuration=self._web_authn(),
            sms_authentication_message=spec.mfa.sms_message,
            sms_configuration=self._sms_configuration(),
            email_configuration=self._email_configuration(),
            verification_message_template=self._verification(),
            user_attribute_update_settings=(
                {"attributes_require_verification_before_updates": list(spec.verification.attributes)}
                if spec.verification.keep_original_until_verified and spec.verification.attributes else None
            ),
            admin_create_user_config={"allow_admin_create_user_only": not spec.self_sign_up},
            account_recovery_setting={
                "recovery_mechanisms": [
                    {"name": name, "priority": i + 1} for i, name in enumerate(spec.account_recovery)
                ]
            },
            user_pool_tier=spec.feature_plan,
            user_pool_add_ons=self._add_ons(),
            # Adopted pools hold users that existed before this stack: throwaway never turns their protection off.
            deletion_protection="INACTIVE" if args.throwaway and not args.import_id else "ACTIVE",
            lambda_config=self._lambda_config(),
            tags=args.tags or None,
            opts=keep(self, args.throwaway, args.import_id, depends_on=list(args.depends_on) or None),
        )

    def _schemas(self) -> list[dict]:
        spec = self._args.spec
        schemas = []
        # Standard attributes only need declaring when they differ from Cognito's defaults (optional, mutable).
        for name, attr in sorted(spec.standard_attributes.items()):
            if attr.required or not attr.mutable:
                kind, constraints = STANDARD_ATTRIBUTE_SHAPES.get(name, DEFAULT_STRING_SHAPE)
                schemas.append({
                    "name": name, "attribute_data_type": kind, "required": attr.required, "mutable": attr.mutable,
                    "developer_only_attribute": False,
                    ("string_attribute_constraints" if kind == "String" else "number_attribute_constraints"): dict(constraints),
                })
        for name, attr in sorted(spec.custom_attributes.items()):
            item = {
                "name": name, "attribute_data_type": attr.type, "mutable": attr.mutable, "required": False,
                "developer_only_attribute": attr.developer_only,
            }
            if attr.type == "String":
                item["string_attribute_constraints"] = {"min_length": str(attr.min_length), "max_length": str(attr.max_length)}
            elif attr.type == "Number":
                item["number_attribute_constraints"] = {
                    k: str(v) for k, v in (("min_value", attr.min_value), ("max_value", attr.max_value)) if v is not None
                }
            schemas.append(item)
        return schemas

    def _password_policy(self) -> dict:
        p = self._args.spec.password_policy
        policy = {
            "minimum_length": p.minimum_length, "require_lowercase": p.require_lowercase,
            "require_uppercase": p.require_uppercase, "require_numbers": p.require_numbers,
            "require_symbols": p.require_symbols, "temporary_password_validity_days": p.temporary_password_validity_days,
        }
        if p.password_history_size is not None:
            policy["password_history_size"] = p.password_history_size
        return policy

    def _add_ons(self) -> dict:
        # Always sent: DescribeUserPool returns the add-ons block with OFF too, and the block is not Computed in the
        # provider, so leaving it out for OFF would show a change on every run.
        return {"advanced_security_mode": self._args.threat_mode}

    def _sign_in_policy(self) -> dict | None:
        pl = self._args.spec.passwordless
        return None if pl is None else {"allowed_first_auth_factors": list(pl.first_factors)}

    def _web_authn(self) -> dict | None:
        pl = self._args.spec.passwordless
        if pl is None or not pl.passkeys:
            return None
        return {"relying_party_id": self._args.relying_party_id, "user_verification": pl.user_verification}

    def _sms_configuration(self) -> dict | None:
        spec = self._args.spec
        if not spec.needs_sms:
            return None
        caller = spec.sms.sns_caller_arn or self.sms_role.arn
        return {"external_id": self._external_id(), "sns_caller_arn": caller, "sns_region": spec.sms.sns_region or self._args.region}

    def _email_configuration(self) -> dict | None:
        e = self._args.spec.email
        if not e.ses_source_arn:
            return {"email_sending_account": "COGNITO_DEFAULT"}
        return {
            "email_sending_account": "DEVELOPER", "source_arn": e.ses_source_arn, "from_email_address": e.from_address,
            "reply_to_email_address": e.reply_to, "configuration_set": e.configuration_set,
        }

    def _verification(self) -> dict:
        v = self._args.spec.verification
        template: dict = {"default_email_option": "CONFIRM_WITH_LINK" if v.method == "link" else "CONFIRM_WITH_CODE"}
        if v.method == "link":
            template.update(email_message_by_link=v.email_message, email_subject_by_link=v.email_subject)
        else:
            template.update(email_message=v.email_message, email_subject=v.email_subject)
        template["sms_message"] = v.sms_message
        return {k: val for k, val in template.items() if val is not None}

    def _lambda_config(self) -> dict | None:
        arns = self._args.trigger_arns
        if not arns:
            return None
        config: dict = {LAMBDA_CONFIG_KEYS[t]: arn for t, arn in sorted(arns.items()) if t in LAMBDA_CONFIG_KEYS}
        if "preTokenGeneration" in arns:
            config["pre_token_generation_config"] = {
                "lambda_arn": arns["preTokenGeneration"],
                "lambda_version": self._args.trigger_versions.get("preTokenGeneration", "V2_0"),
            }
        for trigger, key in (("customEmailSender", "custom_email_sender"), ("customSmsSender", "custom_sms_sender")):
            if trigger in arns:
                config[key] = {"lambda_arn": arns[trigger], "lambda_version": "V1_0"}
        if self._args.kms_key_arn:
            config["kms_key_id"] = self._args.kms_key_arn
        return config

    def _create_domain(self) -> aws.cognito.UserPoolDomain | None:
        domain = self._args.domain
        if domain is None:
            return None
        created = aws.cognito.UserPoolDomain(
            f"{self._name}-domain",
            domain=domain.custom_domain or domain.prefix,
            user_pool_id=self.pool.id,
            certificate_arn=domain.certificate_arn,
            managed_login_version=2 if domain.managed_login else None,
            opts=keep(self, self._args.throwaway, self._args.domain_import_id),
        )
        if domain.custom_domain:
            # A custom domain is served by a CloudFront distribution Cognito owns; DNS must alias the domain to it
            # (Cognito guide, "Using your own domain for managed login"; outputs cloudfrontDistribution/ZoneId).
            self.alias_target = pulumi.Output.all(created.cloudfront_distribution,
                                                  created.cloudfront_distribution_zone_id).apply(
                lambda v: {"dnsName": v[0], "hostedZoneId": v[1]})
            if domain.route53_zone_id:
                aws.route53.Record(
                    f"{self._name}-domain-alias",
                    zone_id=domain.route53_zone_id,
                    name=domain.custom_domain,
                    type="A",
                    aliases=[{"name": created.cloudfront_distribution,
                              "zone_id": created.cloudfront_distribution_zone_id,
                              "evaluate_target_health": False}],
                    opts=pulumi.ResourceOptions(parent=self),
                )
        return created
