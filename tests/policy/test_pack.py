"""The CrossGuard pack, driven through pulumi_policy's own analyzer servicer in-process (no Pulumi CLI).

The servicer is the object the CLI talks gRPC to: it deserializes engine values (secrets, unknowns), builds the
policy arguments, applies enforcement levels and config, and formats diagnostics. We feed it the same graphs the
offline rules are tested on.
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from authstack.policy.config import main as config_main, pack_config, policy_names
from authstack.policy.graph import SECRET_PLACEHOLDER
from authstack.policy.pack import PACK_NAME, build_policies
from authstack.policy.rules import RULES, RuleContext, evaluate
from tests.policy.graphs import find, passing_graph, trust_policy

SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
REPO = Path(__file__).resolve().parents[2]


def servicer(context: RuleContext | None = None) -> _PolicyAnalyzerServicer:
    sv = _PolicyAnalyzerServicer(PACK_NAME, "0.1.0", build_policies(), EnforcementLevel.MANDATORY)
    if context is not None:
        configs = {name: analyzer_pb2.PolicyConfig(enforcementLevel=_level(name), properties=_struct(values))
                   for name, values in pack_config(context).items()}
        sv.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=configs), None)
    return sv


def _level(name: str) -> int:
    return analyzer_pb2.ADVISORY if name.endswith("-advisory") else analyzer_pb2.MANDATORY


def _struct(values: dict) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


def _engine_properties(resource: dict, with_outputs: bool) -> struct_pb2.Struct:
    """Inputs as the engine sends them: secrets wrapped in the secret signature; outputs merged in for stack policies."""
    props = copy.deepcopy(resource["inputs"])
    for key in resource.get("secretInputs") or []:
        value = props[key]
        if value == SECRET_PLACEHOLDER:  # the plan's placeholder: give the engine a real secret to unwrap
            value = {"client_id": "google-client-id", "client_secret": "s3cr3t-google"}
        props[key] = {**SECRET_SIG, "value": value}
    if with_outputs:
        props.update(resource.get("outputs") or {})
    return _struct(props)


def _options(resource: dict) -> analyzer_pb2.AnalyzerResourceOptions:
    opts = resource["options"]
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=bool(opts.get("protect")), deleteBeforeReplace=bool(opts.get("deleteBeforeReplace")),
        deleteBeforeReplaceDefined=opts.get("deleteBeforeReplace") is not None,
        additionalSecretOutputs=opts.get("additionalSecretOutputs") or [], parent=resource.get("parent") or "")


def analyze(sv, graph: list[dict]) -> list[analyzer_pb2.AnalyzeDiagnostic]:
    """Every resource through `Analyze` (resource policies), then the stack through `AnalyzeStack`."""
    diagnostics = []
    for r in graph:
        request = analyzer_pb2.AnalyzeRequest(type=r["type"], urn=r["urn"], name=r["name"],
                                              properties=_engine_properties(r, False), options=_options(r))
        response = sv.Analyze(request, None)
        assert not response.not_applicable
        diagnostics.extend(response.diagnostics)
    stack = analyzer_pb2.AnalyzeStackRequest(resources=[
        analyzer_pb2.AnalyzerResource(type=r["type"], urn=r["urn"], name=r["name"], parent=r["parent"],
                                      dependencies=r["dependencies"], properties=_engine_properties(r, True),
                                      options=_options(r))
        for r in graph])
    diagnostics.extend(sv.AnalyzeStack(stack, None).diagnostics)
    return diagnostics


def summary(diagnostics) -> list[tuple[str, str, str, str]]:
    """(policy, level, resource name, message without the description line)."""
    level = {analyzer_pb2.MANDATORY: "mandatory", analyzer_pb2.ADVISORY: "advisory"}
    return sorted((d.policyName, level[d.enforcementLevel], d.urn.rsplit("::", 1)[-1], d.message.split("\n", 1)[1])
                  for d in diagnostics)


def broken_graph() -> list[dict]:
    """The passing graph with one resource-level and one stack-level break per severity."""
    graph = passing_graph()
    find(graph, "auth-identity-pool")["inputs"]["allowClassicFlow"] = True
    find(graph, "auth-authenticated-role")["inputs"]["assumeRolePolicy"] = trust_policy(
        "authenticated", aud="eu-west-1:99999999-0000-4000-8000-000000000009")
    find(graph, "auth-pool")["options"]["protect"] = False
    graph.remove(find(graph, "auth-pretoken-invoke"))
    return graph


# ---- tests ----------------------------------------------------------------------------------------------------------

def test_pack_declares_one_policy_per_rule_and_severity():
    info = servicer().GetAnalyzerInfo(empty_pb2.Empty(), None)
    assert info.name == PACK_NAME
    declared = {p.name: p.enforcementLevel for p in info.policies}
    assert sorted(declared) == policy_names()
    assert len(declared) == sum(len(r.severities) for r in RULES)
    assert declared["classic-flow-off"] == analyzer_pb2.MANDATORY
    assert declared["user-pool-deletion-protection-advisory"] == analyzer_pb2.ADVISORY
    schema = json_format.MessageToDict(next(p for p in info.policies if p.name == "guest-access")
                                       .configSchema.properties)
    assert set(schema) == {"throwaway", "guestAccess", "maxTriggerTimeout", "publicClients"}


def test_passing_graph_has_no_diagnostics():
    assert summary(analyze(servicer(), passing_graph())) == []


def test_failing_graph_diagnostics_names_levels_messages():
    diagnostics = analyze(servicer(), broken_graph())
    assert summary(diagnostics) == [
        ("classic-flow-off", "mandatory", "auth-identity-pool",
         "identity pool auth-identity-pool allows the classic flow: any signed-in user could assume any role whose "
         "trust policy accepts them, bypassing role mappings"),
        ("cognito-lambda-permission-advisory", "advisory", "auth-pretoken",
         "function auth-pretoken is a Cognito trigger but no lambda permission lets cognito-idp.amazonaws.com invoke "
         "it (sign-ins would fail with AccessDeniedException)"),
        ("identity-role-trust", "mandatory", "auth-authenticated-role",
         "role auth-authenticated-role: aud 'eu-west-1:99999999-0000-4000-8000-000000000009' is not an identity pool "
         "of this stack (eu-west-1:00000000-0000-4000-8000-000000000001)"),
        ("user-pool-deletion-protection", "mandatory", "auth-pool",
         "user pool auth-pool is not protected (Pulumi protect option)"),
    ]
    first = next(d for d in diagnostics if d.policyName == "classic-flow-off")
    assert first.message.startswith("Identity pools do not allow the basic (classic) authentication flow.\n")
    assert first.policyPackName == PACK_NAME


def test_pack_and_offline_rules_agree():
    """One set of rules: the pack reports exactly what `evaluate` finds on the same graph."""
    graph = broken_graph()
    offline = sorted((f.rule, f.severity, f.urn.rsplit("::", 1)[-1], f.message) for f in evaluate(graph))
    pack = [(p.removesuffix("-advisory"), lvl, urn, msg) for p, lvl, urn, msg in summary(analyze(servicer(), graph))]
    assert sorted(pack) == offline


def test_config_makes_protection_advisory_on_throwaway_stacks():
    graph = passing_graph()
    find(graph, "auth-pool")["inputs"]["deletionProtection"] = "INACTIVE"
    find(graph, "auth-client-web")["options"]["protect"] = False
    strict = summary(analyze(servicer(), graph))
    relaxed = summary(analyze(servicer(RuleContext(throwaway=True)), graph))
    assert [(p, lvl) for p, lvl, _, _ in strict] == [("identity-resources-protected", "mandatory"),
                                                     ("user-pool-deletion-protection", "mandatory")]
    assert [(p, lvl) for p, lvl, _, _ in relaxed] == [("identity-resources-protected-advisory", "advisory"),
                                                      ("user-pool-deletion-protection-advisory", "advisory")]
    assert [m for *_, m in strict] == [m for *_, m in relaxed]


def test_config_opts_into_guest_access():
    graph = passing_graph()
    find(graph, "auth-identity-pool")["inputs"]["allowUnauthenticatedIdentities"] = True
    assert [p for p, *_ in summary(analyze(servicer(), graph))] == ["guest-access"]
    assert summary(analyze(servicer(RuleContext(guest_access=True)), graph)) == []


def test_secret_provider_details_are_unwrapped_and_still_checked():
    graph = passing_graph()
    find(graph, "auth-google")["options"]["additionalSecretOutputs"] = []
    found = summary(analyze(servicer(), graph))
    assert [(p, urn) for p, _, urn, _ in found] == [("idp-provider-details-secret", "auth-google")]
    assert "s3cr3t-google" not in json.dumps(found)  # messages never echo secret values


def test_unknown_values_during_preview_are_skipped_not_failed():
    graph = passing_graph()
    find(graph, "auth-pool")["inputs"]["deletionProtection"] = UNKNOWN_STRING_VALUE
    find(graph, "auth-presignup-invoke")["inputs"]["sourceArn"] = UNKNOWN_STRING_VALUE
    find(graph, "auth-authenticated-role")["inputs"]["assumeRolePolicy"] = UNKNOWN_STRING_VALUE
    find(graph, "auth-pool")["outputs"]["arn"] = UNKNOWN_STRING_VALUE
    assert summary(analyze(servicer(), graph)) == []


def test_config_generator_covers_every_policy(capsys):
    assert config_main(["--throwaway", "--public-client", "web"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert sorted(written) == policy_names()
    assert all(v == {"throwaway": True, "guestAccess": False, "maxTriggerTimeout": 5.0, "publicClients": ["web"]}
               for v in written.values())


def test_main_starts_the_policy_pack_server():
    """`policy/__main__.py` (what the CLI runs) imports, builds the pack and serves: it prints its gRPC port."""
    env = {**os.environ, "PYTHONPATH": ""}
    with subprocess.Popen([sys.executable, str(REPO / "policy" / "__main__.py")], cwd=REPO / "policy",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        try:
            line = proc.stdout.readline().decode().strip()
        finally:
            proc.kill()
        errors = proc.stderr.read().decode()
    assert line.isdigit() and int(line) > 0, (line, errors)


def test_real_program_plan_through_the_pack(tmp_path):
    """The real consumer: `authstack plan --format json` on the shipped prod stack (the program under Pulumi's mocks),
    its resources fed to the pack. The pack agrees with the plan's own findings, and catches a break in them."""
    out = tmp_path / "prod.json"
    result = subprocess.run([sys.executable, "-c", "from authstack.cli.main import app; app()", "plan", "--stack", "prod",
                             "--format", "json", "--out", str(out), "--project-dir", str(REPO)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(out.read_text())
    resources = [r for r in doc["resources"] if r["type"].startswith("aws:")]
    assert {"aws:iam/role:Role", "aws:cognito/identityPool:IdentityPool"} <= {r["type"] for r in resources}
    assert [f for f in doc["findings"] if f["severity"] == "mandatory"] == []
    assert summary(analyze(servicer(), resources)) == []

    role = next(r for r in resources if r["type"] == "aws:iam/role:Role"
                and "cognito-identity" in r["inputs"]["assumeRolePolicy"])
    role["inputs"]["assumeRolePolicy"] = role["inputs"]["assumeRolePolicy"].replace('"authenticated"', '"*"')
    found = summary(analyze(servicer(), resources))
    assert [(p, lvl, urn) for p, lvl, urn, _ in found] == [("identity-role-trust", "mandatory", role["name"])]
    assert sorted((f.rule, f.message) for f in evaluate(resources)) == [(p, m) for p, _, _, m in found]


def test_broad_oidc_client_list_is_caught_during_a_preview():
    """A new OIDC provider's ARN is unknown in a preview: the identity pool's dependency on it still relates them."""
    graph = passing_graph()
    provider = find(graph, "auth-oidc-auth0")
    provider["inputs"]["clientIdLists"] = ["Auth0ClientIdForWeb123", "*"]
    provider["outputs"] = {"arn": UNKNOWN_STRING_VALUE, "id": UNKNOWN_STRING_VALUE}
    find(graph, "auth-identity-pool")["inputs"]["openidConnectProviderArns"] = [UNKNOWN_STRING_VALUE]
    assert summary(analyze(servicer(), graph)) == [
        ("oidc-provider-trust", "mandatory", "auth-oidc-auth0",
         "OIDC provider auth-oidc-auth0 (trusted by identity pool auth-identity-pool): client ID '*' contains a "
         "wildcard; list exact client IDs, or tokens the issuer mints for other applications get in")]


def test_real_federation_stack_oidc_client_ids(tmp_path):
    """The real consumer: the shipped federation stack (Auth0 through an IAM OIDC provider) passes; the same stack
    with a wildcard Auth0 client ID makes `authstack plan` exit 1 on oidc-provider-trust, and the pack agrees."""
    stack = yaml.safe_load((REPO / "Pulumi.federation.yaml").read_text())
    auth0 = stack["config"]["authstack:identityPool"]["federation"]["auth0"]
    (tmp_path / "Pulumi.yaml").write_text((REPO / "Pulumi.yaml").read_text())

    def plan(client_ids: list[str]):
        auth0["clientIds"] = client_ids
        (tmp_path / "Pulumi.federation.yaml").write_text(yaml.safe_dump(stack, sort_keys=False))
        out = tmp_path / "plan.json"
        out.unlink(missing_ok=True)
        result = subprocess.run([sys.executable, "-c", "from authstack.cli.main import app; app()", "plan", "--stack",
                                 "federation", "--format", "json", "--out", str(out), "--project-dir", str(tmp_path)],
                                cwd=REPO, capture_output=True, text=True, timeout=300)
        return result, (json.loads(out.read_text()) if out.exists() else None)

    result, doc = plan(list(auth0["clientIds"]))
    assert result.returncode == 0 and [f for f in doc["findings"] if f["rule"] == "oidc-provider-trust"] == []
    resources = [r for r in doc["resources"] if r["type"].startswith("aws:")]
    oidc = [r for r in resources if r["type"] == "aws:iam/openIdConnectProvider:OpenIdConnectProvider"]
    assert len(oidc) == 1

    # The spec already refuses a wildcard client ID (exit 2, nothing planned)...
    result, doc = plan([*auth0["clientIds"], "*"])
    assert result.returncode == 2 and doc is None and "must be an exact client ID" in result.stderr
    # ...and the guardrail catches one that reaches a real preview some other way (the pack sees provider state).
    oidc[0]["inputs"]["clientIdLists"] = [*oidc[0]["inputs"]["clientIdLists"], "*"]
    assert [(f.rule, f.severity) for f in evaluate(resources, RuleContext(throwaway=True)) if f.severity == "mandatory"] == [
        ("oidc-provider-trust", "mandatory")]
    pack = [(p, lvl) for p, lvl, _, _ in summary(analyze(servicer(RuleContext(throwaway=True)), resources))
            if lvl == "mandatory"]
    assert pack == [("oidc-provider-trust", "mandatory")]
