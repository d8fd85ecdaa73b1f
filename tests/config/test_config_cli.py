"""`authstack config` as a process: writes, --check, --json, settings, sources, bad input, import hygiene."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from config_helpers import (EXAMPLE_STACKS, FIXTURES, REPO, SCENARIOS, client_config, listing, load_fixture, project, render,
                            run_cli)

#: What a stack with a user pool gets by default: every format aws-amplify v6 (the default runtime) or no JS runtime reads.
ALL_FILES = {"aws-exports.js", "amplifyconfiguration.json", "mobile/amplifyconfiguration.json", "amplifyconfiguration.dart",
             "amplify_outputs.json", ".env", "authstack-auth-v6.js", "authstack-auth-v6.d.ts"}
#: The aws-amplify v5 bootstrap, written when authstack:client.runtimes lists v5.
V5_BOOTSTRAP = {"authstack-auth.js", "authstack-auth.d.ts"}


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one error line, got:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    assert not lines[0].startswith("authstack"), "the line starts with the file (or flag) at fault"
    return lines[0]


# ------------------------------------------------------------------------------------------ writing
def test_writes_every_format_and_reports_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out), "--json",
                   "--project-dir", project(tmp_path))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert {f["path"] for f in summary["files"]} == ALL_FILES
    assert {f["status"] for f in summary["files"]} == {"created"}
    assert set(listing(out)) == ALL_FILES
    assert listing(out) == {k: v.encode() for k, v in render("social", runtimes=("v6",)).items()}
    # A second run changes nothing and says so; files keep their timestamps.
    mtimes = {p: (out / p).stat().st_mtime_ns for p in ALL_FILES}
    again = json.loads(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out),
                               "--json", "--project-dir", project(tmp_path)).stdout)
    assert {f["status"] for f in again["files"]} == {"unchanged"}
    assert mtimes == {p: (out / p).stat().st_mtime_ns for p in ALL_FILES}


def test_table_output_for_people(tmp_path: Path) -> None:
    proc = run_cli("--stack", "guest", "--outputs", str(FIXTURES / "guest.json"), "--out", str(tmp_path / "o"),
                   "--format", "aws-exports", "--project-dir", project(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "aws-exports.js" in proc.stdout and "created" in proc.stdout
    assert set(listing(tmp_path / "o")) == {"aws-exports.js"}


def test_updated_file_is_reported_and_replaced(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "aws-exports.js").write_text("stale")
    os.chmod(out / "aws-exports.js", 0o640)
    proc = run_cli("--stack", "mfa", "--outputs", str(FIXTURES / "mfa.json"), "--out", str(out), "--format", "aws-exports",
                   "--json", "--project-dir", project(tmp_path))
    assert json.loads(proc.stdout)["files"] == [{"path": "aws-exports.js", "format": "aws-exports", "status": "updated"}]
    assert (out / "aws-exports.js").read_text() == render("mfa")["aws-exports.js"]
    assert stat.S_IMODE((out / "aws-exports.js").stat().st_mode) == 0o640  # the existing mode is kept
    assert [p.name for p in out.iterdir()] == ["aws-exports.js"]  # no temporary file left behind


def test_deterministic_across_processes_and_input_key_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run_cli("--stack", "multi", "--outputs", str(FIXTURES / "multi.json"), "--out", str(out),
                       "--project-dir", project(tmp_path)).returncode == 0
    assert listing(a) == listing(b)

    def reverse_keys(value):
        if isinstance(value, dict):
            return {k: reverse_keys(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reverse_keys(v) for v in value]
        return value

    for name in SCENARIOS:
        assert render(name, cc=reverse_keys(client_config(name))) == render(name)


# ------------------------------------------------------------------------------------------- --check
def test_check_matches_then_detects_drift_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "o"
    args = ["--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out), "--project-dir", project(tmp_path)]
    missing = run_cli(*args, "--check")
    assert missing.returncode == 1 and "+++ b/aws-exports.js" in missing.stdout
    assert listing(out) == {}, "--check wrote files"
    assert run_cli(*args).returncode == 0
    clean = run_cli(*args, "--check", "--json")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert json.loads(clean.stdout)["drift"] is False

    text = (out / "aws-exports.js").read_text()
    (out / "aws-exports.js").write_text(text.replace('"responseType": "code"', '"responseType": "token"'))
    (out / ".env").unlink()
    before = listing(out)
    drift = run_cli(*args, "--check")
    assert drift.returncode == 1
    assert '-        "responseType": "token"' in drift.stdout
    assert '+        "responseType": "code"' in drift.stdout
    assert "--- a/aws-exports.js" in drift.stdout and "+++ b/.env" in drift.stdout
    assert "differ" in drift.stderr
    assert listing(out) == before, "--check changed files"


def test_check_compares_bytes_so_crlf_line_ends_are_drift(tmp_path: Path) -> None:
    out = tmp_path / "o"
    args = ["--stack", "guest", "--outputs", str(FIXTURES / "guest.json"), "--out", str(out), "--project-dir",
            project(tmp_path), "--format", "aws-exports", "--format", "env", "--json"]
    assert run_cli(*args).returncode == 0
    exports = out / "aws-exports.js"
    lf = exports.read_bytes()
    assert b"\r" not in lf
    exports.write_bytes(lf.replace(b"\n", b"\r\n"))   # what an editor or git autocrlf does
    drift = run_cli(*args, "--check")
    assert drift.returncode == 1, drift.stdout + drift.stderr
    summary, end = json.JSONDecoder().raw_decode(drift.stdout)  # the summary, then the diff
    assert {f["path"]: f["status"] for f in summary["files"]} == {"aws-exports.js": "differs", ".env": "matches"}
    diff = drift.stdout[end:]
    # Every line differs only by its CR (run_cli reads stdout as text, so the CR itself is not visible here).
    assert "--- a/aws-exports.js" in diff and ".env" not in diff
    assert "-export default awsmobile;\n" in diff and "+export default awsmobile;\n" in diff
    assert exports.read_bytes() == lf.replace(b"\n", b"\r\n"), "--check changed the file"
    # A normal run rewrites it (it is not "unchanged"), after which --check is clean.
    fixed = json.loads(run_cli(*args).stdout)
    assert {f["path"]: f["status"] for f in fixed["files"]} == {"aws-exports.js": "updated", ".env": "unchanged"}
    assert exports.read_bytes() == lf
    assert run_cli(*args, "--check").returncode == 0


# --------------------------------------------------------------------------------------- bad input
def _bad_outputs(tmp_path: Path, mutate) -> Path:
    doc = load_fixture("multi")
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    return path


BAD_DOCS = {
    "other-project": (lambda d: d["clientConfig"].update(project="billing"), "clientConfig.project"),
    "other-stack": (lambda d: d["clientConfig"].update(stack="prod"), "clientConfig.stack"),
    "missing-key": (lambda d: d["clientConfig"]["userPool"]["mfa"].pop("configuration"), "clientConfig.userPool.mfa.configuration"),
    "no-clientConfig": (lambda d: d.pop("clientConfig"), "clientConfig"),
    "wrong-type": (lambda d: d["clientConfig"]["clients"]["web"].update(hasSecret="no"), "clientConfig.clients.web.hasSecret"),
    "bad-enum": (lambda d: d["clientConfig"]["clients"]["web"]["oauth"]["flows"].append("password"), "clientConfig.clients.web.oauth.flows[2]"),
    "dangling-client": (lambda d: d["clientConfig"].update(mobileClient="tv"), "clientConfig.mobileClient"),
    "web-client-secret": (lambda d: d["clientConfig"].update(webClient="admin"), "clientConfig.clients.admin.hasSecret"),
    "mobile-client-secret": (lambda d: d["clientConfig"].update(mobileClient="admin"), "clientConfig.clients.admin.hasSecret"),
    "future-contract": (lambda d: d["clientConfig"].update(schemaVersion=2), "clientConfig.schemaVersion"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCS))
def test_bad_outputs_documents(tmp_path: Path, case: str) -> None:
    mutate, key_path = BAD_DOCS[case]
    path = _bad_outputs(tmp_path, mutate)
    out = tmp_path / "o"
    out.mkdir()
    (out / "aws-exports.js").write_text("// the app's current file\n")
    before = listing(out)
    line = _one_line_error(run_cli("--stack", "multi", "--outputs", str(path), "--out", str(out), "--project-dir", project(tmp_path)))
    assert str(path) in line and f"{key_path}:" in line
    assert listing(out) == before, "a failed run changed the output directory"


def test_outputs_must_be_of_the_project_named_in_pulumi_yaml(tmp_path: Path) -> None:
    """Teams copy authstack under their own Pulumi project name: the check follows Pulumi.yaml, not a fixed name."""
    acme = project(tmp_path / "acme", name="acme-auth")
    out = tmp_path / "o"
    # The fixture is an output of project 'authstack': refused by a project named 'acme-auth', naming both.
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out),
                                   "--project-dir", acme))
    assert f"{FIXTURES / 'social.json'}: clientConfig.project: outputs of Pulumi project 'authstack'" in line
    assert "'acme-auth'" in line and "Pulumi.yaml" in line
    assert not out.exists()
    # The same outputs, produced by the acme-auth project, are accepted.
    doc = load_fixture("social")
    doc["clientConfig"]["project"] = "acme-auth"
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(doc))
    proc = run_cli("--stack", "social", "--outputs", str(path), "--out", str(out), "--project-dir", acme, "--json")
    assert proc.returncode == 0, proc.stderr
    assert listing(out) == {k: v.encode() for k, v in render("social", cc=doc["clientConfig"], runtimes=("v6",)).items()}


def test_project_dir_without_pulumi_yaml(tmp_path: Path) -> None:
    out = tmp_path / "o"
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out),
                                   "--project-dir", str(tmp_path)))
    assert line.startswith(f"Pulumi.yaml: not found in {tmp_path};") and "--project-dir" in line
    assert not out.exists()
    (tmp_path / "Pulumi.yaml").write_text("runtime: python\n")
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out),
                                   "--project-dir", str(tmp_path)))
    assert "Pulumi.yaml: name: the project needs a name" in line


def test_error_in_a_late_format_writes_nothing(tmp_path: Path) -> None:
    # aws-exports renders fine; the mobile file fails (its client has a secret) → neither is written.
    path = _bad_outputs(tmp_path, lambda d: d["clientConfig"].update(mobileClient="admin"))
    out = tmp_path / "o"
    line = _one_line_error(run_cli("--stack", "multi", "--outputs", str(path), "--out", str(out),
                                   "--format", "aws-exports", "--format", "amplifyconfiguration-mobile",
                                   "--project-dir", project(tmp_path)))
    assert "has a secret" in line
    assert not out.exists()


@pytest.mark.parametrize("case", ["missing", "directory", "not-json", "not-utf8", "empty"])
def test_unreadable_outputs_files(tmp_path: Path, case: str) -> None:
    path = tmp_path / "outputs.json"
    if case == "directory":
        path.mkdir()
    elif case == "not-json":
        path.write_text("{'clientConfig': nope}")
    elif case == "not-utf8":
        path.write_bytes(b"\xff\xfe\x00garbage")
    elif case == "empty":
        path.write_text("")
    out = tmp_path / "o"
    line = _one_line_error(run_cli("--stack", "dev", "--outputs", str(path), "--out", str(out), "--project-dir", project(tmp_path)))
    assert str(path) in line
    assert not out.exists()


@pytest.mark.parametrize("args,needle", [
    (["--format", "swift"], "--format: must be one of 'aws-exports', "),
    (["--format", "env", "--format", "swift"], "(got 'swift')"),
    (["--outputs-version", "1.6"], "--outputs-version: must be one of '1.3', '1.4' or '1.5'"),
    (["--env-prefix", "vite"], "--env-prefix: must be upper-case letters"),
    (["--env-prefix", "VITE"], "ending in '_'"),
])
def test_bad_flags(tmp_path: Path, args: list[str], needle: str) -> None:
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out",
                                   str(tmp_path / "o"), "--project-dir", project(tmp_path), *args))
    assert needle in line
    assert not (tmp_path / "o").exists()


def test_unwritable_output_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the output directory should be")
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(blocker),
                                   "--project-dir", project(tmp_path)))
    assert str(blocker) in line
    assert blocker.read_text() == "a file where the output directory should be"
    # A file standing where a sub-directory must go (mobile/) stops the run before any file is written.
    out = tmp_path / "o"
    out.mkdir()
    (out / "mobile").write_text("x")
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--out", str(out),
                                   "--project-dir", project(tmp_path)))
    assert "mobile" in line
    assert listing(out) == {"mobile": b"x"}


@pytest.mark.parametrize("args", [[], ["--outputs", "x.json", "--offline"]])
def test_exactly_one_source(tmp_path: Path, args: list[str]) -> None:
    line = _one_line_error(run_cli("--stack", "social", "--project-dir", project(tmp_path), *args))
    assert "--outputs FILE, --from-stack or --offline" in line


def test_json_error_for_scripts(tmp_path: Path) -> None:
    proc = run_cli("--stack", "social", "--outputs", str(tmp_path / "nope.json"), "--json", "--project-dir", project(tmp_path))
    assert proc.returncode == 2
    failure = json.loads(proc.stdout)
    assert failure["ok"] is False and list(failure) == ["ok", "problems"]
    assert [set(p) for p in failure["problems"]] == [{"file", "path", "message"}]
    assert failure["problems"][0]["file"].endswith("nope.json")


# ---------------------------------------------------------------------------------------- settings
def _stack_file(project_dir: Path, stack: str, body: str, project_config: str = "") -> str:
    (project_dir / f"Pulumi.{stack}.yaml").write_text(textwrap.dedent(body))
    return project(project_dir, config=project_config)


@pytest.mark.parametrize("runtimes, expected", [
    ("[v6]", ALL_FILES),
    ("[v5]", (ALL_FILES - {"amplify_outputs.json", "authstack-auth-v6.js", "authstack-auth-v6.d.ts"}) | V5_BOOTSTRAP),
    ("[v5, v6]", ALL_FILES | V5_BOOTSTRAP),
])
def test_runtimes_choose_the_default_formats(tmp_path: Path, runtimes: str, expected: set) -> None:
    """authstack:client.runtimes: v6 (the default) writes amplify_outputs.json and the v6 bootstrap, v5 the v5 one."""
    _stack_file(tmp_path, "social", f"""
        config:
          authstack:client:
            runtimes: {runtimes}
        """)
    out = tmp_path / "o"
    proc = run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", str(tmp_path),
                   "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert set(listing(out)) == expected


def test_a_bootstrap_of_a_runtime_not_listed_is_refused(tmp_path: Path) -> None:
    _stack_file(tmp_path, "social", """
        config:
          authstack:client:
            runtimes: [v6]
            formats: [aws-exports, bootstrap]
        """)
    proc = run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", str(tmp_path),
                   "--out", str(tmp_path / "o"))
    line = _one_line_error(proc)
    assert "Pulumi.social.yaml: authstack:client" in line and "'bootstrap' is the aws-amplify v5 bootstrap" in line
    assert not (tmp_path / "o").exists()


def test_settings_from_stack_file_and_flags_override(tmp_path: Path) -> None:
    _stack_file(tmp_path, "mfa", """
        config:
          aws:region: ap-southeast-2
          authstack:client:
            webClient: web
            runtimes: [v5, v6]
            formats: [env, bootstrap, amplify-outputs]
            outDir: web/src
            envPrefix: REACT_APP_
            clientMetadata: {app: web}
            authenticationFlowType: CUSTOM_AUTH
            outputsVersion: 1.3
        """)
    proc = run_cli("--stack", "mfa", "--outputs", str(FIXTURES / "mfa.json"), "--project-dir", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "web" / "src"
    assert set(listing(out)) == {".env", "authstack-auth.js", "authstack-auth.d.ts", "amplify_outputs.json"}
    assert 'REACT_APP_AUTHENTICATION_FLOW_TYPE="CUSTOM_AUTH"' in (out / ".env").read_text()
    assert '"app": "web"' in (out / "authstack-auth.js").read_text()
    assert json.loads((out / "amplify_outputs.json").read_text())["version"] == "1.3"  # YAML's 1.3 is a number

    flags = run_cli("--stack", "mfa", "--outputs", str(FIXTURES / "mfa.json"), "--project-dir", str(tmp_path),
                    "--out", str(tmp_path / "x"), "--format", "env", "--env-prefix", "VITE_", "--json")
    assert flags.returncode == 0, flags.stderr
    assert set(listing(tmp_path / "x")) == {".env"}
    assert 'VITE_USER_POOL_ID="ap-southeast-2_Mf4OpT1on"' in (tmp_path / "x" / ".env").read_text()


_PROJECT_DEFAULT = """
authstack:client:
  value:
    formats: [env]
    envPrefix: NEXT_PUBLIC_
"""


def test_project_default_applies_and_a_stack_section_replaces_it_whole(tmp_path: Path) -> None:
    """Pulumi.yaml's `authstack:client` is the default; a stack file's `authstack:client` replaces it as a
    whole key (Pulumi never merges the two), so keys it leaves out take the built-in defaults."""
    def env_of(stack: str) -> dict[str, str]:
        out = tmp_path / f"out-{stack}"
        proc = run_cli("--stack", "mfa", "--outputs", str(FIXTURES / "mfa.json"), "--project-dir", str(tmp_path / stack),
                       "--out", str(out), "--json")
        assert proc.returncode == 0, proc.stderr
        files = listing(out)
        return {"files": sorted(files), "env": files.get(".env", b"").decode()}

    # No stack file at all, and a stack file without authstack:client: the project default.
    project(tmp_path / "nofile", config=_PROJECT_DEFAULT)
    (tmp_path / "plain").mkdir()
    _stack_file(tmp_path / "plain", "mfa", "config:\n  aws:region: ap-southeast-2\n", _PROJECT_DEFAULT)
    for case in ("nofile", "plain"):
        got = env_of(case)
        assert got["files"] == [".env"], case
        assert 'NEXT_PUBLIC_USER_POOL_ID="ap-southeast-2_Mf4OpT1on"' in got["env"], case
    # The stack's own section wins as a whole: its formats, and the built-in VITE_ prefix (not the project's).
    (tmp_path / "own").mkdir()
    _stack_file(tmp_path / "own", "mfa", "config:\n  authstack:client:\n    formats: [env, aws-exports]\n", _PROJECT_DEFAULT)
    got = env_of("own")
    assert got["files"] == [".env", "aws-exports.js"]
    assert 'VITE_USER_POOL_ID="ap-southeast-2_Mf4OpT1on"' in got["env"] and "NEXT_PUBLIC_" not in got["env"]
    # In a project named authstack, a project key without namespace is the same key (as Pulumi reads it).
    project(tmp_path / "bare", config="client:\n  value: {formats: [env], envPrefix: REACT_APP_}\n")
    assert 'REACT_APP_USER_POOL_ID="ap-southeast-2_Mf4OpT1on"' in env_of("bare")["env"]


@pytest.mark.parametrize("body,needle", [
    ("config:\n  authstack:client:\n    fromats: [env]\n", "Pulumi.social.yaml: authstack:client.fromats: unknown key; did you mean 'formats'?"),
    ("config:\n  authstack:client:\n    formats: [env, swift]\n", "Pulumi.social.yaml: authstack:client.formats[1]: must be one of"),
    ("config:\n  authstack:client:\n    formats: []\n", "Pulumi.social.yaml: authstack:client.formats: needs at least 1 item(s)"),
    ("config:\n  authstack:client:\n    clientMetadata: {tier: 3}\n", "Pulumi.social.yaml: authstack:client.clientMetadata.tier: must be a string"),
    ("config:\n  authstack:client:\n    authenticationFlowType: PASSWORDLESS\n", "Pulumi.social.yaml: authstack:client.authenticationFlowType: must be one of"),
    ("config:\n  authstack:client:\n    envPrefix: vite\n", "Pulumi.social.yaml: authstack:client.envPrefix: must be upper-case letters"),
    ("config:\n  authstack:client:\n    outDir: ''\n", "Pulumi.social.yaml: authstack:client.outDir: must be a directory path"),
    ("config:\n  authstack:client:\n", "Pulumi.social.yaml: authstack:client: must be a mapping"),
    ("config:\n  authstack:client: [\n", "Pulumi.social.yaml: not valid YAML at line"),
])
def test_bad_stack_file(tmp_path: Path, body: str, needle: str) -> None:
    _stack_file(tmp_path, "social", body)
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", str(tmp_path)))
    assert needle in line
    assert set(listing(tmp_path)) == {"Pulumi.yaml", "Pulumi.social.yaml"}, "a refused run wrote files"


def test_bad_project_default_names_pulumi_yaml(tmp_path: Path) -> None:
    project(tmp_path, config="authstack:client:\n  value: {envPrefix: next_public_}\n")
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", str(tmp_path)))
    assert "Pulumi.yaml: authstack:client.envPrefix: must be upper-case letters" in line
    # A stack file that sets its own section replaces the bad default, so the default is not read.
    (tmp_path / "Pulumi.social.yaml").write_text("config:\n  authstack:client: {formats: [env]}\n")
    proc = run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr


def test_flow_type_must_be_allowed_by_the_client(tmp_path: Path) -> None:
    _stack_file(tmp_path, "social", "config:\n  authstack:client:\n    authenticationFlowType: USER_PASSWORD_AUTH\n")
    line = _one_line_error(run_cli("--stack", "social", "--outputs", str(FIXTURES / "social.json"), "--project-dir", project(tmp_path)))
    assert "clientConfig.clients.web.authFlows" in line and "ALLOW_USER_PASSWORD_AUTH" in line


# ------------------------------------------------------------------------------------------ sources
def test_from_stack_without_pulumi_cli(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    line = _one_line_error(run_cli("--stack", "social", "--from-stack", "--project-dir", project(tmp_path),
                                   env={"PATH": str(empty_bin)}))
    assert "Pulumi CLI" in line


def test_from_stack_runs_pulumi_stack_output(tmp_path: Path) -> None:
    # A stand-in `pulumi` that records its arguments and working directory and prints saved outputs.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pulumi"
    fake.write_text(f"#!{sys.executable}\nimport os, sys\n"
                    f"open({str(tmp_path / 'argv.txt')!r}, 'w').write(' '.join(sys.argv[1:]) + '|' + os.getcwd())\n"
                    f"sys.stdout.write(open({str(FIXTURES / 'guest.json')!r}).read())\n")
    fake.chmod(0o755)
    project_dir = project(tmp_path / "project")
    proc = run_cli("--stack", "guest", "--from-stack", "--project-dir", project_dir, "--out", str(tmp_path / "o"),
                   "--format", "aws-exports", env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "argv.txt").read_text() == f"stack output --json --stack guest|{project_dir}"
    assert (tmp_path / "o" / "aws-exports.js").read_text() == render("guest")["aws-exports.js"]

    fake.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write('error: no stack named guest found\\n')\nsys.exit(255)\n")
    line = _one_line_error(run_cli("--stack", "guest", "--from-stack", "--project-dir", project_dir,
                                   env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}))
    assert "exited 255" in line and "no stack named guest found" in line


def test_offline_hook_calls_the_planner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's contract with infra.offline, independent of the real planner."""
    import types

    from authstack.cli.config import offline_outputs

    calls = []
    fake = types.ModuleType("authstack.infra.offline")
    fake.plan_outputs = lambda stack, project_dir: calls.append((stack, project_dir)) or load_fixture("guest")
    import authstack.infra

    monkeypatch.setitem(sys.modules, "authstack.infra.offline", fake)
    monkeypatch.setattr(authstack.infra, "offline", fake, raising=False)
    assert offline_outputs("guest", str(tmp_path)) == load_fixture("guest")
    assert calls == [("guest", tmp_path)]

    def boom(stack, project_dir):
        raise RuntimeError("Pulumi.guest.yaml: authstack:userPool: bad\nsecond line")

    fake.plan_outputs = boom
    from authstack.cli.config import ConfigError

    with pytest.raises(ConfigError, match="offline plan of stack 'guest' failed: Pulumi.guest.yaml: authstack:userPool: bad second line"):
        offline_outputs("guest", tmp_path)


def test_offline_with_the_real_planner(tmp_path: Path) -> None:
    assert {"dev", "prod", "federation"} <= set(EXAMPLE_STACKS)
    from authstack.cli.config.formats import FORMATS
    from authstack.cli.config.settings import load_settings

    for stack in EXAMPLE_STACKS:
        proc = run_cli("--stack", stack, "--offline", "--project-dir", str(REPO), "--out", str(tmp_path / stack), "--json")
        assert proc.returncode == 0, f"{stack}: {proc.stderr}"
        files = {f["path"] for f in json.loads(proc.stdout)["files"]}
        assert files and files <= ALL_FILES | V5_BOOTSTRAP
        assert set(listing(tmp_path / stack)) == files
        chosen = load_settings(REPO, stack).formats  # the stack file's authstack:client.formats, when it has one
        if chosen is not None:
            assert files == {path for name in chosen for path in FORMATS[name].files}, stack


def test_federation_example_is_identity_pool_only(tmp_path: Path) -> None:
    """Pulumi.federation.yaml: no user pool, so its formats are the ones such a stack can be written as, and asking
    for amplify_outputs.json (whose schema requires a user pool) is one clear error."""
    out = tmp_path / "o"
    proc = run_cli("--stack", "federation", "--offline", "--project-dir", str(REPO), "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    assert set(listing(out)) == {"aws-exports.js", "amplifyconfiguration.json", ".env", "authstack-auth.js", "authstack-auth.d.ts",
                                 "authstack-auth-v6.js", "authstack-auth-v6.d.ts"}
    exports = (out / "aws-exports.js").read_text()
    assert "aws_user_pools_id" not in exports and '"federationTarget": "COGNITO_IDENTITY_POOLS"' in exports
    line = _one_line_error(run_cli("--stack", "federation", "--offline", "--project-dir", str(REPO),
                                   "--out", str(tmp_path / "x"), "--format", "amplify-outputs"))
    assert "clientConfig.userPool: the stack has no user pool" in line
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------------------------- import hygiene
_HYGIENE = textwrap.dedent("""
    import json, sys
    sys.argv = ["authstack"] + sys.argv[1:]
    {entry}
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pulumi", "pulumi_aws", "pulumi_policy"))
    sys.stderr.write(json.dumps({{"code": code, "heavy": heavy}}) + "\\n")
""")


@pytest.mark.parametrize("entry", ["real", "alone"])
def test_config_does_not_import_pulumi(tmp_path: Path, entry: str) -> None:
    if entry == "real":
        # The installed CLI with every registered command: `authstack config ...`.
        code = "from authstack.cli.main import app"
    else:
        code = ("import typer\nfrom authstack.cli.commands import config\napp = typer.Typer()\n"
                "app.callback()(lambda: None)\nconfig.register(app)")
    script = tmp_path / "hygiene.py"
    script.write_text(_HYGIENE.format(entry=code))
    proc = subprocess.run([sys.executable, str(script), "config", "--stack", "social", "--outputs",
                           str(FIXTURES / "social.json"), "--out", str(tmp_path / "o"), "--project-dir", project(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), proc.stdout + proc.stderr
    assert report["heavy"] == [], f"`authstack config --outputs` imported {report['heavy']}"
    assert set(listing(tmp_path / "o")) == ALL_FILES


def test_installed_console_script_help() -> None:
    # The project is installed editable (scripts/setup.sh: pip install -e .), which creates the script.
    exe = Path(sys.executable).with_name("authstack")
    assert exe.exists(), f"{exe}: the authstack console script is not installed (run scripts/setup.sh)"
    proc = subprocess.run([str(exe), "config", "--help"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    for option in ("--stack", "--outputs", "--from-stack", "--offline", "--out", "--format", "--outputs-version",
                   "--env-prefix", "--check", "--json", "--project-dir"):
        assert option in proc.stdout
