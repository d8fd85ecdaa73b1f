"""Issue 15 point 6: adoption follows today's Pulumi import semantics. Since pulumi/pulumi#19339
(https://github.com/pulumi/pulumi/pull/19339) an import no longer fails when the program differs from the resource: the
first `up` imports it, then updates the live resource to the program. `authstack describe-adopted` records what AWS
has (read-only Describe/Get calls, secrets removed) and `authstack plan --live` lists every input the adoption run would
change, refusing it unless allowed.

The live side is a real consumer: a Cognito emulator (moto, in-process) holding the "Gen 1 deployment" of the shop-app
fixture, created from the imported stack's own plan, so the round trip proves the Describe → input mapping agrees with
what the program sends. moto 5.2 has no GetIdentityPoolRoles/SetIdentityPoolRoles: that one response is supplied by
the test, in the API's documented shape (Cognito Identity API reference, GetIdentityPoolRoles).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from importer_helpers import complete, import_json, run_cli
from tests.e2e.e2e_emulator import _pascal  # Pulumi's camelCase inputs as the Cognito API's parameters

pytest.importorskip("moto")
from moto import mock_aws  # noqa: E402

REGION = "eu-west-1"
POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
IDP = "aws:cognito/identityProvider:IdentityProvider"
GROUP = "aws:cognito/userGroup:UserGroup"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
IDENTITY = "aws:cognito/identityPool:IdentityPool"
ATTACHMENT = "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment"
PROVIDER_SECRET = "gen1-provider-secret-never-shown"


def _plan(project: Path, *extra: str, stack: str = "imported"):
    return run_cli("plan", "--stack", stack, "--project-dir", str(project), "--format", "json", *extra)


def _doc(project: Path) -> dict:
    result = _plan(project)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _of(doc: dict, typ: str) -> list[dict]:
    return [r for r in doc["resources"] if r["type"] == typ]


def _set_adopt(project: Path, **changes) -> None:
    path = project / "Pulumi.imported.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["config"]["authstack:adopt"].update(changes)
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


class Roles:
    """GetIdentityPoolRoles, which moto lacks: what SetIdentityPoolRoles would have stored."""

    def __init__(self, client, roles: dict):
        self._client, self._roles = client, roles

    def get_identity_pool_roles(self, IdentityPoolId):  # noqa: N803 - boto3's parameter name
        return {"IdentityPoolId": IdentityPoolId, **self._roles}

    def __getattr__(self, name):
        return getattr(self._client, name)


class Session:
    def __init__(self, roles: dict, real):
        self._session = real(region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
        self._roles = roles

    def client(self, service, region_name=None):
        client = self._session.client(service, region_name=region_name or REGION)
        return Roles(client, self._roles) if service == "cognito-identity" else client


def _deploy(project: Path) -> dict:
    """Create in the emulator what the imported stack adopts, as its plan describes it (the Gen 1 deployment the
    import reproduces), and point authstack:adopt at the emulator's IDs. Returns the GetIdentityPoolRoles response."""
    import boto3

    idp = boto3.client("cognito-idp", region_name=REGION)
    doc = _doc(project)
    (pool,) = _of(doc, POOL)
    inputs = pool["inputs"]
    args = {"PoolName": inputs["name"], "Policies": {"PasswordPolicy": _pascal(inputs["passwordPolicy"])},
            "Schema": _pascal(inputs["schemas"])}
    for key in ("autoVerifiedAttributes", "usernameAttributes", "mfaConfiguration", "accountRecoverySetting",
                "adminCreateUserConfig", "usernameConfiguration", "verificationMessageTemplate", "deletionProtection",
                "emailConfiguration", "userPoolTier", "userPoolAddOns", "lambdaConfig"):
        if key in inputs:
            args[key[:1].upper() + key[1:]] = _pascal(inputs[key])
    args["UserAttributeUpdateSettings"] = {"AttributesRequireVerificationBeforeUpdate": inputs[
        "userAttributeUpdateSettings"]["attributesRequireVerificationBeforeUpdates"]}
    pool_id = idp.create_user_pool(**args)["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration=inputs["mfaConfiguration"],
                                 SoftwareTokenMfaConfiguration=_pascal(inputs["softwareTokenMfaConfiguration"]))
    client_ids = {}
    for client in _of(doc, CLIENT):
        c = client["inputs"]
        made = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=c["name"], GenerateSecret=c["generateSecret"],
            ExplicitAuthFlows=c["explicitAuthFlows"], SupportedIdentityProviders=c["supportedIdentityProviders"],
            CallbackURLs=c["callbackUrls"], LogoutURLs=c["logoutUrls"], AllowedOAuthFlows=c["allowedOauthFlows"],
            AllowedOAuthScopes=c["allowedOauthScopes"], AllowedOAuthFlowsUserPoolClient=c["allowedOauthFlowsUserPoolClient"],
            RefreshTokenValidity=c["refreshTokenValidity"], ReadAttributes=c["readAttributes"],
            WriteAttributes=c["writeAttributes"], PreventUserExistenceErrors=c["preventUserExistenceErrors"],
            EnableTokenRevocation=c["enableTokenRevocation"])["UserPoolClient"]
        client_ids[client["name"].rsplit("-", 1)[-1]] = made["ClientId"]
    from authstack.infra.identity_providers import plain_details
    from authstack.spec.load import load

    spec = load(project, "imported").spec
    details = {p.provider_name(k): plain_details(p) for k, p in spec.identity_providers.items()}
    for provider in _of(doc, IDP):
        p = provider["inputs"]
        plain, secret_key = details[p["providerName"]]
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName=p["providerName"], ProviderType=p["providerType"],
                                     AttributeMapping=p["attributeMapping"],
                                     ProviderDetails={**plain, secret_key: PROVIDER_SECRET})
    for group in _of(doc, GROUP):
        g = group["inputs"]
        idp.create_group(UserPoolId=pool_id, GroupName=g["name"], Precedence=g["precedence"],
                         **({"RoleArn": g["roleArn"]} if g.get("roleArn") else {}))
    (domain,) = _of(doc, DOMAIN)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain["inputs"]["domain"])
    _set_adopt(project, userPoolId=pool_id, clients=client_ids)

    doc = _doc(project)  # the identity pool now names the emulator's pool and clients
    (identity,) = _of(doc, IDENTITY)
    i = identity["inputs"]
    made = boto3.client("cognito-identity", region_name=REGION).create_identity_pool(
        IdentityPoolName=i["identityPoolName"], AllowUnauthenticatedIdentities=i["allowUnauthenticatedIdentities"],
        AllowClassicFlow=i["allowClassicFlow"], CognitoIdentityProviders=_pascal(i["cognitoIdentityProviders"]))
    _set_adopt(project, identityPoolId=made["IdentityPoolId"])
    (attachment,) = _of(_doc(project), ATTACHMENT)
    a = attachment["inputs"]
    return {"Roles": a["roles"], "RoleMappings": {
        m["identityProvider"]: {"Type": m["type"], "AmbiguousRoleResolution": m["ambiguousRoleResolution"]}
        for m in a["roleMappings"]}}


def _adopt(project: Path, monkeypatch, tweak=None):
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    with mock_aws():
        roles = _deploy(project)
        import boto3

        if tweak is not None:
            tweak(boto3.client("cognito-idp", region_name=REGION), _pool_id(project))
        real = boto3.session.Session
        monkeypatch.setattr(boto3.session, "Session", lambda **_: Session(roles, real))
        result = run_cli("describe-adopted", "--stack", "imported", "--project-dir", str(project), "--json")
        assert result.exit_code == 0, result.output
        return project, json.loads(result.stdout)


def _pool_id(project: Path) -> str:
    return yaml.safe_load((project / "Pulumi.imported.yaml").read_text())["config"]["authstack:adopt"]["userPoolId"]


@pytest.fixture
def adopted(project: Path, monkeypatch):
    """The shop-app import, its Gen 1 resources live in the emulator, and the snapshot of them written by
    `authstack describe-adopted`."""
    return _adopt(project, monkeypatch)


def test_what_the_import_brings_in_matches_the_plan_and_nothing_is_refused(adopted):
    project, described = adopted
    snapshot = project / "authstack.imported.live.json"
    assert described["snapshot"] == str(snapshot)
    assert set(described["resources"]) >= {"userPool", "mfaConfig", "domain", "identityPool", "identityPoolRoles",
                                            "identityProviders:Facebook", "identityProviders:Google",
                                            "groups:Admins", "groups:Editors"}
    result = _plan(project, "--live", str(snapshot))
    doc = json.loads(result.stdout)
    adoption = doc["adoption"]
    assert adoption["missing"] == [] and adoption["changes"] == [], adoption
    assert not [c for c in doc["replacements"] if c.get("adopted")]
    # Exit 1 only for the guardrails the import announced, not for the adoption.
    assert {f["rule"] for f in doc["findings"] if f["severity"] == "mandatory"} <= {
        "client-prevent-user-existence-errors", "server-side-token-check", "public-client-no-secret"}


def test_the_snapshot_holds_no_secret_and_is_deterministic(adopted, monkeypatch):
    project, _ = adopted
    text = (project / "authstack.imported.live.json").read_text()
    assert PROVIDER_SECRET not in text
    data = json.loads(text)
    native = next(c for c in data["clients"].values() if c["ClientName"].endswith("_app_client"))
    assert native["ClientSecret"] == "[removed]"  # the deployed client has a secret (its presence is what matters)
    assert "LastModifiedDate" not in json.dumps(data) and "CreationDate" not in json.dumps(data)


def _edit_snapshot(project: Path, edit) -> Path:
    """Apply ``edit`` to the snapshot describe-adopted wrote (standing in for a hand edit or a different AWS state)."""
    file = project / "authstack.imported.live.json"
    data = json.loads(file.read_text())
    edit(data)
    file.write_text(json.dumps(data))
    return file


def _edit(project: Path, edit) -> None:
    path = project / "Pulumi.imported.yaml"
    doc = yaml.safe_load(path.read_text())
    edit(doc["config"])
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


def test_an_input_that_differs_from_aws_is_listed_and_refused_unless_allowed(adopted):
    project, _ = adopted
    snapshot = str(project / "authstack.imported.live.json")

    def edit(config):
        config["authstack:userPool"]["passwordPolicy"]["minimumLength"] = 12
        config["authstack:clients"]["web"]["oauth"]["callbackUrls"].append("https://new.example.com/")
        config["authstack:userPool"]["groups"]["Editors"]["precedence"] = 5

    _edit(project, edit)
    refused = _plan(project, "--live", snapshot)
    assert refused.exit_code == 1
    changes = {(c["resource"].rsplit("-", 1)[-1], c["path"]): (c["live"], c["planned"])
               for c in json.loads(refused.stdout)["adoption"]["changes"]}
    assert changes == {
        ("pool", "passwordPolicy.minimumLength"): (10, 12),
        ("web", "callbackUrls"): (["https://shop.example.com/", "myshop://callback/"],
                                  ["https://shop.example.com/", "myshop://callback/", "https://new.example.com/"]),
        ("Editors", "precedence"): (2, 5),
    }
    assert "adopted change" in refused.stderr and "--allow-adopted-changes" in refused.stderr
    allowed = _plan(project, "--live", snapshot, "--allow-adopted-changes")
    # Still listed, now accepted; the exit is then the import's announced guardrails alone.
    assert allowed.stderr.count("adopted change allowed") == 3
    assert "Align the spec with AWS" not in allowed.stderr
    doc = json.loads(allowed.stdout)
    assert len(doc["adoption"]["changes"]) == 3
    assert allowed.exit_code == (1 if any(f["severity"] == "mandatory" for f in doc["findings"]) else 0)


def test_a_change_aws_cannot_make_in_place_is_a_blocked_replacement(adopted):
    project, _ = adopted
    snapshot = str(project / "authstack.imported.live.json")
    _edit(project, lambda c: c["authstack:userPool"]["signIn"].update(username=True, email=False))
    result = _plan(project, "--live", snapshot, "--allow-adopted-changes")
    doc = json.loads(result.stdout)
    (replaced,) = [c for c in doc["replacements"] if c.get("adopted")]
    assert (replaced["resource"].endswith("-pool"), replaced["attribute"], replaced["before"]) == (
        True, "usernameAttributes", ["email"])
    assert "every user and password is lost" in replaced["message"]
    assert result.exit_code == 1 and "replacement blocked" in result.stderr


def test_an_adopted_clients_secret_is_never_replaced_and_a_wrong_spec_is_listed(adopted):
    """The provider never reads generate_secret back (create-only; DescribeUserPoolClient has no such field), so after
    an import the state has none and the program's value would replace the client. The program ignores it on adopted
    clients; plan --live still says when the spec contradicts AWS."""
    project, _ = adopted
    snapshot = str(project / "authstack.imported.live.json")
    doc = json.loads(_plan(project).stdout)
    for client in _of(doc, CLIENT):
        assert "generateSecret" in client["options"]["ignoreChanges"] and client["options"]["import"]
    _edit(project, lambda c: c["authstack:clients"]["native"].update(generateSecret=False))
    result = _plan(project, "--live", snapshot)
    doc = json.loads(result.stdout)
    assert not [c for c in doc["replacements"] if c.get("adopted")]
    (change,) = doc["adoption"]["changes"]
    assert (change["path"], change["live"], change["planned"]) == ("generateSecret", True, False)
    assert "correct the spec" in change["message"] and result.exit_code == 1


def _real_aws_shapes(data: dict) -> dict:
    """What the real DescribeUserPool/DescribeUserPoolClient return beyond what moto echoes back (shapes from the API
    reference and real responses, e.g. the aws cognito-idp describe-user-pool example): every standard attribute in
    its default shape, the `identities` attribute Cognito adds with the first federated provider (empty constraints),
    the deprecated UnusedAccountValidityDays, the verification messages AWS mirrors into the template, and a client
    created without ExplicitAuthFlows (Gen 1)."""
    pool = data["userPool"]
    names = {a["Name"] for a in pool["SchemaAttributes"]}
    string = {"AttributeDataType": "String", "DeveloperOnlyAttribute": False, "Mutable": True, "Required": False,
              "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
    for name in ("address", "family_name", "given_name", "locale", "nickname", "picture", "profile", "website"):
        if name not in names:
            pool["SchemaAttributes"].append({**string, "Name": name})
    pool["SchemaAttributes"] += [
        {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": False, "Mutable": False, "Required": True,
         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}},
        {"Name": "identities", "AttributeDataType": "String", "DeveloperOnlyAttribute": False, "Mutable": True,
         "Required": False, "StringAttributeConstraints": {}},
        {"Name": "email_verified", "AttributeDataType": "Boolean", "DeveloperOnlyAttribute": False, "Mutable": True,
         "Required": False},
        {"Name": "updated_at", "AttributeDataType": "Number", "DeveloperOnlyAttribute": False, "Mutable": True,
         "Required": False, "NumberAttributeConstraints": {"MinValue": "0"}},
    ]
    pool["SchemaAttributes"] = [a for i, a in enumerate(pool["SchemaAttributes"])
                                if a["Name"] not in {b["Name"] for b in pool["SchemaAttributes"][:i]}]
    pool.setdefault("AdminCreateUserConfig", {})["UnusedAccountValidityDays"] = 7
    template = pool.setdefault("VerificationMessageTemplate", {})
    template.update(SmsMessage="Your code is {####}", EmailMessageByLink="Verify: {##Verify Email##}",
                    EmailSubjectByLink="Verify")
    pool.update(SmsVerificationMessage="Your code is {####}", EmailVerificationMessage=template.get("EmailMessage"),
                EmailVerificationSubject=template.get("EmailSubject"), Status="Enabled")
    for client in data["clients"].values():
        client.pop("ExplicitAuthFlows", None)
    return data


def test_what_real_aws_adds_is_not_a_change(adopted):
    """A guard that cries wolf is switched off: the defaults and mirrors real AWS returns are no change."""
    project, _ = adopted
    file = _edit_snapshot(project, _real_aws_shapes)
    result = _plan(project, "--live", str(file))
    doc = json.loads(result.stdout)
    assert doc["adoption"]["changes"] == [] and doc["adoption"]["missing"] == []
    assert not [c for c in doc["replacements"] if c.get("adopted")]


@pytest.mark.parametrize("section, edit, path, live", [
    # Optional, not Computed: the program leaves them out, so the update resets them (user_pool.go / pool.go).
    ("userPool", lambda p: p.update(SmsAuthenticationMessage="Code {####}"), "smsAuthenticationMessage", "Code {####}"),
    ("userPool", lambda p: p.update(DeviceConfiguration={"ChallengeRequiredOnNewDevice": True}), "deviceConfiguration",
     {"challengeRequiredOnNewDevice": True}),
    ("identityPool", lambda p: p.update(DeveloperProviderName=None, SamlProviderARNs=[]) or p.update(
        SupportedLoginProviders={"graph.facebook.com": "4455"}), "supportedLoginProviders", {"graph.facebook.com": "4455"}),
])
def test_what_only_aws_has_and_the_update_resets_is_a_change(adopted, section, edit, path, live):
    project, _ = adopted
    file = _edit_snapshot(project, lambda data: edit(data[section]))
    result = _plan(project, "--live", str(file))
    doc = json.loads(result.stdout)
    found = [(c["path"], c["live"], c["planned"]) for c in doc["adoption"]["changes"]]
    lost = [c for c in doc["replacements"] if c.get("adopted")]
    # A login key the identity pool loses is the replacement guard's (every identity through it is orphaned).
    assert (path, live, None) in found or any(c["attribute"].startswith(path) for c in lost), (found, lost)
    assert result.exit_code == 1


def test_a_provider_detail_that_differs_from_aws_is_a_change(adopted):
    project, _ = adopted
    _edit(project, lambda c: c["authstack:identityProviders"]["facebook"].update(clientId="fb-wrong-app"))
    result = _plan(project, "--live", str(project / "authstack.imported.live.json"))
    changes = json.loads(result.stdout)["adoption"]["changes"]
    assert [(c["path"], c["live"], c["planned"]) for c in changes] == [
        ("providerDetails.client_id", "fb-prod-4455", "fb-wrong-app")]
    assert PROVIDER_SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("edit, why", [
    (lambda d: d["userPool"].update(Id="eu-west-1_Other"), "describes pool"),
    (lambda d: d["domain"].update(Domain="other-prefix"), "describes domain"),
    (lambda d: d["domain"].update(UserPoolId="eu-west-1_Other"), "belongs to pool"),
    (lambda d: d["domain"].update(Status="FAILED"), "is FAILED"),
    (lambda d: d["identityPool"].update(IdentityPoolId="eu-west-1:other"), "describes identity pool"),
])
def test_a_snapshot_of_other_resources_than_the_adopted_ones_is_not_compared(adopted, edit, why):
    project, _ = adopted
    file = _edit_snapshot(project, edit)
    result = _plan(project, "--live", str(file), "--allow-adopted-changes")
    missing = json.loads(result.stdout)["adoption"]["missing"]
    assert any(why in m["why"] for m in missing), missing
    assert result.exit_code == 1


@pytest.mark.parametrize("edit, path", [
    (lambda d: d["userPool"].update(SchemaAttributes=["email"]), "userPool"),
    (lambda d: d["identityPoolRoles"].update(RoleMappings={"x": "Token"}), "identityPoolRoles"),
    (lambda d: next(iter(d["clients"].values())).update(CallbackURLs=7), None),
])
def test_a_snapshot_of_the_wrong_inner_shape_is_bad_input(adopted, edit, path):
    project, _ = adopted
    file = _edit_snapshot(project, edit)
    result = _plan(project, "--live", str(file))
    if path is None:  # a wrong scalar is just a different value: a change, not a crash
        assert result.exit_code == 1 and json.loads(result.stdout)["adoption"]["changes"]
        return
    assert result.exit_code == 2, result.output
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["path"]) == (str(file), path)


@pytest.mark.parametrize("mutable, trapped", [(False, True), (True, False)])
def test_a_standard_attribute_declared_unlike_aws_is_the_custom_attribute_trap(adopted, mutable, trapped):
    """The provider keeps a standard attribute in its state only when the program declares it exactly as AWS has it
    (terraform-provider-aws user_pool.go flattenUserPoolSchema / UserPoolSchemaAttributeMatchesStandardAttribute);
    otherwise the update sends it to AddCustomAttributes, and Cognito creates custom:<name> beside the standard one."""
    project, _ = adopted
    snapshot = str(project / "authstack.imported.live.json")
    _edit(project, lambda c: c["authstack:userPool"]["standardAttributes"].update(
        {"given_name": {"required": False, "mutable": mutable}}))
    result = _plan(project, "--live", snapshot, "--allow-adopted-changes")
    doc = json.loads(result.stdout)
    traps = [c for c in doc["replacements"] if c.get("adopted")]
    if not trapped:  # declared exactly as Cognito has it: no change at all
        assert traps == [] and doc["adoption"]["changes"] == []
        return
    (trap,) = traps
    assert trap["attribute"] == "schemas.given_name" and "custom:given_name" in trap["message"]
    assert result.exit_code == 1


def test_without_a_snapshot_the_plan_says_adopted_resources_are_not_compared(project):
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    result = run_cli("plan", "--stack", "imported", "--project-dir", str(project))
    assert "not compared with AWS" in result.output and "describe-adopted" in result.output


@pytest.mark.parametrize("edit, path", [
    (lambda d: d.update(stack="prod"), "stack"),
    (lambda d: d.update(region="us-east-1"), "region"),
    (lambda d: d.update(kind="something"), "kind"),
    (lambda d: d.update(clients=[1]), "clients"),
])
def test_a_snapshot_of_another_stack_or_shape_is_bad_input(adopted, edit, path):
    project, _ = adopted
    file = _edit_snapshot(project, edit)
    result = _plan(project, "--live", str(file))
    assert result.exit_code == 2
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["path"]) == (str(file), path)


def test_a_resource_missing_from_the_snapshot_fails_the_plan(adopted):
    project, _ = adopted
    file = _edit_snapshot(project, lambda data: data["groups"].pop("Editors"))
    result = _plan(project, "--live", str(file), "--allow-adopted-changes")
    assert [m["resource"].rsplit("-", 1)[-1] for m in json.loads(result.stdout)["adoption"]["missing"]] == ["Editors"]
    # Unseen changes cannot be reviewed, so --allow-adopted-changes does not accept them.
    assert result.exit_code == 1 and "not compared: no group 'Editors' in the snapshot" in result.stderr


def test_a_hand_made_snapshot_with_a_secret_never_shows_it(adopted):
    project, _ = adopted
    def edit(data):
        for client in data["clients"].values():
            client["ClientSecret"] = "hand-pasted-client-secret"

    file = _edit_snapshot(project, edit)
    result = _plan(project, "--live", str(file), "--format", "tree")
    assert "hand-pasted-client-secret" not in result.output + result.stderr


def test_the_gen1_trigger_functions_are_switched_and_settings_only_aws_has_are_noted(project, monkeypatch):
    """The Gen 1 pool calls Amplify's functions; the adoption run points it at authstack's (listed, to be allowed
    knowingly). The legacy PreTokenGeneration field that AWS returns beside PreTokenGenerationConfig is Optional+Computed
    in the provider (terraform-provider-aws#38617): not a change. A setting only AWS has is a change when the update
    resets it (SmsAuthenticationMessage: Optional) and a note when the provider keeps it (SmsVerificationMessage:
    Optional+Computed)."""
    gen1 = "arn:aws:lambda:eu-west-1:111122223333:function:shopappa1b2c3d4{}-prod"

    def tweak(idp, pool_id):
        pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        idp.update_user_pool(
            UserPoolId=pool_id, Policies=pool["Policies"], AutoVerifiedAttributes=pool["AutoVerifiedAttributes"],
            MfaConfiguration="OPTIONAL", DeletionProtection="ACTIVE", SmsAuthenticationMessage="Your code is {####}",
            SmsVerificationMessage="Verify with {####}",
            VerificationMessageTemplate=pool["VerificationMessageTemplate"],
            AdminCreateUserConfig=pool["AdminCreateUserConfig"], AccountRecoverySetting=pool["AccountRecoverySetting"],
            UserAttributeUpdateSettings=pool["UserAttributeUpdateSettings"], EmailConfiguration=pool["EmailConfiguration"],
            UserPoolAddOns=pool["UserPoolAddOns"], UserPoolTier=pool["UserPoolTier"],
            LambdaConfig={"CustomMessage": gen1.format("CustomMessage"), "PreSignUp": gen1.format("PreSignup"),
                          "PostConfirmation": gen1.format("PostConfirmation"),
                          "PreTokenGeneration": gen1.format("PreTokenGeneration"),
                          "PreTokenGenerationConfig": {"LambdaVersion": "V1_0",
                                                       "LambdaArn": gen1.format("PreTokenGeneration")}})

    project, _ = _adopt(project, monkeypatch, tweak)
    result = _plan(project, "--live", str(project / "authstack.imported.live.json"))
    adoption = json.loads(result.stdout)["adoption"]
    paths = sorted(c["path"] for c in adoption["changes"])
    assert paths == ["lambdaConfig.customMessage", "lambdaConfig.postConfirmation", "lambdaConfig.preSignUp",
                     "lambdaConfig.preTokenGenerationConfig.lambdaArn", "smsAuthenticationMessage"]
    for change in adoption["changes"]:
        if change["path"].startswith("lambdaConfig"):
            assert change["live"].startswith("arn:aws:lambda:eu-west-1:111122223333:function:shopappa1b2c3d4")
            assert change["planned"].endswith("-fn")
        else:
            assert (change["live"], change["planned"]) == ("Your code is {####}", None) and "resets" in change["message"]
    assert {(n["resource"].rsplit("-", 1)[-1], n["key"]) for n in adoption["notes"]} >= {("pool", "smsVerificationMessage")}
    assert result.exit_code == 1


def test_an_adopted_name_aws_does_not_have_is_caught_before_up(project, monkeypatch):
    """Adopting a group that does not exist would fail `pulumi up` mid-run; describe-adopted finds it first."""
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    with mock_aws():
        roles = _deploy(project)

        def edit(config):
            config["authstack:userPool"]["groups"]["Auditors"] = {"precedence": 9}
            config["authstack:adopt"]["groups"].append("Auditors")

        _edit(project, edit)
        import boto3

        real = boto3.session.Session
        monkeypatch.setattr(boto3.session, "Session", lambda **_: Session(roles, real))
        result = run_cli("describe-adopted", "--stack", "imported", "--project-dir", str(project), "--json")
    assert result.exit_code == 2
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["path"] == "authstack:adopt" and "GetGroup" in problem["message"]
    assert not (project / "authstack.imported.live.json").exists()


def test_an_adopted_domain_aws_does_not_have_is_caught(project, monkeypatch):
    """DescribeUserPoolDomain answers an unknown domain with an empty DomainDescription, not an error
    (API reference; terraform-provider-aws user_pool_domain.go finder): describe-adopted refuses it."""
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    with mock_aws():
        roles = _deploy(project)
        _set_adopt(project, domain="no-such-prefix")
        _edit(project, lambda c: c["authstack:domain"].update(prefix="no-such-prefix"))
        import boto3

        real = boto3.session.Session
        monkeypatch.setattr(boto3.session, "Session", lambda **_: Session(roles, real))
        result = run_cli("describe-adopted", "--stack", "imported", "--project-dir", str(project), "--json")
    assert result.exit_code == 2, result.output
    assert "no such domain" in json.loads(result.stdout)["problems"][0]["message"]


def test_scrub_removes_every_secret_the_program_treats_as_one():
    from authstack.cli.plan.snapshot import REMOVED, scrub

    described = {"identityProviders": {"Corp": {"ProviderDetails": {"MetadataFile": "<xml/>", "IDPSignout": "false"}},
                                       "Apple": {"ProviderDetails": {"private_key": "-----BEGIN", "key_id": "K"}}},
                 "clients": {"c": {"ClientSecret": "s3cr3t", "ClientName": "n", "LastModifiedDate": "2026-01-01"}}}
    assert scrub(described) == {
        "identityProviders": {"Corp": {"ProviderDetails": {"MetadataFile": REMOVED, "IDPSignout": "false"}},
                              "Apple": {"ProviderDetails": {"private_key": REMOVED, "key_id": "K"}}},
        "clients": {"c": {"ClientSecret": REMOVED, "ClientName": "n"}}}


def test_a_plan_refused_for_adopted_changes_writes_no_lock(adopted):
    project, _ = adopted
    _edit(project, lambda c: c["authstack:userPool"]["passwordPolicy"].update(minimumLength=12))
    result = _plan(project, "--live", str(project / "authstack.imported.live.json"), "--write-lock")
    assert result.exit_code == 1
    assert not (project / "authstack.imported.lock.json").exists()


def test_without_aws_credentials_describe_adopted_says_so_in_one_line(project, monkeypatch):
    summary = import_json("shop-app", "prod", project)
    complete(project, summary)
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(project / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(project / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = run_cli("describe-adopted", "--stack", "imported", "--project-dir", str(project), "--json")
    assert result.exit_code == 2, result.output
    (problem,) = json.loads(result.stdout)["problems"]
    assert "no AWS credentials" in problem["message"]
    assert not (project / "authstack.imported.live.json").exists()
