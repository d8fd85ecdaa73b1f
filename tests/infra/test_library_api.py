"""`authstack.infra` as a library: a platform team's own Pulumi program composes `AuthStack` with its resources.

Run under Pulumi's mocks (`infra.offline.run_callable`); wire-level inputs are asserted, as in test_program.py.
"""
from __future__ import annotations

import ast
import inspect
import re
import runpy
from dataclasses import fields

import pulumi
import pytest
from pulumi.runtime import rpc

import authstack.infra
from authstack.infra import AuthStack, AuthStackArgs
from authstack.infra.offline import run_callable
from authstack.spec import facts
from authstack.spec.errors import SpecError
from authstack.spec.load import load
from authstack.spec.regions import region_problem
from authstack.spec.stack import Spec
from tests.helpers import ROOT, one, project

EXAMPLE = ROOT / "examples" / "platform"
SES = "aws:sesv2/emailIdentity:EmailIdentity"
AUTHORIZER = "aws:apigatewayv2/authorizer:Authorizer"


def _run(build, config=None, secret_keys=()):
    return run_callable(build, "platform", "dev", "eu-west-1", ROOT, config=config, secret_keys=secret_keys)


# --- the API surface ---------------------------------------------------------------------------------------------

def test_the_package_exports_the_components_and_their_args():
    assert {"AuthStack", "AuthStackArgs", "UserPool", "UserPoolArgs", "AppClients", "AppClientsArgs",
            "IdentityPool", "IdentityPoolArgs", "Groups", "GroupsArgs"} <= set(authstack.infra.__all__)
    for name in authstack.infra.__all__:
        value = getattr(authstack.infra, name)
        assert value.__name__ == name and value.__module__.startswith("authstack.infra."), name
    with pytest.raises(AttributeError):
        authstack.infra.NotAComponent  # noqa: B018


def test_args_have_one_field_per_spec_section():
    # A new stack-file section needs its AuthStackArgs field (and doc) too, or programs could not set it.
    sections = set(Spec.model_fields)
    extras = {"region", "project", "stack", "root"}
    assert {f.name for f in fields(AuthStackArgs)} == sections | extras


def test_every_option_says_its_default():
    tree = ast.parse(inspect.getsource(AuthStackArgs))
    body = tree.body[0].body
    docs = {}
    for node, nxt in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
            docs[node.target.id] = nxt.value.value
    for f in fields(AuthStackArgs):
        assert "@default" in docs.get(f.name, ""), f"AuthStackArgs.{f.name} needs a doc with @default"


# --- the platform example ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def platform():
    return _run(lambda: runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__"),
                config={"platform:googleClientSecret": "google-s3cret"}, secret_keys=("platform:googleClientSecret",))


def test_the_pool_sends_mail_from_the_platforms_ses_identity(platform):
    identity = one(platform, SES)
    pool = one(platform, facts.USER_POOL)
    assert pool.inputs["emailConfiguration"] == {
        "emailSendingAccount": "DEVELOPER", "sourceArn": identity.outputs["arn"],
        "fromEmailAddress": "Example <no-reply@example.com>",
    }
    assert identity.urn in pool.dependencies  # Pulumi orders the identity first
    assert pool.inputs["tags"] == {"team": "platform", "stack": "dev"}


def test_the_api_trusts_the_pools_tokens_for_the_web_client(platform):
    pool = one(platform, facts.USER_POOL)
    client = one(platform, facts.USER_POOL_CLIENT)
    jwt = one(platform, AUTHORIZER).inputs["jwtConfiguration"]
    assert jwt == {"issuer": f"https://{pool.outputs['endpoint']}", "audiences": [client.outputs["id"]]}


def test_the_program_secret_stays_secret(platform):
    idp = one(platform, facts.IDENTITY_PROVIDER)
    assert rpc.is_rpc_secret(idp.inputs["providerDetails"])
    assert rpc.unwrap_rpc_secret(idp.inputs["providerDetails"])["client_secret"] == "google-s3cret"
    everything = repr([r.inputs for r in platform.resources if r is not idp]) + repr(platform.outputs)
    assert "google-s3cret" not in everything


def test_the_client_config_output_is_the_programs(platform):
    cc = platform.outputs["clientConfig"]
    client = one(platform, facts.USER_POOL_CLIENT)
    assert (cc["project"], cc["stack"], cc["region"]) == ("platform", "dev", "eu-west-1")
    assert cc["clients"]["web"]["id"] == client.outputs["id"]
    assert cc["oauthDomain"] == "example-dev.auth.eu-west-1.amazoncognito.com"
    assert cc["socialProviders"] == ["GOOGLE"]


# --- the constructor validates as `authstack validate` does ------------------------------------------------------

BAD = [
    ("mfa-mode", {"userPool": {"mfa": {"mode": "MAYBE"}}}),
    ("email-mfa-needs-ses", {"userPool": {"mfa": {"mode": "OPTIONAL", "email": True}}}),
    ("http-callback", {"domain": {"prefix": "ok-prefix"},
                       "clients": {"web": {"oauth": {"callbackUrls": ["http://example.com/cb"], "logoutUrls": ["https://e.com/"]}}}}),
    ("oauth-without-domain", {"clients": {"web": {"oauth": {"callbackUrls": ["https://e.com/cb"], "logoutUrls": ["https://e.com/"]}}}}),
    ("certificate-region", {"domain": {"customDomain": "auth.example.com", "certificateArn": "arn:aws:acm:eu-west-1:1:certificate/x"}}),
    ("role-arn", {"identityPool": {"roles": {"authenticated": {"arn": "not-an-arn"}}}}),
]


def _args(raw: dict) -> AuthStackArgs:
    by_alias = {f.alias or n: n for n, f in Spec.model_fields.items()}
    return AuthStackArgs(region="eu-west-1", project="authstack", stack="t", root=ROOT,
                         **{by_alias[k]: v for k, v in raw.items()})


@pytest.mark.parametrize("case,raw", BAD, ids=[c for c, _ in BAD])
def test_the_constructor_refuses_what_validate_refuses_with_its_messages(tmp_path, case, raw):
    with pytest.raises(SpecError) as from_file:
        load(project(tmp_path, config={f"authstack:{k}": v for k, v in raw.items()}), "t")
    want = [(p.path.removeprefix("authstack:"), p.message) for p in from_file.value.problems]
    with pytest.raises(SpecError) as from_args:
        _args(raw).resolve("AuthStack(auth)")
    got = [(p.path, p.message) for p in from_args.value.problems]
    assert got == want and got
    assert all(p.file == "AuthStack(auth)" for p in from_args.value.problems)


def test_the_constructor_raises_before_registering_anything():
    registered = []

    def build():
        try:
            AuthStack("auth", AuthStackArgs(user_pool={"mfa": {"mode": "MAYBE"}}))
        except SpecError as error:
            registered.append(str(error))

    plan = _run(build)
    assert registered == ["AuthStack(auth): userPool.mfa.mode: must be one of 'OFF', 'OPTIONAL' or 'ON' (got 'MAYBE')"]
    assert plan.resources == []


def test_a_secret_must_be_a_pulumi_secret():
    args = AuthStackArgs(region="eu-west-1", project="p", stack="s", identity_providers={
        "google": {"type": "google", "clientId": "id", "clientSecret": "plain-text"}})
    with pytest.raises(SpecError) as err:
        args.resolve("AuthStack(auth)")
    assert str(err.value) == ("AuthStack(auth): identityProviders.google.clientSecret: is a secret and must not be a "
                              "plain string; pass a Pulumi secret (pulumi.Config().require_secret(...), or a Secrets "
                              "Manager value)")


def test_values_not_known_yet_are_left_to_the_deployment():
    # CDK's Token.isUnresolved: an Output is not read at construction; the resource gets its value at deploy time.
    def build():
        wrong_region = pulumi.Output.from_input("arn:aws:acm:eu-west-1:123456789012:certificate/later")
        role = pulumi.Output.from_input("arn:aws:iam::123456789012:role/existing-auth")
        key = pulumi.Output.from_input("arn:aws:kms:eu-west-1:123456789012:key/k1")
        AuthStack("auth", AuthStackArgs(
            domain={"customDomain": "auth.example.com", "certificateArn": wrong_region},
            identity_pool={"roles": {"authenticated": {"arn": role}}},
            triggers={"customEmailSender": {"handler": "examples/handlers/audit_sign_in.py", "kmsKeyArn": key}},
            tags={"owner": pulumi.Output.from_input("team-a")},
        ))

    plan = _run(build)
    domain = one(plan, facts.USER_POOL_DOMAIN)
    assert domain.inputs["certificateArn"] == "arn:aws:acm:eu-west-1:123456789012:certificate/later"
    attachment = one(plan, facts.ROLE_ATTACHMENT)
    assert attachment.inputs["roles"]["authenticated"] == "arn:aws:iam::123456789012:role/existing-auth"
    pool = one(plan, facts.USER_POOL)
    assert pool.inputs["lambdaConfig"]["kmsKeyId"] == "arn:aws:kms:eu-west-1:123456789012:key/k1"
    assert pool.inputs["tags"] == {"owner": "team-a"}
    kms = [r for r in plan.resources if r.name.endswith("-kms")]
    assert '"Resource": "arn:aws:kms:eu-west-1:123456789012:key/k1"' in kms[0].inputs["policy"]


def test_the_component_exposes_what_others_wire_to():
    seen = {}

    def build():
        auth = AuthStack("auth", AuthStackArgs(
            identity_pool={"roles": {"admins": {}}},
            user_pool={"groups": {"admin": {"precedence": 1, "roleArn": "arn:aws:iam::123456789012:role/admin"}}},
        ))
        seen["auth"] = auth
        pulumi.Output.all(auth.user_pool_id, auth.issuer_url, auth.client_ids["web"], auth.identity_pool_id,
                          auth.role_arns["authenticated"], auth.role_arns["admins"]).apply(
            lambda values: seen.setdefault("values", values))

    plan = _run(build)
    auth = seen["auth"]
    pool, identity = one(plan, facts.USER_POOL), one(plan, facts.IDENTITY_POOL)
    pool_id, issuer, client_id, identity_id, authenticated, admins = seen["values"]
    assert (pool_id, identity_id) == (pool.outputs["id"], identity.outputs["id"])
    assert issuer == f"https://{pool.outputs['endpoint']}"
    assert client_id == one(plan, facts.USER_POOL_CLIENT).outputs["id"]
    roles = {r.name: r.outputs["arn"] for r in plan.resources if r.type == facts.IAM_ROLE}
    assert (authenticated, admins) == (roles["auth-identity-authenticated"], roles["auth-identity-admins"])
    assert set(auth.app_clients) == {"web"} and auth.group_role_arns == {"admin": "arn:aws:iam::123456789012:role/admin"}


def test_the_readme_example_runs():
    # The README's "Use the components in your own Pulumi program" block, as written.
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use the components in your own Pulumi program", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    plan = _run(lambda: exec(compile(code, "README.md", "exec"), {"__name__": "__main__"}),  # noqa: S102
                config={"platform:googleClientSecret": "s"}, secret_keys=("platform:googleClientSecret",))
    pool, identity = one(plan, facts.USER_POOL), one(plan, SES)
    assert pool.inputs["emailConfiguration"]["sourceArn"] == identity.outputs["arn"]
    assert plan.outputs["clientConfig"]["clients"]["web"]["id"] == one(plan, facts.USER_POOL_CLIENT).outputs["id"]


def test_the_region_is_checked_as_in_a_stack_file():
    with pytest.raises(SpecError) as err:
        AuthStackArgs(region="eu-west-9", project="p", stack="s").resolve("AuthStack(auth)")
    assert err.value.problems[0].path == "region"
    assert err.value.problems[0].message == region_problem("eu-west-9")
