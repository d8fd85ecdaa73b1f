"""`authstack config` in an app repository: no Pulumi.yaml, no stack file, only the outputs artifact of the infra
pipeline. The stack's client-file settings travel in `clientConfig.clientFiles`, so the app repository writes the same
bytes as the infra repository from the same outputs; `--check` is the app's CI drift check against that artifact."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from authstack.spec.client_files import LOCAL_ONLY, TRAVELLING, ClientFiles
from config_helpers import REPO, listing, run_cli, stack_outputs


def _artifact(tmp_path: Path, stack: str, mutate=None) -> Path:
    """What the infra pipeline uploads: `pulumi stack output --json --stack STACK` (here from the real program)."""
    doc = stack_outputs(stack)
    if mutate:
        mutate(doc["clientConfig"])
    path = tmp_path / f"outputs-{stack}.json"
    path.write_text(json.dumps(doc, indent=2))
    return path


def _app(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text("{}\n")  # an app, not a Pulumi project
    return app


def _one_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_every_client_file_setting_but_the_local_ones_travels() -> None:
    assert set(TRAVELLING) == {f.alias for n, f in ClientFiles.model_fields.items() if n not in LOCAL_ONLY}
    assert {"envPrefix", "formats", "outputsVersion"} <= set(TRAVELLING)
    assert not {"outDir", "webClient", "mobileClient"} & set(TRAVELLING)


@pytest.mark.parametrize("stack", ["dev", "prod", "federation"])
def test_outputs_carry_what_the_stack_file_sets(stack: str) -> None:
    section = yaml.safe_load((REPO / f"Pulumi.{stack}.yaml").read_text())["config"].get("authstack:client", {})
    carried = stack_outputs(stack)["clientConfig"]["clientFiles"]
    assert sorted(carried) == sorted(TRAVELLING)
    assert {k: v for k, v in carried.items() if v is not None} == {k: v for k, v in section.items() if k in TRAVELLING}


@pytest.mark.parametrize("stack", ["prod", "federation"])
def test_app_repository_writes_the_infra_repositorys_bytes(tmp_path: Path, stack: str) -> None:
    """prod sets envPrefix NEXT_PUBLIC_ and federation a formats list: an app without the stack file gets both."""
    outputs = _artifact(tmp_path, stack)
    app = _app(tmp_path)
    in_app = run_cli("--stack", stack, "--outputs", str(outputs), "--out", "src", cwd=app)
    assert in_app.returncode == 0, in_app.stderr
    in_infra = run_cli("--stack", stack, "--outputs", str(outputs), "--out", str(tmp_path / "infra"), cwd=REPO)
    assert in_infra.returncode == 0, in_infra.stderr
    assert listing(app / "src") == listing(tmp_path / "infra")
    assert sorted(p.name for p in app.iterdir()) == ["package.json", "src"]  # nothing else written
    if stack == "prod":
        assert b'NEXT_PUBLIC_USER_POOL_ID="' in (app / "src" / ".env").read_bytes()
    else:
        from authstack.cli.config.formats import FORMATS

        chosen = yaml.safe_load((REPO / "Pulumi.federation.yaml").read_text())["config"]["authstack:client"]["formats"]
        assert set(listing(app / "src")) == {f for name in chosen for f in FORMATS[name].files}


def test_flags_override_the_carried_settings(tmp_path: Path) -> None:
    outputs = _artifact(tmp_path, "prod")
    app = _app(tmp_path)
    proc = run_cli("--stack", "prod", "--outputs", str(outputs), "--out", "src", "--env-prefix", "VITE_",
                   "--format", "env", cwd=app)
    assert proc.returncode == 0, proc.stderr
    assert set(listing(app / "src")) == {".env"}
    assert b"VITE_USER_POOL_ID=" in (app / "src" / ".env").read_bytes()


def test_check_in_the_apps_ci_against_the_outputs_artifact(tmp_path: Path) -> None:
    """The app commits its generated files; its CI downloads the infra pipeline's outputs and runs --check."""
    outputs = _artifact(tmp_path, "prod")
    app = _app(tmp_path)
    assert run_cli("--stack", "prod", "--outputs", str(outputs), "--out", "src", cwd=app).returncode == 0
    clean = run_cli("--stack", "prod", "--outputs", str(outputs), "--out", "src", "--check", cwd=app)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # The infra pipeline redeployed with a new client (a new ID): the committed files are now stale.
    moved = _artifact(tmp_path, "prod", lambda cc: cc["clients"]["web"].update(id="newclientid0000000000000000"))
    before = listing(app / "src")
    drift = run_cli("--stack", "prod", "--outputs", str(moved), "--out", "src", "--check", cwd=app)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert "+NEXT_PUBLIC_USER_POOL_CLIENT_ID=\"newclientid0000000000000000\"" in drift.stdout
    assert listing(app / "src") == before, "--check wrote files"
    # A changed travelling setting is drift too: the infra repository switched the prefix.
    prefix = _artifact(tmp_path, "prod", lambda cc: cc["clientFiles"].update(envPrefix="VITE_"))
    assert run_cli("--stack", "prod", "--outputs", str(prefix), "--out", "src", "--check", cwd=app).returncode == 1


def test_the_outputs_of_another_stack_are_still_refused(tmp_path: Path) -> None:
    outputs = _artifact(tmp_path, "prod")
    line = _one_line(run_cli("--stack", "dev", "--outputs", str(outputs), "--out", "src", cwd=_app(tmp_path)))
    assert "clientConfig.stack: outputs of stack 'prod', but --stack is 'dev'" in line


@pytest.mark.parametrize("mutate,where", [
    (lambda cf: cf.update(envPrefix="vite_"), "clientConfig.clientFiles.envPrefix: must be upper-case letters"),
    (lambda cf: cf.update(formats=["aws-exports", "yaml"]), "clientConfig.clientFiles.formats.1: must be one of"),
    (lambda cf: cf.update(outputsVersion="2.0"), "clientConfig.clientFiles.outputsVersion: must be one of"),
    (lambda cf: cf.update(colourScheme="dark"), "clientConfig.clientFiles.colourScheme: not a setting this authstack knows"),
])
def test_bad_carried_settings_are_one_line_and_write_nothing(tmp_path: Path, mutate, where: str) -> None:
    outputs = _artifact(tmp_path, "prod", lambda cc: mutate(cc["clientFiles"]))
    app = _app(tmp_path)
    line = _one_line(run_cli("--stack", "prod", "--outputs", str(outputs), "--out", "src", cwd=app))
    assert f"{outputs}: {where}" in line
    assert not (app / "src").exists()


def test_outputs_without_client_files_use_the_defaults(tmp_path: Path) -> None:
    """Outputs of an older authstack (contract version 1 without clientFiles) still work."""
    outputs = _artifact(tmp_path, "prod", lambda cc: cc.pop("clientFiles"))
    app = _app(tmp_path)
    assert run_cli("--stack", "prod", "--outputs", str(outputs), "--out", "src", cwd=app).returncode == 0
    assert b'VITE_USER_POOL_ID="' in (app / "src" / ".env").read_bytes()


@pytest.mark.parametrize("source", [["--offline"], ["--from-stack"]])
def test_sources_that_run_the_program_still_need_the_project(tmp_path: Path, source: list[str]) -> None:
    line = _one_line(run_cli("--stack", "prod", *source, cwd=_app(tmp_path)))
    assert "Pulumi.yaml: not found" in line


def test_a_given_project_dir_must_hold_the_project(tmp_path: Path) -> None:
    """--project-dir says "this is the Pulumi project": without Pulumi.yaml there it is a mistake, not an app."""
    outputs = _artifact(tmp_path, "prod")
    app = _app(tmp_path)
    line = _one_line(run_cli("--stack", "prod", "--outputs", str(outputs), "--project-dir", str(app), cwd=app))
    assert line == f"Pulumi.yaml: not found in {app}; --project-dir must be the folder of the Pulumi project"
