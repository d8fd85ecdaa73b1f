"""`authstack plan` for a pipeline: many stacks in one process (`--all`, repeated `--stack`), one plan rendered in
several formats, the lock refresh and the wording of the replacement guard, what changes in place, and a failing exit
explained on stderr when stdout carries JSON or mermaid."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import yaml

from tests.helpers import ROOT, project


def run_cli(*args, cwd=ROOT):
    env = {**os.environ, "COLUMNS": "200"}  # one resource per line in the tree
    return subprocess.run([sys.executable, "-m", "authstack.cli", *args], capture_output=True, text=True, cwd=cwd, env=env)

STACKS = sorted(p.name[len("Pulumi."):-len(".yaml")] for p in ROOT.glob("Pulumi.*.yaml"))


def _copy_examples(tmp_path):
    """The repository's project and example stacks in a folder of their own (locks get written there)."""
    proj = tmp_path / "proj"
    proj.mkdir()
    for path in ROOT.glob("Pulumi*.yaml"):
        shutil.copy(path, proj)
    shutil.copytree(ROOT / "examples" / "handlers", proj / "examples" / "handlers")
    return proj


def test_all_stacks_in_one_process_render_every_format_from_one_plan(tmp_path):
    out = tmp_path / "plans"
    out.mkdir()
    proc = run_cli("plan", "--all", "--format", "json", "--format", "mermaid", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"plan-{s}.{e}" for s in STACKS for e in ("json", "mmd"))
    # Each file is exactly what planning that stack alone prints.
    for stack in STACKS:
        alone = run_cli("plan", "--stack", stack, "--format", "json")
        assert (out / f"plan-{stack}.json").read_text() == alone.stdout
    assert (out / "plan-prod.mmd").read_text() == run_cli("plan", "-s", "prod", "-f", "mermaid").stdout
    # The report names each stack, and says the guard did not run (no --against).
    for stack in STACKS:
        assert f"{stack}: OK: 0 mandatory finding(s)" in proc.stdout


def test_repeated_stack_prints_each_tree(tmp_path):
    proc = run_cli("plan", "-s", "federation", "-s", "dev")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.index("authstack/federation:") < proc.stdout.index("authstack/dev:")
    assert "federation: OK" in proc.stdout and "dev: OK" in proc.stdout


def test_bad_input_in_one_stack_plans_nothing(tmp_path):
    proj = project(tmp_path, stack="good", base="federation")
    (proj / "Pulumi.bad.yaml").write_text(yaml.safe_dump({"config": {"aws:region": "eu-west-1", "authstack:clints": {}}}))
    out = tmp_path / "plans"
    out.mkdir()
    proc = run_cli("plan", "--all", "-f", "json", "--out", str(out), "--project-dir", str(proj))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Pulumi.bad.yaml: authstack:clints: unknown key; did you mean 'clients'?"
    assert list(out.iterdir()) == []


def test_usage_mistakes_are_one_line(tmp_path):
    cases = [
        (["plan"], "--stack: give a stack name (repeat for several) or --all"),
        (["plan", "--all", "-s", "dev"], "--all: give --stack or --all, not both"),
        (["plan", "-s", "dev", "-s", "prod", "-f", "json"],
         "--out: --format json/mermaid for several stacks or formats needs --out FOLDER (one file per stack and format)"),
        (["plan", "-s", "dev", "-s", "prod", "--against", str(ROOT / "Pulumi.yaml")],
         f"{ROOT / 'Pulumi.yaml'}: with several stacks, --against must be the folder holding authstack.<stack>.lock.json"),
    ]
    for args, line in cases:
        proc = run_cli(*args)
        assert proc.returncode == 2 and proc.stderr.strip() == line, (args, proc.stderr)


def test_without_against_the_guard_is_not_claimed(tmp_path):
    proj = _copy_examples(tmp_path)
    proc = run_cli("plan", "-s", "prod", "--project-dir", str(proj))
    assert "replacement(s)" not in proc.stdout
    assert "replacements not checked (no --against lock)" in proc.stdout
    # Once a lock exists, the plan points at it instead of silently ignoring it.
    assert run_cli("plan", "-s", "prod", "--project-dir", str(proj), "--write-lock").returncode == 0
    again = run_cli("plan", "-s", "prod", "--project-dir", str(proj))
    assert f"replacements not checked: pass --against {proj / 'authstack.prod.lock.json'}" in again.stdout


def test_lock_folder_refresh_and_missing_lock_warning(tmp_path):
    """The CI flow: plan --all --against LOCKS; a stack without a lock is warned about loudly, and --write-lock after a
    deploy refreshes it so the next plan is guarded."""
    proj = _copy_examples(tmp_path)
    locks = tmp_path / "locks"
    locks.mkdir()
    first = run_cli("plan", "--all", "--against", str(locks), "--project-dir", str(proj))
    assert first.returncode == 0, first.stderr
    for stack in STACKS:
        assert (f"WARNING {stack}: no lock at {locks / f'authstack.{stack}.lock.json'}: replacements are NOT checked"
                in first.stderr)
    assert run_cli("plan", "--all", "--write-lock", "--project-dir", str(proj)).returncode == 0
    for stack in STACKS:
        lock = json.loads((proj / f"authstack.{stack}.lock.json").read_text())
        assert lock["stack"] == stack and lock["inputs"]
        shutil.copy(proj / f"authstack.{stack}.lock.json", locks)
    guarded = run_cli("plan", "--all", "--against", str(locks), "--project-dir", str(proj))
    assert guarded.returncode == 0 and "WARNING" not in guarded.stderr
    assert f"prod: OK: 0 mandatory finding(s), 0 advisory; 0 replacement(s) against {locks / 'authstack.prod.lock.json'}" in guarded.stdout
    assert "0 to create, 0 to update in place, 0 to replace, 0 to delete" in guarded.stdout


def test_against_shows_in_place_updates_and_replacements(tmp_path):
    proj = project(tmp_path, base="dev")
    assert run_cli("plan", "-s", "t", "--project-dir", str(proj), "--write-lock").returncode == 0
    lock = proj / "authstack.t.lock.json"
    data = yaml.safe_load((proj / "Pulumi.t.yaml").read_text())
    data["config"]["authstack:userPool"]["passwordPolicy"]["minimumLength"] = 12   # in place
    data["config"]["authstack:domain"]["prefix"] = "myapp-dev-2"                    # replaces the domain
    (proj / "Pulumi.t.yaml").write_text(yaml.safe_dump(data))
    proc = run_cli("plan", "-s", "t", "--project-dir", str(proj), "--against", str(lock), "-f", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["changes"] == [
        {"action": "update", "keys": ["passwordPolicy"], "resource": "authstack-t-pool", "type": "aws:cognito/userPool:UserPool"},
        {"action": "replace", "keys": ["domain"], "resource": "authstack-t-pool-domain",
         "type": "aws:cognito/userPoolDomain:UserPoolDomain"},
    ]
    # JSON on stdout, and the failing exit still explained on stderr.
    assert "replacement blocked authstack-t-pool-domain.domain" in proc.stderr
    assert "FAIL: 0 mandatory finding(s)" in proc.stderr and "1 to update in place, 1 to replace" in proc.stderr
    tree = run_cli("plan", "-s", "t", "--project-dir", str(proj), "--against", str(lock))
    assert "~ aws:cognito/userPool:UserPool authstack-t-pool changes: passwordPolicy" in tree.stdout
    assert "-/+ aws:cognito/userPoolDomain:UserPoolDomain authstack-t-pool-domain replaces on: domain" in tree.stdout
    assert "= aws:cognito/userPoolClient:UserPoolClient authstack-t-client-web" in tree.stdout


def test_a_moved_project_changes_nothing(tmp_path):
    """Lambda code counts by content, not path: the same project elsewhere (a CI runner) plans no update."""
    (tmp_path / "a").mkdir()
    proj = project(tmp_path / "a", base="dev")
    assert run_cli("plan", "-s", "t", "--project-dir", str(proj), "--write-lock").returncode == 0
    moved = tmp_path / "b" / "deeper"
    shutil.copytree(proj, moved)
    proc = run_cli("plan", "-s", "t", "--project-dir", str(moved), "--against", str(moved / "authstack.t.lock.json"),
                   "-f", "json")
    assert json.loads(proc.stdout)["changes"] == []
    # A changed handler file is an in-place update of its function.
    handler = moved / "examples" / "handlers" / "audit_sign_in.py"
    handler.write_text(handler.read_text() + "\n# changed\n")
    proc = run_cli("plan", "-s", "t", "--project-dir", str(moved), "--against", str(moved / "authstack.t.lock.json"),
                   "-f", "json")
    assert json.loads(proc.stdout)["changes"] == [
        {"action": "update", "keys": ["code"], "resource": "authstack-t-postAuthentication-fn",
         "type": "aws:lambda/function:Function"}]


def test_an_older_lock_without_digests_says_so(tmp_path):
    proj = project(tmp_path, base="dev")
    assert run_cli("plan", "-s", "t", "--project-dir", str(proj), "--write-lock").returncode == 0
    lock = proj / "authstack.t.lock.json"
    data = json.loads(lock.read_text())
    del data["inputs"]
    lock.write_text(json.dumps(data))
    proc = run_cli("plan", "-s", "t", "--project-dir", str(proj), "--against", str(lock))
    assert proc.returncode == 0
    assert "holds no input digests, so in-place updates are not shown" in proc.stdout


def test_mandatory_finding_with_json_on_stdout_is_explained_on_stderr(tmp_path):
    overlay = {"authstack:identityPool": {"userPoolClients": ["web"], "roles": {"authenticated": {"policyStatements": [
        {"actions": ["*"], "resources": ["*"]}]}}}}
    proj = project(tmp_path, config=overlay)
    for fmt in ("json", "mermaid"):
        proc = run_cli("plan", "-s", "t", "-f", fmt, "--project-dir", str(proj))
        assert proc.returncode == 1
        assert "mandatory identity-role-no-wildcards" in proc.stderr and "FAIL: 2 mandatory finding(s)" in proc.stderr
    ok = run_cli("plan", "-s", "dev", "-f", "json")
    assert ok.returncode == 0 and ok.stderr == ""  # quiet on success: stdout is the plan alone
