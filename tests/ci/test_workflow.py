"""The CI templates in examples/ci/: linted offline by a real workflow schema linter, their job graph walked (promotion
order, gating, secret scoping, the lock refresh flow), and the authstack commands they run checked against the CLI.

The graph walk simulates GitHub's rules for the conditions the templates use (a job without `if` needs every `needs`
to succeed; `!cancelled()` lets a skipped need through; `needs.*.result` is the list of the needs' results). A
condition outside that small vocabulary fails the walk, so the simulation can never silently ignore a clause.
Source: GitHub docs "Workflow syntax" (jobs.<id>.needs, jobs.<id>.if) and "Evaluate expressions" (status checks,
object filters).
"""
from __future__ import annotations

import copy
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CI = REPO / "examples" / "ci"
WORKFLOW = CI / "authstack.yml"
DEPLOY = CI / "authstack-deploy.yml"
APP = CI / "app-config-check.yml"
TEMPLATES = (WORKFLOW, DEPLOY, APP)
LINTER = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
STACKS = sorted(p.name[len("Pulumi."):-len(".yaml")] for p in REPO.glob("Pulumi.*.yaml"))


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


def index(job: dict, predicate) -> list[int]:
    return [i for i, s in enumerate(steps(job)) if predicate(s)]


def deploy_job(workflow: dict | None = None) -> dict:
    return (workflow or load(DEPLOY))["jobs"]["deploy"]


def stage_jobs(workflow: dict) -> list[str]:
    return sorted(name for name in workflow["jobs"] if re.fullmatch(r"deploy-\d", name))


# ---- the promotion script, run for real --------------------------------------------------------------------------

def promotion_script(workflow: dict | None = None) -> str:
    step = next(s for s in steps((workflow or load())["jobs"]["promotion"]) if s.get("id") == "order")
    return re.search(r"python3 - <<'EOF'\n(.*?)\n\s*EOF\s*$", step["run"], re.S).group(1)


def promote(tmp_path: Path, order: str, stacks=STACKS) -> tuple[int, dict, str]:
    """Runs the template's promotion script on a folder with these stack files; returns (exit, outputs, stdout)."""
    folder = tmp_path / f"promo-{abs(hash((order, tuple(stacks))))}"
    folder.mkdir()
    for stack in stacks:
        (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    out = folder / "github_output"
    out.write_text("")
    proc = subprocess.run([sys.executable, "-c", promotion_script()], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PROMOTION": order, "GITHUB_OUTPUT": str(out)}, timeout=60)
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines())
    return proc.returncode, {k: json.loads(v) for k, v in outputs.items()}, proc.stdout


# ---- the job graph, walked --------------------------------------------------------------------------------------

def _clause(clause: str, job: str, results: dict, needs: list[str], context: dict) -> bool:
    clause = clause.strip()
    if clause == "!cancelled()":
        return True
    m = re.fullmatch(r"!contains\(needs\.\*\.result, '(failure|cancelled)'\)", clause)
    if m:
        return all(results[n] != m.group(1) for n in needs)
    m = re.fullmatch(r"github\.(ref|event_name) (==|!=) '([^']*)'", clause)
    if m:
        equal = context[m.group(1)] == m.group(3)
        return equal if m.group(2) == "==" else not equal
    m = re.fullmatch(r"needs\.promotion\.outputs\.(stage\d) != '\[\]'", clause)
    if m:
        assert "promotion" in needs, f"{job}: reads needs.promotion without needing it"
        return context["stages"][m.group(1)] != []
    raise AssertionError(f"{job}: condition clause the walk does not understand: {clause!r}")


def walk(workflow: dict, event: str, ref: str = "refs/heads/main", fail: frozenset = frozenset(),
         stages: dict | None = None) -> dict[str, str]:
    """Each job's result ('success', 'failure', 'skipped') for one run; jobs named in ``fail`` fail when they run."""
    jobs = workflow["jobs"]
    context = {"event_name": event, "ref": ref, "stages": stages or {"stage1": ["dev"], "stage2": ["staging"],
                                                                      "stage3": ["prod"]}}
    results: dict[str, str] = {}
    pending = list(jobs)
    while pending:
        ready = [j for j in pending if all(n in results for n in _needs(jobs[j]))]
        assert ready, f"cycle or unknown need among {pending}"
        for name in ready:
            pending.remove(name)
            needs = _needs(jobs[name])
            condition = " ".join(str(jobs[name].get("if", "")).split())
            if not condition or "!cancelled()" not in condition:  # GitHub's implicit success()
                go = all(results[n] == "success" for n in needs)
                if condition:
                    go = go and all(_clause(c, name, results, needs, context) for c in condition.split("&&"))
            else:
                go = all(_clause(c, name, results, needs, context) for c in condition.split("&&"))
            results[name] = ("failure" if name in fail else "success") if go else "skipped"
    return results


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def ran(results: dict) -> set[str]:
    return {j for j, r in results.items() if r != "skipped"}


def problems(workflow: dict, deploy: dict) -> list[str]:
    """The template's promises, as checks on the job graph: an empty list means it keeps every promise."""
    found = []
    stages = stage_jobs(workflow)
    if stages != ["deploy-1", "deploy-2", "deploy-3"]:
        return [f"stage jobs are {stages}, expected deploy-1..3"]
    push = walk(workflow, "push")
    if not {"promotion", "check", "approve", *stages} <= ran(push) or "preview" in ran(push):
        found.append(f"push to main runs {sorted(ran(push))}")
    pr = walk(workflow, "pull_request", ref="refs/pull/7/merge")
    if ran(pr) != {"promotion", "check", "preview"}:
        found.append(f"a pull request runs {sorted(ran(pr))}, expected promotion, check, preview")
    branch = walk(workflow, "workflow_dispatch", ref="refs/heads/feature")
    if ran(branch) & {"approve", *stages}:
        found.append("a manual run on another branch deploys")
    # Promotion order: a stage runs only after every earlier one succeeded, whichever fails.
    for i, failing in enumerate(["check", *stages]):
        later = stages[i:]  # check fails: every stage; stage N fails: the stages after it
        result = walk(workflow, "push", fail=frozenset({failing}))
        started = ran(result) & set(later) - {failing}
        if started:
            found.append(f"{sorted(started)} run after {failing} failed")
    if "approve" in ran(walk(workflow, "push", fail=frozenset({"deploy-2"}))):
        found.append("the approval is asked after stage 2 failed")
    if ran(walk(workflow, "push", fail=frozenset({"approve"}))) & {"deploy-3"}:
        found.append("the last stage deploys without the approval")
    # Fewer stages: the order is padded at the front, so the approval always guards the last stage.
    two = {"stage1": [], "stage2": ["dev"], "stage3": ["prod"]}
    if ran(walk(workflow, "push", stages=two)) & set(stages) != {"deploy-2", "deploy-3"}:
        found.append("a two-stage order does not deploy stages 2 and 3")
    if "deploy-3" in ran(walk(workflow, "push", stages=two, fail=frozenset({"deploy-2"}))):
        found.append("a two-stage order deploys prod after dev failed")
    last = workflow["jobs"]["deploy-3"]
    if "approve" not in _needs(last) or workflow["jobs"]["approve"].get("environment") != "authstack-approval":
        found.append("the last stage is not behind the authstack-approval environment")
    for name in stages:
        job = workflow["jobs"][name]
        if job.get("uses") != "./.github/workflows/authstack-deploy.yml":
            found.append(f"{name} does not call authstack-deploy.yml")
        if f"needs.promotion.outputs.stage{name[-1]}" not in str(job.get("strategy", {}).get("matrix", {}).get("stack")):
            found.append(f"{name} does not deploy the stacks of its stage")
        if job.get("with", {}).get("stack") != "${{ matrix.stack }}":
            found.append(f"{name} does not pass its stack")
    if deploy.get("environment") != "${{ inputs.stack }}":
        found.append("a deploy does not run in its stack's environment")
    return found


# ---- the linter --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_pass_the_github_workflow_schema(path):
    result = lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


BROKEN = {
    # A job without `runs-on`, a step with both `uses` and `run`, and an event GitHub doesn't have.
    "missing-runs-on": lambda wf: wf["jobs"]["check"].pop("runs-on"),
    "uses-and-run": lambda wf: wf["jobs"]["check"]["steps"][0].update(run="echo both"),
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


# ---- promotion order and gating ----------------------------------------------------------------------------------

def test_job_graph_keeps_the_promotion_promises():
    assert problems(load(), deploy_job()) == []


BREAKS = {
    "stage 2 forgets stage 1": (lambda wf: wf["jobs"]["deploy-2"]["needs"].remove("deploy-1"),
                                "['deploy-2'] run after deploy-1 failed"),
    "prod skips the approval": (lambda wf: wf["jobs"]["deploy-3"]["needs"].remove("approve"),
                                "the last stage is not behind the authstack-approval environment"),
    "a stage ignores failures": (lambda wf: wf["jobs"]["deploy-3"].update(
        **{"if": wf["jobs"]["deploy-3"]["if"].replace("!contains(needs.*.result, 'failure') &&", "")}),
        "['deploy-3'] run after deploy-1 failed"),
    "deploys on pull requests": (lambda wf: wf["jobs"]["deploy-1"].update(
        **{"if": wf["jobs"]["deploy-1"]["if"].replace("&& github.event_name != 'pull_request'", "")
               .replace("&& github.ref == 'refs/heads/main'", "")}),
        "a pull request runs ['check', 'deploy-1', 'preview', 'promotion'], expected promotion, check, preview"),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_graph_checks_can_fail(case):
    mutate, expected = BREAKS[case]
    workflow = load()
    mutate(workflow)
    assert expected in problems(workflow, deploy_job())


def test_the_walk_refuses_a_condition_it_does_not_understand():
    workflow = load()
    workflow["jobs"]["deploy-1"]["if"] += " && always()"
    with pytest.raises(AssertionError, match="does not understand"):
        walk(workflow, "push")


def test_promotion_order_is_configurable(tmp_path):
    code, out, printed = promote(tmp_path, "", stacks=["dev", "prod", "staging"])
    assert code == 0 and out["stage1"] == ["dev"] and out["stage2"] == ["staging"] and out["stage3"] == ["prod"]
    assert "promotion: dev > staging > prod" in printed
    code, out, _ = promote(tmp_path, "dev, federation > prod")
    assert code == 0 and (out["stage1"], out["stage2"], out["stage3"]) == ([], ["dev", "federation"], ["prod"])
    assert out["stacks"] == STACKS
    code, out, _ = promote(tmp_path, "qa", stacks=["qa"])
    assert code == 0 and (out["stage1"], out["stage2"], out["stage3"]) == ([], [], ["qa"])


@pytest.mark.parametrize("order,stacks,error", [
    ("", STACKS, "::error::Pulumi.federation.yaml is not in the promotion order (set AUTHSTACK_PROMOTION)"),
    ("dev > staging > prod", ["dev", "prod"], "::error::staging is in AUTHSTACK_PROMOTION but has no Pulumi.staging.yaml"),
    ("a > b > c > d", ["a", "b", "c", "d"], "1 to 3 non-empty stages"),
    ("dev > > prod", ["dev", "prod"], "1 to 3 non-empty stages"),
    ("dev > dev", ["dev"], "::error::dev is listed twice in AUTHSTACK_PROMOTION"),
    ("", [], "::error::no Pulumi.<stack>.yaml file in the repository"),
])
def test_a_bad_promotion_order_stops_the_run(tmp_path, order, stacks, error):
    code, out, printed = promote(tmp_path, order, stacks)
    assert code == 1 and error in printed and out == {}


# ---- secrets and permissions -------------------------------------------------------------------------------------

def _all_jobs():
    for path in (WORKFLOW, DEPLOY):
        for name, job in load(path)["jobs"].items():
            yield f"{path.name}:{name}", job


def test_secrets_only_inside_environments():
    """Every credential comes from a GitHub environment: nothing workflow-wide, nothing in the check job, and no
    `secrets: inherit` handing repository secrets to the deploys."""
    for path in TEMPLATES[:2]:
        workflow = load(path)
        assert "secrets." not in json.dumps(workflow.get("env", {})) and "vars." not in json.dumps(workflow.get("env", {}))
        assert "inherit" not in json.dumps(workflow), path.name
    for name, job in _all_jobs():
        if "secrets." in json.dumps(job):
            assert job.get("environment"), f"{name} reads secrets outside an environment"
    check = load()["jobs"]["check"]
    assert "secrets." not in json.dumps(check) and "environment" not in check


def test_pull_requests_get_preview_credentials_only():
    workflow = load()
    pr = ran(walk(workflow, "pull_request", ref="refs/pull/7/merge"))
    for name in pr:
        env = workflow["jobs"][name].get("environment")
        assert env is None or env == "${{ matrix.stack }}-preview", (name, env)
    preview = workflow["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    # One passphrase (or secrets provider) per stack: read from that stack's environment, never shared.
    assert preview["env"]["PULUMI_CONFIG_PASSPHRASE"] == "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}"
    assert deploy_job()["env"]["PULUMI_CONFIG_PASSPHRASE"] == "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}"
    assert deploy_job()["environment"] == "${{ inputs.stack }}"


def test_least_privilege_permissions():
    for path in TEMPLATES:
        assert load(path)["permissions"] == {"contents": "read"}, path.name
    for name, job in _all_jobs():
        perms = job.get("permissions", {})
        assumes_aws = bool(uses(job, "aws-actions/configure-aws-credentials")) or "uses" in job
        assert (perms.get("id-token") == "write") == assumes_aws, name


def test_no_expression_is_spliced_into_a_shell_script():
    """Inputs (allow-replace), stack names and outputs reach scripts through env only: no script injection."""
    for path in TEMPLATES:
        for job in load(path)["jobs"].values():
            for step in steps(job):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


# ---- what the jobs run -------------------------------------------------------------------------------------------

def test_triggers_and_paths_filter():
    on = triggers(load())
    assert on["push"]["branches"] == ["main"]
    assert on["pull_request"]["paths"] == on["push"]["paths"]
    assert {"Pulumi*.yaml", "authstack.*.lock.json", "**.py"} <= set(on["push"]["paths"])
    assert on["workflow_dispatch"]["inputs"]["allow-replace"]["default"] == ""


def test_check_plans_every_stack_once_and_renders_both_formats():
    check = load()["jobs"]["check"]
    plans = [shlex.split(line.split("||")[0]) for line in runs(check).splitlines() if line.strip().startswith("authstack plan")]
    assert len(plans) == 1
    argv = plans[0]
    assert "--all" in argv and "--stack" not in argv
    formats = [argv[i + 1] for i, a in enumerate(argv) if a == "--format"]
    assert {"json", "mermaid"} <= set(formats)
    assert argv[argv.index("--against") + 1] == "locks"
    assert "authstack validate" in runs(check)


def test_policy_config_is_generated_before_the_pack_runs():
    for job, command in ((load()["jobs"]["preview"], "preview"), (deploy_job(), "up")):
        config = index(job, lambda s: "authstack policy-config --stack" in s.get("run", ""))
        pulumi = index(job, lambda s: str(s.get("uses", "")).startswith("pulumi/actions@")
                       and s["with"].get("command") == command)
        assert config and pulumi and config[0] < pulumi[0], command
        step = steps(job)[pulumi[0]]
        assert step["with"]["policyPacks"] == "${{ steps.pack.outputs.dir }}"
        assert step["with"]["policyPackConfigs"].startswith("policy-config/")
        assert step["with"]["pulumi-version"] == "${{ env.PULUMI_VERSION }}"


def test_the_lock_is_refreshed_after_deploy_and_read_by_the_next_run():
    deploy = deploy_job()
    up = index(deploy, lambda s: str(s.get("uses", "")).startswith("pulumi/actions@") and s["with"]["command"] == "up")[0]
    guard = index(deploy, lambda s: "--against locks" in s.get("run", ""))[0]
    refresh = index(deploy, lambda s: "--write-lock" in s.get("run", ""))[0]
    upload = index(deploy, lambda s: s.get("with", {}).get("name") == "authstack-lock-${{ inputs.stack }}")[0]
    assert guard < up < refresh < upload
    assert steps(deploy)[upload]["with"]["path"] == "authstack.${{ inputs.stack }}.lock.json"
    assert "--against" not in steps(deploy)[refresh]["run"]  # a fresh baseline: what was just deployed
    # The next run's check and deploy read the newest lock artifact of main, or warn loudly without one.
    for job in (load()["jobs"]["check"], deploy):
        script = runs(job)
        assert "name=authstack-lock-$" in script and 'head_branch == \\"main\\"' in script
        assert "::warning title=No lock for" in script and "NOT checked" in script


def test_allow_replace_only_through_the_reviewed_input():
    workflow = load()
    for name in stage_jobs(workflow):
        assert workflow["jobs"][name]["with"]["allow-replace"] == (
            "${{ github.event_name == 'workflow_dispatch' && inputs.allow-replace == matrix.stack }}")
    deploy = deploy_job()
    assert deploy["env"]["ALLOW_REPLACE"] == "${{ inputs.allow-replace }}"
    assert 'if [ "$ALLOW_REPLACE" = "true" ]' in runs(deploy) and "--allow-replace" in runs(deploy)
    check = runs(workflow["jobs"]["check"])
    assert not [line for line in check.splitlines() if line.strip().startswith("authstack") and "--allow-replace" in line]
    # The check plans the allowed stack without its lock (a loud warning) after checking it names a stack.
    assert check.index('[ ! -f "Pulumi.$ALLOW_REPLACE.yaml" ]') < check.index('rm -f "locks/authstack.$ALLOW_REPLACE.lock.json"')


def test_caches_pip_and_pulumi_plugins():
    for name, job in (("check", load()["jobs"]["check"]), ("preview", load()["jobs"]["preview"]), ("deploy", deploy_job())):
        assert uses(job, "actions/setup-python")[0]["with"]["cache"] == "pip", name
        if name != "check":  # the offline check runs no Pulumi plugin
            assert any(s["with"]["path"] == "~/.pulumi/plugins" for s in uses(job, "actions/cache")), name


def test_deploy_publishes_outputs_and_client_files():
    deploy = deploy_job()
    names = [s.get("with", {}).get("name") for s in uses(deploy, "actions/upload-artifact")]
    assert names == ["authstack-lock-${{ inputs.stack }}", "outputs-${{ inputs.stack }}", "client-config-${{ inputs.stack }}"]
    assert 'pulumi stack output --json --stack "$STACK" > "outputs-$STACK.json"' in runs(deploy)


def test_app_workflow_checks_against_the_outputs_artifact():
    app = load(APP)
    job = app["jobs"]["check"]
    assert "pipx install" in runs(job) and re.search(r"authstack@v\d+\.\d+\.\d+$", app["env"]["AUTHSTACK_SPEC"])
    assert "name=outputs-$STACK" in runs(job)
    assert 'authstack config --stack "$STACK" --outputs "outputs-$STACK.json" --out "$OUT_DIR" --check' in runs(job)


def _authstack_invocations(path: Path) -> list[list[str]]:
    found = []
    for job in load(path)["jobs"].values():
        for line in runs(job).splitlines():
            line = line.split("||", 1)[0].strip()
            if line.startswith("authstack "):
                found.append(shlex.split(line))
    return found


def test_authstack_commands_and_options_exist_in_the_cli():
    """Every `authstack <command> --option` the templates run is an option of that command in the real CLI."""
    import typer.main

    from authstack.cli.main import app

    group = typer.main.get_command(app)
    invocations = [argv for path in TEMPLATES for argv in _authstack_invocations(path)]
    assert {argv[1] for argv in invocations} == {"validate", "plan", "config", "policy-config"}
    for argv in invocations:
        command = group.commands[argv[1]]
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        used = {a for a in argv[2:] if a.startswith("--")}
        assert used <= known, (argv, used - known)


def test_the_pack_locator_finds_the_policy_pack():
    step = next(s for s in steps(deploy_job()) if s.get("id") == "pack")
    snippet = re.search(r"python -c '([^']+)'", step["run"]).group(1)
    located = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, cwd=REPO, timeout=60)
    pack = Path(located.stdout.strip())
    assert located.returncode == 0 and (pack / "PulumiPolicy.yaml").is_file() and (pack / "__main__.py").is_file()
    assert yaml.safe_load((pack / "PulumiPolicy.yaml").read_text())["runtime"] == "python"
