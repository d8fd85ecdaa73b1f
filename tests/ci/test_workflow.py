"""The CI template `examples/ci/authstack.yml`: a real workflow schema linter, the jobs and commands it must run,
and the authstack commands and options it uses checked against the real CLI."""
from __future__ import annotations

import copy
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "examples" / "ci" / "authstack.yml"
LINTER = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]


def lint(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its vendored GitHub workflow schema; any network use would hit a dead proxy."""
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead, "https_proxy": dead,
           "NO_PROXY": "", "no_proxy": ""}
    return subprocess.run([*LINTER, str(path)], capture_output=True, text=True, env=env, timeout=120)


def load(path: Path = WORKFLOW) -> dict:
    return yaml.safe_load(path.read_text())


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True)) or {}  # YAML 1.1 reads a bare `on` key as True


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if str(s.get("uses", "")).startswith(action + "@")]


def problems(workflow: dict) -> list[str]:
    """What the template promises, as checks: an empty list means it keeps every promise."""
    found = []
    on = triggers(workflow)
    if "pull_request" not in on:
        found.append("not run on pull requests")
    if "main" not in ((on.get("push") or {}).get("branches") or []):
        found.append("not run on push to main")
    jobs = workflow.get("jobs") or {}
    check, deploy = jobs.get("check"), jobs.get("deploy")
    if not check or not deploy:
        return found + ["jobs check and deploy are required"]
    for name, job in (("check", check), ("deploy", deploy)):
        if "fromJSON(needs.stacks.outputs.stacks)" not in str(job.get("strategy", {}).get("matrix", {}).get("stack")):
            found.append(f"{name} does not run once per stack")
        if not uses(job, "actions/setup-python"):
            found.append(f"{name} does not set up Python")
        if "pip install" not in runs(job):
            found.append(f"{name} does not install authstack")
    if "glob.glob(\"Pulumi.*.yaml\")" not in runs(jobs.get("stacks", {})):
        found.append("stacks are not listed from Pulumi.*.yaml")
    for command in ("authstack validate --stack", "authstack plan --stack"):
        if command not in runs(check):
            found.append(f"check does not run {command}")
    previews = [s for s in uses(check, "pulumi/actions") if s.get("with", {}).get("command") == "preview"]
    if not previews or not all(s["with"].get("policyPacks") for s in previews):
        found.append("check does not preview with the policy pack")
    elif not all("PULUMI_ACCESS_TOKEN" in str(s.get("if", "")) for s in previews):
        found.append("the preview does not wait for credentials")
    if "push" not in str(deploy.get("if")) or "refs/heads/main" not in str(deploy.get("if")):
        found.append("deploy is not limited to pushes to main")
    if "check" not in deploy.get("needs", []):
        found.append("deploy does not wait for the checks")
    ups = [i for i, s in enumerate(steps(deploy)) if str(s.get("uses", "")).startswith("pulumi/actions@")
           and s.get("with", {}).get("command") == "up"]
    configs = [i for i, s in enumerate(steps(deploy)) if "authstack config --from-stack --stack" in s.get("run", "")]
    if not ups or not configs or configs[0] < ups[0]:
        found.append("deploy does not write the client config after pulumi up")
    artifacts = [i for i, s in enumerate(steps(deploy)) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    if not configs or not any(i > configs[0] for i in artifacts):
        found.append("deploy does not upload the client config")
    return found


# ---- the linter -----------------------------------------------------------------------------------------------------

def test_template_passes_the_github_workflow_schema():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


BROKEN = {
    # A job without `runs-on`, a step with both `uses` and `run`, and an event GitHub doesn't have.
    "missing-runs-on": lambda wf: wf["jobs"]["check"].pop("runs-on"),
    "uses-and-run": lambda wf: wf["jobs"]["deploy"]["steps"][0].update(run="echo both"),
    "unknown-event": lambda wf: triggers(wf).update(pull_requests={}),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_linter_rejects_a_broken_workflow(tmp_path, case):
    workflow = load()
    BROKEN[case](workflow)
    path = tmp_path / f"{case}.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False))
    result = lint(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_linter_rejects_invalid_yaml(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("jobs:\n  check: [unclosed\n")
    assert lint(path).returncode != 0


# ---- what the template runs -----------------------------------------------------------------------------------------

def test_template_keeps_its_promises():
    assert problems(load()) == []


def test_promise_checks_can_fail():
    workflow = load()
    check = workflow["jobs"]["check"]
    check["steps"] = [s for s in check["steps"] if "pulumi/actions" not in str(s.get("uses", ""))]
    deploy = workflow["jobs"]["deploy"]
    config_step = next(s for s in deploy["steps"] if "authstack config" in s.get("run", ""))
    deploy["steps"].remove(config_step)
    deploy["steps"].insert(0, config_step)
    assert problems(workflow) == ["check does not preview with the policy pack",
                                  "deploy does not write the client config after pulumi up"]
    broken = copy.deepcopy(load())
    del triggers(broken)["pull_request"]
    assert problems(broken) == ["not run on pull requests"]


def _authstack_invocations(workflow: dict) -> list[list[str]]:
    found = []
    for job in workflow["jobs"].values():
        for line in runs(job).splitlines():
            line = line.split("||", 1)[0].strip()
            if line.startswith("authstack "):
                found.append(shlex.split(line))
    return found


def test_authstack_commands_and_options_exist_in_the_cli():
    """Every `authstack <command> --option` the template runs is an option of that command in the real CLI."""
    import typer.main

    from authstack.cli.main import app

    group = typer.main.get_command(app)
    invocations = _authstack_invocations(load())
    assert {argv[1] for argv in invocations} == {"validate", "plan", "config"}
    for argv in invocations:
        command = group.commands[argv[1]]
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        used = {a for a in argv[2:] if a.startswith("--")}
        assert used <= known, (argv, used - known)


def test_the_pack_locator_finds_the_policy_pack():
    workflow = load()
    step = next(s for s in steps(workflow["jobs"]["check"]) if s.get("id") == "pack")
    snippet = re.search(r"python -c '([^']+)'", step["run"]).group(1)
    located = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, cwd=REPO, timeout=60)
    pack = Path(located.stdout.strip())
    assert located.returncode == 0 and (pack / "PulumiPolicy.yaml").is_file() and (pack / "__main__.py").is_file()
    assert yaml.safe_load((pack / "PulumiPolicy.yaml").read_text())["runtime"] == "python"
