"""Every class of bad input of issue 11, through the public commands: the documented exit code, one line per problem
naming the file and key, no traceback, nothing written or changed in the workspace, and a time bound (a hang or an
alias bomb fails by timeout).

Each case names the class it stands for; the classes are what must hold, the cases are examples of them.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable

import pytest

from workspace import make, run, snapshot

Setup = Callable[[Path], None]
RES = "gen1/amplify/backend/auth/shopappa1b2c3d4/cli-inputs.json"
IMPORT = ["import-amplify", "gen1", "--env", "prod", "--stack", "imp"]
CONFIG = ["config", "--stack", "social", "--outputs", "social.json", "--out", "out"]


def stack(text: str, name: str = "t") -> Setup:
    return lambda ws: (ws / f"Pulumi.{name}.yaml").write_text(text)


def stack_bytes(data: bytes, name: str = "t") -> Setup:
    return lambda ws: (ws / f"Pulumi.{name}.yaml").write_bytes(data)


def write(rel: str, data: str | bytes) -> Setup:
    def setup(ws: Path) -> None:
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return setup


def both(*setups: Setup) -> Setup:
    return lambda ws: [s(ws) for s in setups] and None


def fifo(rel: str) -> Setup:
    def setup(ws: Path) -> None:
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(ws / rel)
    return setup


def symlink(rel: str, target: str) -> Setup:
    return lambda ws: os.symlink(target, ws / rel)


def mkdir(rel: str) -> Setup:
    return lambda ws: (ws / rel).mkdir(parents=True)


def project_default(key: str, value: str) -> Setup:
    def setup(ws: Path) -> None:
        text = (ws / "Pulumi.yaml").read_text()
        (ws / "Pulumi.yaml").write_text(text + f"  {key}: {value}\n")
    return setup


def bomb(levels: int = 9) -> str:
    lines = ['  authstack:tags: &a0 {k: "lol"}']
    for i in range(1, levels):
        refs = ", ".join(f"k{j}: *a{i - 1}" for j in range(9))
        lines.append(f"  x{i}: &a{i} {{{refs}}}")
    return "config:\n  aws:region: eu-west-1\n" + "\n".join(lines) + "\n"


def deep_yaml(levels: int) -> str:
    return "config:\n  aws:region: eu-west-1\n  authstack:tags: " + "[" * levels + "]" * levels + "\n"


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


LOCK = {"version": 1, "project": "authstack", "stack": "t", "resources": {}}


def lock(**change) -> str:
    return json.dumps({**LOCK, **change})


# (id, setup, args, exit code, the line that must be printed: a regex matched at the start of one stderr line)
CASES: list[tuple[str, Setup, list[str], int, str]] = [
    # 1. resource exhaustion: alias bombs, huge files, huge echoed values
    ("bomb-validate", stack(bomb()), ["validate"], 2, r"Pulumi\.t\.yaml: expands to more than \d+ values"),
    ("bomb-config", stack(bomb(), "social"), CONFIG, 2, r"Pulumi\.social\.yaml: expands to more than"),
    ("huge-stack-file", stack("config:\n  aws:region: eu-west-1\n#" + "x" * (5 << 20) + "\n"), ["validate", "-s", "t"],
     2, r"Pulumi\.t\.yaml: is larger than 4 MB"),
    ("huge-value-echoed-short", stack("config:\n  aws:region: eu-west-1\n  authstack:userPool:\n    mfa: {mode: "
                                      + "X" * 200_000 + "}\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:userPool\.mfa\.mode: must be one of .{0,200}… \(200000 characters\)\)$"),
    ("huge-outputs", write("social.json", " " * (5 << 20)), CONFIG, 2, r"social\.json: is larger than 4 MB"),
    # 2. encodings, binary, nesting, wrong inner types, special paths
    ("utf16-stack", stack_bytes("config:\n  aws:region: eu-west-1\n".encode("utf-16")),
     ["validate"], 2, r"Pulumi\.t\.yaml: is UTF-16 encoded"),
    ("latin1-stack", stack_bytes(b"config:\n  aws:region: eu-west-1\n  authstack:name: caf\xe9\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: is not UTF-8"),
    ("binary-project", write("Pulumi.yaml", b"\x7fELF\x02\x01\x01\x00\x00\x00"), ["validate"], 2,
     r"Pulumi\.yaml: is a binary file"),
    ("one-bad-file-of-many", both(stack_bytes(b"\xff\xfe\x00", "bad"), stack("config: {aws:region: eu-west-1}\n",
                                                                               "good")),
     ["validate"], 2, r"Pulumi\.bad\.yaml: is UTF-16 encoded"),
    ("utf16-outputs", write("social.json", '{"a": 1}'.encode("utf-16")), CONFIG, 2, r"social\.json: is UTF-16"),
    ("deep-yaml-stack", stack(deep_yaml(500)), ["validate"], 2, r"Pulumi\.t\.yaml: nested more than 64 levels"),
    ("deep-yaml-project", write("Pulumi.yaml", "name: authstack\nconfig:\n  authstack:tags: " + "{a: " * 500 + "1"
                                + "}" * 500 + "\n"), ["validate"], 2, r"Pulumi\.yaml: nested more than"),
    ("deep-json-outputs", write("social.json", deep_json(5000)), CONFIG, 2, r"social\.json: nested more than 64"),
    ("deep-json-lock", write("lock.json", deep_json(5000)), ["plan", "-s", "t", "--against", "lock.json"], 2,
     r"lock\.json: nested more than 64"),
    ("deep-json-gen1", write(RES, deep_json(5000)), IMPORT, 2, rf"{RES[5:]}: nested more than 64"),
    ("gen1-null-document", write(RES, "null"), IMPORT, 2, rf"{RES[5:]}: must be a JSON object \(got null\)"),
    ("bigint-outputs", write("social.json", "1" * 5000), CONFIG, 2, r"social\.json: a number has more than 4300"),
    ("lock-values-not-object", write("lock.json", lock(resources={"p": {"type": "t", "values": 5}})),
     ["plan", "-s", "t", "--against", "lock.json"], 2, r"lock\.json: resources\.p\.values: must be an object"),
    ("lock-schemas-wrong", write("lock.json", lock(resources={"p": {"type": "aws:cognito/userPool:UserPool",
                                                                    "values": {"schemas": [1]}}})),
     ["plan", "-s", "t", "--against", "lock.json"], 2, r"lock\.json: resources\.p\.values\.schemas: must be"),
    ("lock-version-true", write("lock.json", lock(version=True)), ["plan", "-s", "t", "--against", "lock.json"], 2,
     r"lock\.json: version: must be 1 \(got True\)"),
    ("lock-is-fifo", fifo("lock.json"), ["plan", "-s", "t", "--against", "lock.json"], 2,
     r"lock\.json: is a named pipe \(FIFO\), not a regular file"),
    ("outputs-is-dir", both(lambda ws: os.remove(ws / "social.json"), mkdir("social.json")), CONFIG, 2, r"social\.json: is a folder"),
    ("outputs-symlink-loop", both(lambda ws: os.remove(ws / "social.json"), symlink("social.json", "social.json")),
     CONFIG, 2, r"social\.json: is a symlink loop"),
    ("handler-symlink-loop", both(symlink("loop.py", "loop.py"), stack(
        "config:\n  aws:region: eu-west-1\n  authstack:triggers:\n    preSignUp: {handler: loop.py}\n")),
     ["validate"], 2, r"Pulumi\.t\.yaml: authstack:triggers\.preSignUp\.handler: 'loop\.py' is a symlink loop"),
    ("import-target-is-dir", mkdir("Pulumi.imp.yaml"), [*IMPORT, "--force"], 2,
     r"\S*Pulumi\.imp\.yaml: is a folder, not a regular file"),
    ("import-gen1-file-is-dir", both(lambda ws: os.remove(ws / RES), mkdir(RES)), IMPORT, 2,
     rf"{RES[5:]}: is a folder"),
    ("import-project-dir-is-file", write("pd", "x"), [*IMPORT, "--project-dir", "pd"], 2,
     r"--project-dir: 'pd' is a file, not a folder"),
    ("import-project-dir-missing", lambda ws: None, [*IMPORT, "--project-dir", "nope/deeper"], 2,
     r"--project-dir: 'nope/deeper' does not exist \(it is never created for you\)"),
    ("validate-project-dir-is-file", write("pd", "x"), ["validate", "--project-dir", "pd"], 2, r"--project-dir: "),
    ("config-project-dir-missing", lambda ws: None, [*CONFIG, "--project-dir", "nope"], 2,
     r"--project-dir: 'nope' does not exist"),
    # 3. writers: special targets are refused (and left as they are), a FIFO among the outputs does not hang
    ("plan-out-fifo", fifo("plan.json"), ["plan", "-s", "t", "--format", "json", "--out", "plan.json"], 2,
     r"plan\.json: is a named pipe \(FIFO\), not a regular file; refusing to replace it"),
    ("schema-out-fifo", fifo("s.json"), ["schema", "--out", "s.json"], 2, r"s\.json: is a named pipe"),
    ("schema-out-device", lambda ws: None, ["schema", "--out", "/dev/null"], 2, r"/dev/null: is a device"),
    ("policy-config-out-dir", mkdir("pc.json"), ["policy-config", "-s", "t", "--out", "pc.json"], 2,
     r"pc\.json: is a folder, not a regular file"),
    ("config-fifo-among-outputs", fifo("out/aws-exports.js"), CONFIG, 2, r"out/aws-exports\.js: is a named pipe"),
    ("config-check-fifo", fifo("out/aws-exports.js"), [*CONFIG, "--check"], 2, r"out/aws-exports\.js: is a named"),
    ("config-symlink-out-of-folder", both(mkdir("elsewhere"), mkdir("out"), symlink("out/mobile", "../elsewhere")),
     CONFIG, 2, r"out/mobile: is a symlink; authstack does not write through symlinks"),
    ("config-symlinked-file", both(mkdir("out"), write("victim.js", "mine"), symlink("out/aws-exports.js",
                                                                                     "../victim.js")),
     CONFIG, 2, r"out/aws-exports\.js: is a symlink"),
    ("config-out-is-file", write("out", "x"), CONFIG, 2, r"out: is a file, not a folder"),
    ("lock-target-is-dir", mkdir("authstack.t.lock.json"), ["plan", "-s", "t", "--write-lock"], 2,
     r"authstack\.t\.lock\.json: is a folder"),
    # 4. values AWS or Pulumi refuse
    ("duplicate-key", stack("config:\n  aws:region: eu-west-1\n  authstack:throwaway: true\n  authstack:throwaway: "
                            "false\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:throwaway: duplicate key \(first at line 3\)"),
    ("duplicate-nested-key", stack("config:\n  aws:region: eu-west-1\n  authstack:userPool:\n    mfa: {mode: OFF}\n"
                                   "    mfa: {mode: OFF}\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:userPool\.mfa: duplicate key"),
    ("unquoted-on", stack("config:\n  aws:region: eu-west-1\n  authstack:userPool:\n    mfa: {mode: ON, totp: true}\n"),
     ["validate"], 2, r"Pulumi\.t\.yaml: authstack:userPool\.mfa\.mode: unquoted ON is a boolean in YAML 1\.1 .* quote it"),
    ("unknown-region", stack("config:\n  aws:region: eu-west-9\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: aws:region: unknown AWS region 'eu-west-9'"),
    ("region-not-text", stack("config:\n  aws:region: [eu-west-1]\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: aws:region: must be an AWS region"),
    ("outputs-duplicate-free-config-dup", stack("config:\n  authstack:client: {envPrefix: A_}\n  authstack:client: {}\n",
                                                "social"), CONFIG, 2, r"Pulumi\.social\.yaml: authstack:client: duplicate"),
    ("name-with-slash", stack("config:\n  aws:region: eu-west-1\n  authstack:name: a/b\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:name: letters, digits, - and _ only"),
    ("name-300-chars", stack("config:\n  aws:region: eu-west-1\n  authstack:name: " + "n" * 300 + "\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:name: must be at most 56 characters \(got 300\)"),
    ("name-too-long-for-a-trigger-role", stack("config:\n  aws:region: eu-west-1\n  authstack:name: " + "n" * 40 +
                                               "\n  authstack:triggers:\n    defineAuthChallenge: {steps: "
                                               "[{use: email-otp-challenge}]}\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:name: the IAM role of triggers\.defineAuthChallenge would be named"),
    ("secure-empty", stack("config:\n  aws:region: eu-west-1\n  authstack:identityProviders:\n    google: {type: google, "
                           "clientId: x, clientSecret: {secure: \"\"}}\n"), ["validate"], 2,
     r"Pulumi\.t\.yaml: authstack:identityProviders\.google\.clientSecret: secure: is empty"),
    ("callback-without-scheme", stack("config:\n  aws:region: eu-west-1\n  authstack:domain: {prefix: myapp-t}\n"
                                      "  authstack:clients:\n    web: {oauth: {callbackUrls: ['localhost:3000/']}}\n"),
     ["validate"], 2, r"Pulumi\.t\.yaml: authstack:clients\.web\.oauth\.callbackUrls: 'localhost:3000/' is not an "
                      r"absolute URL: it needs a scheme"),
    ("scope-typo", stack("config:\n  aws:region: eu-west-1\n  authstack:domain: {prefix: myapp-t}\n  authstack:clients:\n"
                         "    web: {oauth: {scopes: [openid, emails], callbackUrls: ['https://a.example/']}}\n"),
     ["validate"], 2, r"Pulumi\.t\.yaml: authstack:clients\.web\.oauth\.scopes\[1\]: 'emails' is neither a Cognito scope"),
    ("true-as-contract-version", write("social.json", ((Path(__file__).parents[1] / "fixtures" / "outputs"
                                                                          / "social.json").read_text()).replace(
        '"schemaVersion": 1', '"schemaVersion": true')), CONFIG, 2,
     r"social\.json: clientConfig\.schemaVersion: this authstack reads contract version 1, got True"),
    ("true-as-outputs-version", stack("config:\n  aws:region: eu-west-1\n  authstack:client: {outputsVersion: true}\n"),
     ["validate"], 2, r"Pulumi\.t\.yaml: authstack:client\.outputsVersion: must be one of"),
    # 5. stack names, validated once the way Pulumi does; a missing stack lists those that exist
    ("stack-traversal", lambda ws: None, ["validate", "-s", "../x"], 2, r"--stack: '\.\./x' is not a valid stack name"),
    ("stack-space", lambda ws: None, ["plan", "-s", "a b"], 2, r"--stack: 'a b' is not a valid stack name"),
    ("stack-newline", lambda ws: None, ["policy-config", "-s", "a\nb"], 2, r"--stack: 'a\\nb' is not a valid stack"),
    ("stack-non-ascii", lambda ws: None, [*CONFIG[:1], "-s", "dév", *CONFIG[3:]], 2, r"--stack: 'dév' is not a valid"),
    ("stack-too-long", lambda ws: None, [*IMPORT[:4], "-s", "x" * 101], 2, r"--stack: 'x+… \(101 characters\) is not"),
    ("stack-qualified", lambda ws: None, ["validate", "-s", "acme/authstack/dev"], 2,
     r"--stack: .* give the stack's own name \('dev'\)"),
    ("stack-missing", lambda ws: None, ["plan", "-s", "prod"], 2,
     r"Pulumi\.prod\.yaml: no such stack file in \. \(stacks here: t\)"),
    # 6. blame: a bad project default is Pulumi.yaml's, whatever its type
    ("blame-object", project_default("authstack:userPool", "{value: {mfa: {mode: SOMETIMES}}}"), ["validate"], 2,
     r"Pulumi\.yaml: authstack:userPool\.mfa\.mode: must be one of"),
    ("blame-scalar", project_default("authstack:domain", "{value: 5}"), ["validate"], 2,
     r"Pulumi\.yaml: authstack:domain: "),
    ("blame-list", project_default("authstack:clients", "{value: [web]}"), ["validate"], 2,
     r"Pulumi\.yaml: authstack:clients: "),
    ("blame-plain", project_default("authstack:name", "5"), ["validate"], 2, r"Pulumi\.yaml: authstack:name: "),
    ("blame-region", both(write("Pulumi.nr.yaml", "config:\n  authstack:throwaway: true\n"), lambda ws: (
        ws / "Pulumi.yaml").write_text((ws / "Pulumi.yaml").read_text().replace("aws:region: eu-west-1",
                                                                               "aws:region: mars-1"))),
     ["validate", "-s", "nr"], 2,
     r"Pulumi\.yaml: aws:region: unknown AWS region"),
    ("blame-unknown-key", project_default("authstack:clents", "{value: {}}"), ["validate"], 2,
     r"Pulumi\.yaml: authstack:clents: unknown key; did you mean 'clients'\?"),
]


def _run_case(tmp: Path, setup: Setup, args: list[str]):
    ws = make(tmp)
    setup(ws)
    before = snapshot(ws)
    proc = run(args, ws)
    return proc, before, snapshot(ws)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every case runs in its own process and workspace; they run side by side to keep the suite short."""
    from concurrent.futures import ThreadPoolExecutor

    def one(case):
        name, setup, args, _, _ = case
        return name, _run_case(tmp_path_factory.mktemp(name), setup, args)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("name,setup,args,code,line", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_changes_nothing(outcomes, name, setup, args, code, line):
    proc, before, after = outcomes[name]
    assert proc.returncode == code, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.splitlines()
    assert lines, "a refusal says why"
    assert any(re.match(line, ln) for ln in lines), lines
    for ln in lines:  # every line is `file: [key path: ]message`, bounded, and names no internal error
        assert len(ln) <= 1200 and ": " in ln and "internal error" not in ln, ln
    assert after == before, "a refused run must leave the workspace as it was"


JSON_CASES = [c for c in CASES if c[2][0] in ("validate", "config", "import-amplify")][::4]


def test_json_failure_shape(tmp_path):
    """--json prints one shape for every command's failure: {"ok": false, "problems": [{file, path, message}]}."""
    from concurrent.futures import ThreadPoolExecutor

    def one(case):
        name, setup, args, code, _ = case
        return case, _run_case(tmp_path / name, setup, [*args, "--json"])[0]

    for tmp in JSON_CASES:
        (tmp_path / tmp[0]).mkdir()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for (name, _, _, code, _), proc in pool.map(one, JSON_CASES):
            assert proc.returncode == code, name
            failure = json.loads(proc.stdout)
            assert set(failure) == {"ok", "problems"} and failure["ok"] is False, name
            assert failure["problems"] and all(set(p) == {"file", "path", "message"} for p in failure["problems"])
            printed = [": ".join(x for x in (p["file"], p["path"], p["message"]) if x) for p in failure["problems"]]
            assert printed == proc.stderr.splitlines(), name


def test_fifo_target_is_left_a_fifo(tmp_path):
    ws = make(tmp_path)
    os.mkfifo(ws / "s.json")
    assert run(["schema", "--out", "s.json"], ws).returncode == 2
    assert os.path.exists(ws / "s.json") and not (ws / "s.json").is_file()


def test_a_crash_is_one_line_exit_3_not_a_traceback(tmp_path):
    """A bug (here: the loader made to raise) is reported as an internal error, exit 3, never exit 1 (which `plan` and
    `config --check` use for a finding or drift) and never a traceback; AUTHSTACK_DEBUG=1 shows the traceback."""
    import subprocess
    import sys

    ws = make(tmp_path)
    code = ("import authstack.spec.load as load\n"
            "def boom(*a, **k): raise KeyError('secret-value-must-not-show')\n"
            "load.load = boom\n"
            "from authstack.cli.main import main\nmain()\n")
    for args in (["validate"], ["validate", "--json"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ws, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3, proc.stderr
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("authstack: internal error (KeyError"), lines
        assert "AUTHSTACK_DEBUG=1" in lines[0] and "secret-value" not in proc.stderr + proc.stdout
        if "--json" in args:
            assert json.loads(proc.stdout)["ok"] is False
    debug = subprocess.run([sys.executable, "-c", code, "validate"], cwd=ws, capture_output=True, text=True,
                           timeout=60, env={**os.environ, "AUTHSTACK_DEBUG": "1"})
    assert "Traceback" in debug.stderr


def test_help_documents_the_exit_codes_and_shows_no_bool_metavar(tmp_path):
    proc = run(["--help"], tmp_path)
    assert proc.returncode == 0 and "Exit codes (every command): 0 ok; 1 a finding or drift only" in proc.stdout
    for command in ("plan", "config", "import-amplify", "validate", "policy-config", "schema"):
        text = run([command, "--help"], tmp_path).stdout
        assert "<bool>" not in text, command
        assert command == "schema" or "-s " in text, command
    assert run(["--version"], tmp_path).stdout.startswith("authstack ")
