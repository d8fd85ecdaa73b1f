"""`authstack plan`: the JSON contract, the renderings, the guardrails' exit code, and the replacement guard."""
from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
import yaml

from authstack.cli.plan import replacement
from authstack.cli.plan.document import document
from authstack.infra.offline import plan
from tests.helpers import ROOT, project


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "authstack.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def prod_json():
    proc = run_cli("plan", "--stack", "prod", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_json_contract(prod_json):
    assert set(prod_json) == {"project", "stack", "resources", "outputs", "findings", "replacements", "changes",
                              "requirements", "adoption"}
    assert prod_json["changes"] is None  # no --against: nothing to compare with
    assert prod_json["stack"] == "prod" and prod_json["findings"] == []
    pool = next(r for r in prod_json["resources"] if r["type"] == "aws:cognito/userPool:UserPool")
    assert set(pool) >= {"urn", "type", "name", "parent", "dependencies", "inputs", "options"}
    assert set(pool["options"]) >= {"protect", "deleteBeforeReplace", "import", "additionalSecretOutputs"}
    assert pool["inputs"]["deletionProtection"] == "ACTIVE" and pool["options"]["protect"] is True
    role = next(r for r in prod_json["resources"] if r["name"].endswith("identity-authenticated"))
    assert json.loads(role["inputs"]["assumeRolePolicy"])["Statement"][0]["Action"] == "sts:AssumeRoleWithWebIdentity"
    idp = next(r for r in prod_json["resources"] if r["type"] == "aws:cognito/identityProvider:IdentityProvider")
    assert idp["inputs"]["providerDetails"] == "[secret]" and idp["secretInputs"] == ["providerDetails"]


def test_json_is_byte_identical_across_runs(prod_json):
    again = run_cli("plan", "--stack", "prod", "--format", "json").stdout
    assert json.loads(again) == prod_json and again == json.dumps(prod_json, indent=2, sort_keys=True) + "\n"


def test_tree_and_mermaid():
    tree = run_cli("plan", "--stack", "federation")
    assert tree.returncode == 0
    assert "aws:iam/openIdConnectProvider:OpenIdConnectProvider" in tree.stdout
    assert "OK: 0 mandatory finding(s)" in tree.stdout
    # Identity-pool-only federation: no user pool (nor its clients) in the plan.
    assert "aws:cognito/userPool:UserPool" not in tree.stdout and "UserPoolClient" not in tree.stdout
    graph = run_cli("plan", "--stack", "federation", "--format", "mermaid").stdout
    assert graph.startswith("flowchart LR\n")
    assert "authstack_federation_identity_oidc_auth0 --> authstack_federation_identity" in graph
    assert "UserPool" not in graph
    assert graph.count("subgraph") == graph.count("\n  end") + graph.count("\n    end")


def test_mandatory_finding_exits_1(tmp_path):
    overlay = {"authstack:identityPool": {"userPoolClients": ["web"], "roles": {"authenticated": {"policyStatements": [
        {"actions": ["*"], "resources": ["*"]}]}}}}
    proc = run_cli("plan", "--stack", "t", "--project-dir", str(project(tmp_path, config=overlay)))
    assert proc.returncode == 1
    assert "mandatory identity-role-no-wildcards" in proc.stdout


def _lock_after(tmp_path, stack_yaml: dict):
    d = tmp_path / "after"
    d.mkdir(exist_ok=True)
    (d / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    (d / "Pulumi.x.yaml").write_text(yaml.safe_dump(stack_yaml))
    return replacement.lock(document(plan(d, "x"), [], []))


@pytest.fixture(scope="module")
def prod_stack():
    data = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())
    return data


@pytest.fixture(scope="module")
def prod_lock(prod_json):
    return replacement.lock(prod_json)


def _rename(lock: dict, stack: str) -> dict:
    text = json.dumps(lock).replace("authstack-prod", f"authstack-{stack}").replace("authstack_prod", f"authstack_{stack}")
    return json.loads(text)


CHANGES = [
    (lambda c: c["authstack:userPool"]["signIn"].update(phone=True), "authstack-x-pool", "usernameAttributes",
     "every user and password is lost"),
    (lambda c: c["authstack:userPool"]["signIn"].update(caseSensitive=True), "authstack-x-pool", "usernameConfiguration",
     "username case sensitivity"),
    (lambda c: c["authstack:userPool"]["customAttributes"]["tenant"].update(maxLength=128), "authstack-x-pool",
     "schemas.tenant", "cannot be changed once created"),
    (lambda c: c["authstack:userPool"].pop("customAttributes"), "authstack-x-pool", "schemas.tenant", "cannot be removed"),
    (lambda c: c["authstack:userPool"]["standardAttributes"].update(name={"required": True}), "authstack-x-pool",
     "schemas.name", "new required attribute"),
    (lambda c: c["authstack:identityPool"].update(name="renamed"), "authstack-x-identity", "identityPoolName",
     "every identity ID"),
    # (the web client: a secret on `native`, with its app-scheme callback, is refused before any plan)
    (lambda c: (c["authstack:clients"]["web"].update(generateSecret=True),
                c["authstack:identityPool"].update(userPoolClients=["web", "native"])), "authstack-x-client-web",
     "generateSecret", "new ID"),
    (lambda c: c["authstack:clients"].pop("native"), "authstack-x-client-native", "(resource)", "deleted"),
    (lambda c: c["authstack:domain"].update(prefix="myapp-prod2"), "authstack-x-pool-domain", "domain", "hosted UI moves"),
    (lambda c: c["authstack:userPool"]["groups"].pop("editors"), "authstack-x-groups-editors", "(resource)", "every membership"),
]


@pytest.mark.parametrize("change,resource,attribute,words", CHANGES, ids=[c[2] + "/" + c[3][:12] for c in CHANGES])
def test_replacement_guard_names_attribute_and_consequence(tmp_path, prod_stack, prod_lock, change, resource, attribute, words):
    stack = copy.deepcopy(prod_stack)
    change(stack["config"])
    # Clients named in the identity pool must still exist after a removal.
    if "native" not in stack["config"]["authstack:clients"]:
        stack["config"]["authstack:identityPool"]["userPoolClients"] = ["web"]
    found = replacement.compare(_rename(prod_lock, "x"), _lock_after(tmp_path, stack))
    hits = [c for c in found if c["resource"] == resource and c["attribute"] == attribute]
    assert len(hits) == 1, found
    assert words in hits[0]["message"]


def test_adding_an_optional_custom_attribute_is_not_a_replacement(tmp_path, prod_stack, prod_lock):
    stack = copy.deepcopy(prod_stack)
    stack["config"]["authstack:userPool"]["customAttributes"]["plan"] = {"type": "String", "maxLength": 32}
    stack["config"]["authstack:clients"]["web"]["refreshTokenValidity"] = 1  # in-place changes are fine
    assert replacement.compare(_rename(prod_lock, "x"), _lock_after(tmp_path, stack)) == []


def test_cli_against_blocks_then_allows(tmp_path):
    proj = project(tmp_path, base="dev")
    written = run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--write-lock", "--format", "json")
    assert written.returncode == 0, written.stderr
    lock_file = proj / "authstack.t.lock.json"
    assert json.loads(lock_file.read_text())["resources"]["authstack-t-pool"]["values"]["usernameAttributes"] == ["email"]
    data = yaml.safe_load((proj / "Pulumi.t.yaml").read_text())
    data["config"]["authstack:userPool"]["signIn"] = {"email": False, "phone": True}
    (proj / "Pulumi.t.yaml").write_text(yaml.safe_dump(data))
    blocked = run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--against", str(lock_file))
    assert blocked.returncode == 1
    assert "replacement blocked authstack-t-pool.usernameAttributes" in blocked.stdout
    allowed = run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--against", str(lock_file), "--allow-replace")
    assert allowed.returncode == 0, allowed.stdout
    assert "replacement allowed" in allowed.stdout


def test_against_bad_file_is_bad_input(tmp_path):
    bad = tmp_path / "lock.json"
    bad.write_text("{not json")
    proc = run_cli("plan", "--stack", "dev", "--against", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{bad}: not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)"


def test_policy_config_follows_the_spec():
    dev = json.loads(run_cli("policy-config", "--stack", "dev").stdout)
    prod = json.loads(run_cli("policy-config", "--stack", "prod").stdout)
    assert dev["guest-access"]["guestAccess"] is True and dev["user-pool-deletion-protection"]["throwaway"] is True
    assert prod["guest-access"]["guestAccess"] is False and prod["user-pool-deletion-protection"]["throwaway"] is False
    assert prod["public-client-no-secret"]["publicClients"] == ["authstack-prod-client-native", "authstack-prod-client-web"]


def test_plan_reads_the_same_from_any_folder(tmp_path, prod_json):
    elsewhere = run_cli("plan", "--stack", "prod", "--format", "json", "--project-dir", str(ROOT), cwd=tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert json.loads(elsewhere.stdout) == prod_json
    dev = json.loads(run_cli("plan", "--stack", "dev", "--format", "json").stdout)
    fn = next(r for r in dev["resources"] if r["name"] == "authstack-dev-postAuthentication-fn")
    assets = fn["inputs"]["code"]["AssetArchive"]
    assert {"FileAsset": "examples/handlers/audit_sign_in.py"} in assets.values()


def test_blocked_plan_does_not_rewrite_the_lock(tmp_path):
    proj = project(tmp_path, base="dev")
    assert run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--write-lock", "--format", "json").returncode == 0
    lock_file = proj / "authstack.t.lock.json"
    before = lock_file.read_text()
    data = yaml.safe_load((proj / "Pulumi.t.yaml").read_text())
    data["config"]["authstack:userPool"]["signIn"] = {"email": False, "phone": True}
    (proj / "Pulumi.t.yaml").write_text(yaml.safe_dump(data))
    blocked = run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--against", str(lock_file), "--write-lock")
    assert blocked.returncode == 1 and lock_file.read_text() == before
    # ...so the next run is still blocked.
    assert run_cli("plan", "--stack", "t", "--project-dir", str(proj), "--against", str(lock_file)).returncode == 1


@pytest.mark.parametrize("content,line", [
    ('{"resources": [{"x": 1}]}', "resources[0]: needs a type, a name and inputs"),
    ('{"resources": 1}', "neither an authstack lock file nor an `authstack plan --format json` document"),
    ('{"version": 1, "project": "authstack", "stack": "dev", "resources": {"a": 5}}', "resources.a: needs a type and values"),
    ('{"version": 1, "project": "authstack", "stack": "prod", "resources": {}}', "stack: is the lock of authstack/prod, not authstack/dev"),
])
def test_against_malformed_or_foreign_lock(tmp_path, content, line):
    bad = tmp_path / "lock.json"
    bad.write_text(content)
    proc = run_cli("plan", "--stack", "dev", "--against", str(bad))
    assert proc.returncode == 2 and proc.stderr.strip() == f"{bad}: {line}"


def test_outputs_to_a_missing_folder_are_refused(tmp_path):
    for args in (["schema"], ["policy-config", "--stack", "dev"], ["plan", "--stack", "dev", "--format", "json"]):
        target = tmp_path / "missing" / "x.json"
        proc = run_cli(*args, "--out", str(target))
        assert proc.returncode == 2
        assert proc.stderr.strip() == f"{target}: folder {target.parent} does not exist (folders are never created for you)"
        assert not target.parent.exists()


def test_non_string_config_key_is_one_line(tmp_path):
    proj = project(tmp_path)
    (proj / "Pulumi.t.yaml").write_text("config:\n  aws:region: eu-west-1\n  on: true\n")
    proc = run_cli("validate", "--stack", "t", "--project-dir", str(proj))
    assert proc.returncode == 2 and proc.stderr.strip() == 'Pulumi.t.yaml: on: unquoted on is a boolean in YAML 1.1 but text to Pulumi: quote it ("on"), or write true/false'
