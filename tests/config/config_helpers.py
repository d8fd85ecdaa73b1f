"""Shared helpers of the `authstack config` tests."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "outputs"
SCHEMAS = REPO / "tests" / "fixtures" / "amplify-outputs-schema"
NODE_DIR = REPO / "tests" / "node"
GOLDEN = Path(__file__).resolve().parent / "golden"
ENTRY = Path(__file__).resolve().parent / "cli_entry.py"
SCENARIOS = ("social", "federation", "guest", "mfa", "multi")
#: The repository's example stacks (Pulumi.<stack>.yaml): each goes through the real program offline.
EXAMPLE_STACKS = tuple(sorted(p.name[len("Pulumi."):-len(".yaml")] for p in REPO.glob("Pulumi.*.yaml")))


#: The repository's Pulumi project name (``name:`` of Pulumi.yaml): the fixtures are outputs of this project.
PROJECT = yaml.safe_load((REPO / "Pulumi.yaml").read_text())["name"]


def project(directory: Path, name: str = PROJECT, config: str = "") -> str:
    """Makes ``directory`` a Pulumi project (a ``Pulumi.yaml`` named ``name``, with an optional ``config:``
    block) and returns it as a --project-dir argument. `authstack config` needs the project's name."""
    directory.mkdir(parents=True, exist_ok=True)
    text = f"name: {name}\nruntime: python\n"
    if config:
        text += "config:\n" + "".join(f"  {line}\n" for line in config.strip("\n").splitlines())
    (directory / "Pulumi.yaml").write_text(text)
    return str(directory)


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def client_config(name: str) -> dict:
    return copy.deepcopy(load_fixture(name)["clientConfig"])


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs `authstack config ARGS` in a fresh process (what a user or CI does)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("COLUMNS", "200")
    return subprocess.run([sys.executable, str(ENTRY), "config", *args], cwd=cwd or REPO, env=full_env,
                          capture_output=True, text=True, timeout=120)


def render(name: str, cc: dict | None = None, **settings) -> dict[str, str]:
    """Renders every applicable format of a scenario in-process; returns {relative path: text}."""
    from authstack.cli.config.render import render_all
    from authstack.cli.config.settings import ClientSettings

    settings.setdefault("runtimes", ("v5", "v6"))  # every format, both bootstraps
    files, _, _ = render_all(cc or client_config(name), f"{name}.json", ClientSettings(**settings), None)
    return files


@lru_cache(maxsize=None)
def _planned(stack: str, project_dir: str) -> str:
    from authstack.infra.offline import plan_outputs  # pulls in pulumi: only for the tests that use the real program

    return json.dumps(plan_outputs(stack, Path(project_dir)))


def stack_outputs(stack: str, project_dir: Path = REPO) -> dict:
    """What `pulumi stack output --json --stack STACK` would print, from the real program under Pulumi's
    mocks (`infra.offline.plan_outputs`, placeholder IDs). Planned once per stack per session; a fresh copy
    each call so a test cannot change another's expectations."""
    return json.loads(_planned(stack, str(project_dir)))


def render_stack(stack: str, outputs: dict | None = None, **overrides) -> dict[str, str]:
    """Renders every format an example stack can express from its offline outputs, with the stack's own
    `authstack:client` settings (env prefix, client metadata, flow type, outputs version) but every
    format (both runtimes) rather than only its `formats` list, so each file kind is proven for each stack.
    ``overrides`` replace settings fields (as flags do), e.g. ``outputs_version="1.3"``."""
    from dataclasses import replace

    from authstack.cli.config.contract import validate_outputs
    from authstack.cli.config.render import render_all
    from authstack.cli.config.settings import load_settings

    source = f"offline plan of stack {stack}"
    cc = validate_outputs(outputs or stack_outputs(stack), source, stack, project=PROJECT)
    settings = replace(load_settings(REPO, stack), formats=None, runtimes=("v5", "v6"), **overrides)
    files, _, _ = render_all(cc, source, settings, None)
    return files


def readme_setup(module: str) -> str:
    """The README's set-up example for one bootstrap module (``./authstack-auth.js`` or ``./authstack-auth-v6.js``):
    its imports and the `configureAuth({...});` call, as written (the lines after it use the app's own tokens
    and are run against the emulator in tests/e2e)."""
    import re

    section = (REPO / "README.md").read_text().split("## `authstack config`", 1)[1].split("\n## ", 1)[0]
    block = next(b for b in re.findall(r"```js\n(.*?)```", section, re.S) if f'from "{module}"' in b)
    lines = block.splitlines()
    end = next(i for i, line in enumerate(lines) if line == "});")
    return "\n".join(lines[: end + 1]) + "\n"


def write_outputs(path: Path, cc: dict, **extra) -> Path:
    doc = {"clientConfig": cc, **extra}
    path.write_text(json.dumps(doc, indent=2))
    return path


def listing(directory: Path) -> dict[str, bytes]:
    """Every file under a directory with its bytes (to prove nothing was written or changed)."""
    if not directory.exists():
        return {}
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------------------- node
@pytest.fixture(scope="session")
def node() -> Path:
    """The node binary, with tests/node's pinned packages installed (`npm ci` when node_modules is missing).

    Without node the real-consumer tests FAIL: they are the proof that the files work, and a green run
    without them would prove nothing. Set AUTHSTACK_SKIP_NODE=1 to skip them knowingly (as scripts/test.sh
    requires on a machine without Node)."""
    node_bin = shutil.which("node")
    if node_bin is None:
        if os.environ.get("AUTHSTACK_SKIP_NODE") == "1":
            pytest.skip("AUTHSTACK_SKIP_NODE=1: the real-consumer (Node) tests are skipped")
        pytest.fail("node is not installed: the real-consumer tests need Node.js 20+ and npm "
                    "(set AUTHSTACK_SKIP_NODE=1 to skip them knowingly)")
    marker = NODE_DIR / "node_modules" / ".package-lock.json"
    lock = NODE_DIR / "package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime:
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("node is installed but npm is not: cannot install tests/node's packages")
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True, text=True,
                              timeout=900)
        if proc.returncode != 0:
            pytest.fail(f"npm ci in tests/node failed:\n{proc.stderr[-3000:]}")
    return Path(node_bin)


def run_node_many(node_bin: Path, calls: list[tuple]) -> list[dict]:
    """Runs many tests/node scripts at once, each in its own process (so no Amplify singleton carries
    state from one file to the next), as many at a time as there are CPUs; results in call order.

    :param calls: ``(script, args)`` or ``(script, args, cwd)`` tuples, as for `run_node`.
    """
    def one(call: tuple) -> dict:
        script, args, *rest = call
        try:
            return run_node(node_bin, script, *args, cwd=rest[0] if rest else None)
        except (AssertionError, ValueError, subprocess.TimeoutExpired) as exc:  # one bad call fails its own test only
            return {"error": {"runner": f"{script} {' '.join(map(str, args))}: {exc}"}}

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(one, calls))


def run_node(node_bin: Path, script: str, *args: str, cwd: Path | None = None) -> dict:
    """Runs a tests/node script and returns the JSON it printed on stdout."""
    script_path = Path(script) if os.path.isabs(script) else NODE_DIR / script
    proc = subprocess.run([str(node_bin), str(script_path), *args], cwd=cwd or NODE_DIR, capture_output=True,
                          text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert lines, f"{script} printed nothing (exit {proc.returncode}); stderr:\n{proc.stderr[-3000:]}"
    return json.loads(lines[-1])
