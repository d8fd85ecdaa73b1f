"""Shared stacks for the provider-behaviour tests (issue 15): what a real `pulumi up` does, pinned on the program's
exact inputs and options under mocks, each test citing where the behaviour is documented."""
from __future__ import annotations

import copy

import pytest
import yaml

from tests.helpers import ROOT

SECRET = {"secure": "v1:placeholder=="}

ALL_PROVIDERS = {
    "google": {"type": "google", "clientId": "g.apps.googleusercontent.com", "clientSecret": SECRET},
    "facebook": {"type": "facebook", "clientId": "1234567890", "clientSecret": SECRET},
    "amazon": {"type": "amazon", "clientId": "amzn1.application-oa2-client.x", "clientSecret": SECRET},
    "apple": {"type": "apple", "servicesId": "com.example.signin", "teamId": "ABCDE12345", "keyId": "KEY1234567",
              "privateKey": SECRET},
    "okta": {"type": "oidc", "issuerUrl": "https://example.okta.com", "clientId": "okta-client", "clientSecret": SECRET},
    "corp": {"type": "auth0", "domain": "example.eu.auth0.com", "clientId": "a0client", "clientSecret": SECRET},
    "adfs": {"type": "saml", "metadataUrl": "https://adfs.example.com/FederationMetadata.xml"},
}


def stack_file(base: str) -> dict:
    return yaml.safe_load((ROOT / f"Pulumi.{base}.yaml").read_text())


@pytest.fixture
def prod_config():
    return copy.deepcopy(stack_file("prod"))["config"]
