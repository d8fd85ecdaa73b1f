"""What an import cannot copy (secrets, values the Gen 1 project does not hold) is written as REPLACE-ME. Every command
but the importer's own check refuses the stack until the user sets it: `authstack validate` exits 2 naming each key,
with the same `pulumi config set --secret --path` command the import printed. Once the printed lines are run (as the
Pulumi CLI would: ciphertext for secrets), the stack validates and plans, and no ciphertext reaches the plan."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from importer_helpers import (CASES, FIXTURES, ciphertext, complete, config_set, import_json, run_cli, set_unset_values,
                              write_ports)
from authstack.spec.load import load

SECRET_LINE = re.compile(
    r"Pulumi\.imported\.yaml: (authstack:\S+): secret not set yet; run: (pulumi config set --secret --path '\1') <value>")
PLAIN_LINE = re.compile(
    r"Pulumi\.imported\.yaml: (authstack:\S+): placeholder left by authstack import-amplify or init: set the real value")
UNSET_CASES = [c for c in CASES if c[0] in ("ui-federated", "shop-app")]


def _replace_me(value, path: str = "") -> tuple[list[str], list[str]]:
    """(secret paths, plain paths) of the REPLACE-ME values in a stack file's config, found independently of the
    importer's own bookkeeping."""
    secrets: list[str] = []
    plain: list[str] = []
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return ([path] if str(value["secure"]).startswith("REPLACE-ME") else []), []
        for k, v in value.items():
            s, p = _replace_me(v, f"{path}.{k}" if path else str(k))
            secrets += s
            plain += p
    elif isinstance(value, list):
        for i, v in enumerate(value):
            s, p = _replace_me(v, f"{path}[{i}]")
            secrets += s
            plain += p
    elif isinstance(value, str) and value.startswith("REPLACE-ME"):
        plain.append(path)
    return secrets, plain


def _stack(project: Path) -> dict:
    return yaml.safe_load((project / "Pulumi.imported.yaml").read_text(encoding="utf-8"))["config"]


def _validate(project: Path):
    return run_cli("validate", "--stack", "imported", "--project-dir", str(project))


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_validate_refuses_each_unset_key_with_the_printed_command(case, project):
    _, folder, env, extra = case
    summary = import_json(folder, env, project, *extra)
    write_ports(project, summary)  # trigger ports are a separate step: only the unset values may be reported here
    printed = {c["path"]: c["command"] for c in summary["secretCommands"]}
    plain = [p["path"] for p in summary["placeholders"]]
    # The summary lists exactly the REPLACE-ME values the file holds.
    in_file_secrets, in_file_plain = [], []
    for key, value in _stack(project).items():
        s, p = _replace_me(value, key)
        in_file_secrets += s
        in_file_plain += p
    assert sorted(in_file_secrets) == sorted(printed) and sorted(in_file_plain) == sorted(plain)
    before = _validate(project)
    if not printed and not plain:
        assert before.exit_code == 0, before.output
        return
    assert before.exit_code == 2, before.output
    lines = before.stderr.strip().splitlines()
    assert len(lines) == len(printed) + len(plain), lines  # one line per unset key, and nothing else wrong
    named_secrets, named_plain = {}, []
    for line in lines:
        if m := SECRET_LINE.fullmatch(line):
            named_secrets[m[1]] = m[2]
        else:
            m = PLAIN_LINE.fullmatch(line)
            assert m, line
            named_plain.append(m[1])
    assert set(named_secrets) == set(printed) and sorted(named_plain) == sorted(plain)
    for path, command in named_secrets.items():
        # The import printed validate's command, plus what to paste and which stack.
        assert re.fullmatch(re.escape(command) + r" '<[^'<>]+>' --stack imported", printed[path]), (command, printed[path])
    for p in summary["placeholders"]:
        assert p["command"] == f"pulumi config set --path '{p['path']}' '<value>' --stack imported"
    set_unset_values(project, summary)
    after = _validate(project)
    assert after.exit_code == 0, after.output


def test_secrets_set_but_values_missing_still_refused(project):
    """auth-with-federated (real) records no social client IDs: setting the secrets is not enough."""
    summary = import_json("amplify-ui-env/environments/auth/auth-with-federated", "dev", project, "--region", "us-east-1")
    for c in summary["secretCommands"]:
        config_set(project, c["command"], "")
    result = _validate(project)
    assert result.exit_code == 2
    named = sorted(PLAIN_LINE.fullmatch(line)[1] for line in result.stderr.strip().splitlines())
    assert named == [f"authstack:identityProviders.{k}.clientId" for k in ("amazon", "facebook", "google")]
    assert "secret not set yet" not in result.stderr


@pytest.mark.parametrize("case", UNSET_CASES, ids=[c[0] for c in UNSET_CASES])
def test_plan_and_offline_config_refuse_until_set(case, project, tmp_path_factory):
    _, folder, env, extra = case
    summary = import_json(folder, env, project, *extra)
    write_ports(project, summary)
    first = summary["secretCommands"][0]["path"]
    out = tmp_path_factory.mktemp("out")
    plan = run_cli("plan", "--stack", "imported", "--project-dir", str(project), "--format", "json")
    config = run_cli("config", "--stack", "imported", "--offline", "--out", str(out), "--format", "aws-exports",
                     "--project-dir", str(project))
    for result in (plan, config):
        assert result.exit_code == 2, result.output
        assert f"Pulumi.imported.yaml: {first}: secret not set yet; run: pulumi config set --secret" in result.stderr
        assert "Traceback" not in result.output
    assert not list(out.iterdir())  # nothing written
    set_unset_values(project, summary)
    plan = run_cli("plan", "--stack", "imported", "--project-dir", str(project), "--format", "json")
    assert plan.exit_code in (0, 1), plan.output  # 1: the announced guardrails (test_import_adoption.py)
    config = run_cli("config", "--stack", "imported", "--offline", "--out", str(out), "--format", "aws-exports",
                     "--project-dir", str(project))
    assert config.exit_code == 0, config.output
    # What the user set is ciphertext in the file, and neither it nor a placeholder reaches the plan or the config.
    doc = _stack(project)
    for c in summary["secretCommands"]:
        _, _, rest = c["path"].partition(".")
        node = doc[c["path"].split(".")[0]]
        for step in rest.split("."):
            node = node[step]
        assert node == {"secure": ciphertext(c["path"])} and node["secure"].startswith("v1:")
    generated = plan.stdout + (out / "aws-exports.js").read_text()
    assert "REPLACE-ME" not in generated
    assert not [c for c in summary["secretCommands"] if ciphertext(c["path"]) in generated]
    providers = load(project, "imported").spec.identity_providers
    for p in summary["placeholders"]:  # the value the user set is what the program gets (the plan shows it as secret)
        _, key, field = p["path"].split(".")
        assert getattr(providers[key], {"clientId": "client_id"}[field]) == f"test-{field}-set-after-import"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_runbook_sets_unset_values_before_plan(case, project):
    _, folder, env, extra = case
    summary = import_json(folder, env, project, *extra)
    steps = summary["runbook"]
    text = (project / "Pulumi.imported.yaml").read_text()
    unset = summary["secretCommands"] or summary["placeholders"]
    setting = [i for i, s in enumerate(steps) if s.startswith("Set what this import could not copy")]
    plan = next(i for i, s in enumerate(steps) if s.startswith("Run `authstack plan"))
    if not unset:
        assert setting == [] and "REPLACE-ME" not in text
        return
    (i,) = setting
    assert i < plan
    assert "`authstack validate --stack imported`" in steps[i] and "refuse it (exit 2)" in steps[i]
    for p in summary["placeholders"]:
        assert p["path"].removeprefix("authstack:") in steps[i]
    # The file says so too: it is not deployable as written.
    assert "# REPLACE-ME marks what the import could not copy" in text


def test_human_report_prints_both_kinds_of_commands(project):
    folder = "amplify-ui-env/environments/auth/auth-with-federated"
    result = run_cli("import-amplify", str(FIXTURES / folder), "--env", "dev", "--stack", "imported", "--project-dir",
                     str(project), "--region", "us-east-1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert ("pulumi config set --secret --path 'authstack:identityProviders.google.clientSecret' "
            "'<Google client secret>' --stack imported") in out
    assert "Values to fill in" in out
    assert "pulumi config set --path 'authstack:identityProviders.google.clientId' '<value>' --stack imported" in out
    summary = import_json(folder, "dev", project, "--region", "us-east-1", "--force")
    complete(project, summary)
    assert _validate(project).exit_code == 0
