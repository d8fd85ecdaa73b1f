"""The spec's enums are checked against what AWS accepts: botocore's service models for cognito-idp / cognito-identity."""
from __future__ import annotations

import typing

import botocore.session
import pytest

from authstack.spec.clients import AuthFlow, OAuth
from authstack.spec.identity_pool import MappingRule, RoleMapping
from authstack.spec.triggers import Trigger
from authstack.spec.client_files import ClientFiles
from authstack.spec.threat_protection import CompromisedCredentials, RiskAction, ThreatProtection
from authstack.spec.user_pool import CustomAttribute, Mfa, Passwordless, StandardAttributeName, UserPool, Verification

SESSION = botocore.session.get_session()
IDP = SESSION.get_service_model("cognito-idp")
IDENTITY = SESSION.get_service_model("cognito-identity")


def field_values(model, name: str) -> set[str]:
    annotation = model.model_fields[name].annotation
    found: set[str] = set()
    pending = [annotation]
    while pending:  # unwrap list[...], Optional[...] and Literal[...]
        current = pending.pop()
        if isinstance(current, str):
            found.add(current)
        else:
            pending.extend(typing.get_args(current))
    return found


def aws_enum(service, shape: str) -> set[str]:
    return set(service.shape_for(shape).enum)


@pytest.mark.parametrize("values,service,shape", [
    (field_values(Mfa, "mode"), IDP, "UserPoolMfaType"),
    (set(typing.get_args(AuthFlow)), IDP, "ExplicitAuthFlowsType"),
    (field_values(OAuth, "flows"), IDP, "OAuthFlowType"),
    (field_values(UserPool, "feature_plan"), IDP, "UserPoolTierType"),
    (field_values(ThreatProtection, "mode"), IDP, "AdvancedSecurityModeType"),
    (field_values(CompromisedCredentials, "action"), IDP, "CompromisedCredentialsEventActionType"),
    (field_values(CompromisedCredentials, "events"), IDP, "EventFilterType"),
    (field_values(RiskAction, "action"), IDP, "AccountTakeoverEventActionType"),
    (field_values(UserPool, "account_recovery"), IDP, "RecoveryOptionNameType"),
    (field_values(CustomAttribute, "type"), IDP, "AttributeDataType"),
    (field_values(Verification, "attributes"), IDP, "VerifiedAttributeType"),
    (field_values(Trigger, "version"), IDP, "PreTokenGenerationLambdaVersionType"),
    (field_values(RoleMapping, "type"), IDENTITY, "RoleMappingType"),
    (field_values(RoleMapping, "ambiguous_role_resolution"), IDENTITY, "AmbiguousRoleResolutionType"),
    (field_values(MappingRule, "match_type"), IDENTITY, "MappingRuleMatchType"),
    (field_values(Passwordless, "first_factors"), IDP, "AuthFactorType"),
    (field_values(Passwordless, "user_verification"), IDP, "UserVerificationType"),
    (field_values(ClientFiles, "preferred_challenge"), IDP, "AuthFactorType"),
])

def test_enum_values_are_aws_values(values, service, shape):
    assert values, shape
    assert values <= aws_enum(service, shape), values - aws_enum(service, shape)


def test_all_aws_auth_flows_are_offered():
    # ALLOW_ flows only: the legacy names without the prefix are deprecated by AWS.
    allowed = {v for v in aws_enum(IDP, "ExplicitAuthFlowsType") if v.startswith("ALLOW_")}
    assert allowed == set(typing.get_args(AuthFlow))


def test_sign_in_attributes_are_aws_values():
    assert {"email", "phone_number"} <= aws_enum(IDP, "UsernameAttributeType")
    assert {"email", "phone_number", "preferred_username"} == aws_enum(IDP, "AliasAttributeType")


def test_email_verification_options_match():
    assert aws_enum(IDP, "DefaultEmailOptionType") == {"CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE"}


def test_identity_provider_types_cover_the_spec():
    from authstack.spec.providers import Amazon, Apple, Auth0, Facebook, Google, Oidc, Saml

    kinds = {p.cognito_type for p in (Facebook, Google, Amazon, Apple, Auth0, Oidc, Saml)}
    assert kinds <= aws_enum(IDP, "IdentityProviderTypeType")


def test_standard_attribute_names_are_cognito_names():
    # Cognito's default schema lists the standard attributes (sub excluded: it is not user-settable).
    names = set(typing.get_args(StandardAttributeName))
    assert "email" in names and "phone_number" in names and "sub" not in names
    assert len(names) == 17


def test_trigger_runtimes_are_lambda_runtimes():
    runtimes = set(SESSION.get_service_model("lambda").shape_for("Runtime").enum)
    assert field_values(Trigger, "runtime") <= runtimes


def test_standard_attribute_shapes_match_cognito_defaults():
    # The shapes declared for standard attributes must be valid AWS data types.
    from authstack.spec.facts import DEFAULT_STRING_SHAPE, STANDARD_ATTRIBUTE_SHAPES

    kinds = {kind for kind, _ in [*STANDARD_ATTRIBUTE_SHAPES.values(), DEFAULT_STRING_SHAPE]}
    assert kinds <= aws_enum(IDP, "AttributeDataType")
    assert set(STANDARD_ATTRIBUTE_SHAPES) <= set(typing.get_args(StandardAttributeName))


def test_first_factors_are_every_aws_first_factor():
    # SOFTWARE_TOKEN is in AuthFactorType but "not currently supported as a first auth factor" (API SignInPolicyType).
    assert field_values(Passwordless, "first_factors") == aws_enum(IDP, "AuthFactorType") - {"SOFTWARE_TOKEN"}
    assert field_values(Passwordless, "user_verification") == aws_enum(IDP, "UserVerificationType")


def test_threat_protection_values_are_all_of_aws():
    assert field_values(ThreatProtection, "mode") == aws_enum(IDP, "AdvancedSecurityModeType")
    assert field_values(RiskAction, "action") == aws_enum(IDP, "AccountTakeoverEventActionType")
    assert field_values(CompromisedCredentials, "events") == aws_enum(IDP, "EventFilterType")
    # Log delivery: what infra/activity_logs.py sends (event sources and levels of LogConfigurationType).
    from authstack.infra.activity_logs import AUTH_EVENTS, NOTIFICATIONS

    assert {AUTH_EVENTS[0], NOTIFICATIONS[0]} == aws_enum(IDP, "EventSourceName")
    assert {AUTH_EVENTS[1], NOTIFICATIONS[1]} == aws_enum(IDP, "LogLevel")


def test_regions_are_botocore_regions():
    """`aws:region` is checked offline against spec.regions.REGIONS: every partition's regions in botocore's endpoint
    data (endpoints.json), no more and no fewer, so a typo such as eu-west-9 is refused and a real region is not."""
    from authstack.spec.regions import REGIONS

    known = {r for p in SESSION.get_data("endpoints")["partitions"] for r in p["regions"]}
    assert REGIONS == known
