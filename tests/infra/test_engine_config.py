"""The program as `pulumi up` runs it: infra/__main__.py reading the config the engine hands it (plaintext secrets in
keys marked secret). Secrets must stay wrapped in every registered resource and output."""
from __future__ import annotations

import json
import runpy

import pulumi
import pytest
from pulumi.runtime import rpc

from authstack.infra.offline import install
from tests.helpers import ROOT

GOOGLE_SECRET = "google-client-secret-PLAINTEXT-1"
APPLE_KEY = "-----BEGIN PRIVATE KEY-----APPLE-PLAINTEXT-2"


def engine_config(secret_keys: bool = True) -> tuple[dict[str, str], list[str]]:
    providers = {
        "google": {"type": "google", "clientId": "g.apps.googleusercontent.com", "clientSecret": GOOGLE_SECRET},
        "apple": {"type": "apple", "servicesId": "com.example", "teamId": "T", "keyId": "K", "privateKey": APPLE_KEY},
    }
    config = {
        "aws:region": "eu-west-1",
        "authstack:domain": json.dumps({"prefix": "myapp-test"}),
        "authstack:identityProviders": json.dumps(providers),
        "authstack:clients": json.dumps({"web": {"oauth": {"callbackUrls": ["https://app.example.com/"],
                                                           "logoutUrls": ["https://app.example.com/"]},
                                                 "identityProviders": ["COGNITO", "Google", "SignInWithApple"]}}),
        "authstack:identityPool": json.dumps({"federation": {"googleClientId": "g.apps.googleusercontent.com"}}),
    }
    return config, (["authstack:identityProviders"] if secret_keys else [])


def run_main(config: dict[str, str], secret_keys: list[str]):
    monitor = install("authstack", "enginetest", "eu-west-1")
    pulumi.runtime.set_all_config(config, secret_keys)

    @pulumi.runtime.test
    def program():
        runpy.run_path(str(ROOT / "infra" / "__main__.py"), run_name="__main__")

    try:
        program()
    finally:
        pulumi.runtime.set_all_config({}, [])
    return monitor


def _plain_strings(value, inside_secret=False):
    """Every string reachable outside a secret wrapper."""
    if rpc.is_rpc_secret(value):
        return
    if isinstance(value, dict):
        for v in value.values():
            yield from _plain_strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _plain_strings(v)
    elif isinstance(value, str):
        yield value


def test_secrets_never_leave_a_secret_wrapper():
    monitor = run_main(*engine_config())
    idps = [r for r in monitor.registrations if r.type == "aws:cognito/identityProvider:IdentityProvider"]
    assert len(idps) == 2
    details = {rpc.unwrap_rpc_secret(r.inputs["providerDetails"]).get("client_id"): rpc.unwrap_rpc_secret(r.inputs["providerDetails"]) for r in idps}
    # The real value reached the provider, wrapped...
    assert details["g.apps.googleusercontent.com"]["client_secret"] == GOOGLE_SECRET
    assert details["com.example"]["private_key"] == APPLE_KEY
    # ...and nowhere else, in any resource's inputs or outputs.
    for r in monitor.registrations:
        for text in list(_plain_strings(r.inputs)) + list(_plain_strings(r.outputs)):
            assert GOOGLE_SECRET not in text and APPLE_KEY not in text, r.name


def test_stack_outputs_carry_no_secret():
    run_main(*engine_config())
    outputs = pulumi.runtime.get_root_resource().outputs
    config = outputs["clientConfig"]
    import asyncio

    loop = asyncio.get_event_loop()
    value = loop.run_until_complete(pulumi.Output.from_input(config).future())
    text = json.dumps(value)
    assert GOOGLE_SECRET not in text and APPLE_KEY not in text
    assert value["socialProviders"] == ["GOOGLE", "APPLE"]
    assert value["identityPool"]["federation"][0]["loginsKey"] == "accounts.google.com"
    assert loop.run_until_complete(pulumi.Output.from_input(config).is_secret()) is False


def test_plaintext_secret_outside_a_secret_key_stops_the_run():
    with pytest.raises(pulumi.RunError) as caught:
        run_main(*engine_config(secret_keys=False))
    message = str(caught.value)
    assert "Pulumi.enginetest.yaml: authstack:identityProviders.google.clientSecret: is a secret and must not be in plain text" in message
    assert GOOGLE_SECRET not in message


def test_unknown_key_stops_the_run_with_did_you_mean():
    config, secret_keys = engine_config()
    config["authstack:userpool"] = json.dumps({"mfa": {"mode": "ON", "totp": True}})
    with pytest.raises(pulumi.RunError, match=r"Pulumi.enginetest.yaml: authstack:userpool: unknown key; did you mean 'userPool'\?"):
        run_main(config, secret_keys)


def test_missing_trigger_handler_is_one_line_not_a_traceback():
    config, secret_keys = engine_config()
    config["authstack:triggers"] = json.dumps({"preSignUp": {"handler": "no/such/file.py"}})
    with pytest.raises(pulumi.RunError) as caught:
        run_main(config, secret_keys)
    assert str(caught.value) == "Pulumi.enginetest.yaml: authstack:triggers.preSignUp.handler: file not found: no/such/file.py"
