"""Helpers and fixtures of the end-to-end suite: the emulator, the test stack created in it from its plan, the client files
written by `authstack config --outputs`, and app folders running the real aws-amplify@5 and @6 under Node."""
from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STACK_DIR = HERE / "stack"
STACK = "e2e"
NODE_DIR = REPO / "tests" / "node"
DRIVERS = HERE / "node"


def authstack(*args: str) -> subprocess.CompletedProcess:
    """The real CLI in a fresh process, as a user or CI runs it."""
    code = "import sys; from authstack.cli.main import app; sys.argv[0] = 'authstack'; app()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="session")
def node_bin() -> Path:
    """Node with tests/node's pinned packages (as tests/config's `node` fixture; fails, never skips, without Node
    unless AUTHSTACK_SKIP_NODE=1)."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("AUTHSTACK_SKIP_NODE") == "1":
            pytest.skip("AUTHSTACK_SKIP_NODE=1: the end-to-end (Node) tests are skipped")
        pytest.fail("node is not installed: the end-to-end tests need Node.js 20+ (or AUTHSTACK_SKIP_NODE=1)")
    marker = NODE_DIR / "node_modules" / ".package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < (NODE_DIR / "package-lock.json").stat().st_mtime:
        proc = subprocess.run([shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR,
                              capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            pytest.fail(f"npm ci in tests/node failed:\n{proc.stderr[-3000:]}")
    return Path(found)


@pytest.fixture(scope="session")
def emulator():
    """moto's server on 127.0.0.1 (a free port) with the recording proxy; stopped when the session ends."""
    pytest.importorskip("moto", reason="moto[server] is in the test extra: `bash scripts/setup.sh test` installs it")
    from e2e_emulator import Emulator

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    em = Emulator().start()
    yield em
    em.stop()


@dataclass
class Stack:
    plan: dict
    emulated: object
    outputs: dict
    cc: dict
    files: dict[str, str]
    seconds: dict[str, float]


@pytest.fixture(scope="session")
def stack(emulator, tmp_path_factory) -> Stack:
    """The test stack: planned (`authstack plan --format json`), created in the emulator, its outputs document
    written with the emulator's IDs, and its client files written by `authstack config --outputs`."""
    from e2e_emulator import create_from_plan, outputs_document

    work = tmp_path_factory.mktemp("stack")
    seconds = {}
    t = time.monotonic()
    proc = authstack("plan", "--stack", STACK, "--format", "json", "--project-dir", str(STACK_DIR), "--out", str(work / "plan.json"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    plan = json.loads((work / "plan.json").read_text())
    seconds["plan"] = time.monotonic() - t
    t = time.monotonic()
    emulated = create_from_plan(emulator, plan)
    outputs = outputs_document(plan, emulated)
    (work / "outputs.json").write_text(json.dumps(outputs, indent=2))
    seconds["emulate"] = time.monotonic() - t
    t = time.monotonic()
    out = work / "src"
    proc = authstack("config", "--stack", STACK, "--outputs", str(work / "outputs.json"), "--project-dir", str(STACK_DIR),
                     "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seconds["config"] = time.monotonic() - t
    files = {str(p.relative_to(out)): p.read_text() for p in out.rglob("*") if p.is_file()}
    return Stack(plan=plan, emulated=emulated, outputs=outputs, cc=outputs["clientConfig"], files=files, seconds=seconds)


def make_app(directory: Path, files: dict[str, str], runtime: str, driver: str) -> Path:
    """A folder shaped like an app of one runtime: the generated files, aws-amplify (v5 or v6), the AWS SDK v3
    packages (@aws-sdk: the v6 module's identity client, the app's STS client), and the driver."""
    (directory / "node_modules").mkdir(parents=True)
    (directory / "package.json").write_text('{"type": "module", "private": true}')
    os.symlink(NODE_DIR / "node_modules" / ("amplify5" if runtime == "v5" else "amplify6"), directory / "node_modules" / "aws-amplify")
    os.symlink(NODE_DIR / "node_modules" / "@aws-sdk", directory / "node_modules" / "@aws-sdk")
    for rel, text in files.items():
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        (directory / rel).write_text(text)
    for script in ("common.mjs", driver):
        shutil.copy(DRIVERS / script, directory / script)
    return directory


def run_driver(node_bin: Path, app: Path, driver: str, payload: dict) -> dict:
    path = app / f"input-{payload['phase']}.json"
    path.write_text(json.dumps(payload))
    proc = subprocess.run([str(node_bin), driver, str(path)], cwd=app, capture_output=True, text=True, timeout=180)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert lines, f"{driver} printed nothing (exit {proc.returncode}); stderr:\n{proc.stderr[-4000:]}"
    result = json.loads(lines[-1])
    result["stderr"] = proc.stderr[-4000:]
    return result


# --------------------------------------------------------------------------------------------- tokens
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rs256_jwt(claims: dict, key=None) -> tuple[str, object]:
    """An RS256-signed JWT (what Auth0 issues), signed here with a fresh RSA key; returns the token and the key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    header = {"alg": "RS256", "typ": "JWT", "kid": "e2e-test-key"}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}", key


def verify_rs256(token: str, public_key) -> dict:
    """The claims of a token after checking its RS256 signature (raises if it does not verify)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    head, body, sig = token.split(".")
    public_key.verify(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)), f"{head}.{body}".encode(),
                      padding.PKCS1v15(), hashes.SHA256())
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
