"""Point 7: managed login and custom domains work on a real `up`."""
from __future__ import annotations

from tests.helpers import by_type, one
from tests.provider.conftest import stack_file
from tests.provider.helpers import cli, planned, write

BRANDING = "aws:cognito/managedLoginBranding:ManagedLoginBranding"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
RECORD = "aws:route53/record:Record"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def test_managed_login_brands_every_oauth_client(tmp_path):
    """A managed-login domain renders a client's pages only once a branding style is assigned to it, else "Login pages
    unavailable" (https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-branding.html; pulumi-aws
    cognito.ManagedLoginBranding, installed 7.51.1). Cognito's defaults are enough: useCognitoProvidedValues."""
    config = stack_file("prod")["config"]
    config["authstack:domain"]["managedLogin"] = True
    config["authstack:clients"]["server"] = {"generateSecret": True}  # no OAuth: no hosted pages, no branding
    p = planned(write(tmp_path, config))
    assert one(p, DOMAIN).inputs["managedLoginVersion"] == 2
    clients = {r.urn: r for r in by_type(p, CLIENT)}
    brandings = by_type(p, BRANDING)
    assert {b.name for b in brandings} == {"authstack-x-client-native-branding", "authstack-x-client-web-branding"}
    for b in brandings:
        assert b.inputs["useCognitoProvidedValues"] is True
        [client] = [c for urn, c in clients.items() if urn in b.dependencies]
        assert b.inputs["clientId"] == client.outputs["id"]


def test_classic_hosted_ui_has_no_branding(tmp_path):
    assert by_type(planned(write(tmp_path, stack_file("prod")["config"])), BRANDING) == []


def test_managed_login_on_lite_is_refused(tmp_path):
    """"In the Lite feature plan, the classic hosted UI is your only option"
    (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html)."""
    config = stack_file("dev")["config"]
    config["authstack:domain"]["managedLogin"] = True
    config["authstack:userPool"]["featurePlan"] = "LITE"
    config["authstack:userPool"]["mfa"] = {"mode": "OFF"}
    proc = cli("validate", "--stack", "x", "--project-dir", str(write(tmp_path, config)))
    assert proc.returncode == 2
    assert "authstack:domain.managedLogin: managed login needs userPool.featurePlan ESSENTIALS or PLUS" in proc.stderr


def _custom(config: dict, zone: str | None = None) -> dict:
    config["authstack:domain"] = {"customDomain": "auth.example.com", "certificateArn": CERT,
                                  **({"route53ZoneId": zone} if zone else {})}
    return config


def test_custom_domain_exports_its_alias_target(tmp_path):
    """A custom domain is served by a CloudFront distribution that Cognito owns; DNS must alias the name to it
    (outputs cloudfrontDistribution / cloudfrontDistributionZoneId of aws.cognito.UserPoolDomain)."""
    p = planned(write(tmp_path, _custom(stack_file("prod")["config"])))
    domain = one(p, DOMAIN)
    target = p.outputs["hostedUiAliasTarget"]
    assert target == {"dnsName": domain.outputs.get("cloudfrontDistribution") or target["dnsName"],
                      "hostedZoneId": "Z2FDTNDATAQYW2"}
    assert target["dnsName"].endswith(".cloudfront.net")
    assert by_type(p, RECORD) == []


def test_custom_domain_with_a_zone_gets_its_alias_record(tmp_path):
    p = planned(write(tmp_path, _custom(stack_file("prod")["config"], "Z0123456789EXAMPLE")))
    record = one(p, RECORD)
    assert record.inputs["name"] == "auth.example.com" and record.inputs["type"] == "A"
    assert record.inputs["zoneId"] == "Z0123456789EXAMPLE"
    [alias] = record.inputs["aliases"]
    assert alias["name"] == p.outputs["hostedUiAliasTarget"]["dnsName"]
    assert alias["zoneId"] == "Z2FDTNDATAQYW2" and alias["evaluateTargetHealth"] is False
    assert one(p, DOMAIN).urn in record.dependencies


def test_zone_without_custom_domain_is_bad_input(tmp_path):
    config = stack_file("prod")["config"]
    config["authstack:domain"]["route53ZoneId"] = "Z0123456789EXAMPLE"
    proc = cli("validate", "--stack", "x", "--project-dir", str(write(tmp_path, config)))
    assert proc.returncode == 2 and "route53ZoneId applies to a customDomain only" in proc.stderr
