"""Write a stack, plan it (optionally as deployed), lock it: the pieces of an `authstack plan --against` scenario."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from authstack.cli.plan import replacement
from authstack.cli.plan.document import document
from authstack.infra.offline import plan
from tests.helpers import ROOT


def write(folder: Path, config: dict, stack: str = "x") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    handlers = folder / "examples" / "handlers"
    handlers.mkdir(parents=True, exist_ok=True)
    for f in (ROOT / "examples" / "handlers").glob("*.py"):
        (handlers / f.name).write_text(f.read_text())
    (folder / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return folder


def planned(folder: Path, stack: str = "x", live: bool = False):
    return plan(folder, stack, live)


def lock_of(folder: Path, stack: str = "x") -> dict:
    return replacement.lock(document(plan(folder, stack), [], []))


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "authstack.cli", *args], capture_output=True, text=True, cwd=cwd)


def plan_against(folder: Path, old_config: dict, new_config: dict, *extra: str, stack: str = "x"):
    """Lock from the old stack (`plan --write-lock`), then `plan --against` it with the new one: the CI path."""
    write(folder, old_config, stack)
    first = cli("plan", "--stack", stack, "--project-dir", str(folder), "--write-lock", "--format", "json")
    assert first.returncode in (0, 1), first.stderr
    write(folder, new_config, stack)
    proc = cli("plan", "--stack", stack, "--project-dir", str(folder), "--against",
               str(folder / f"authstack.{stack}.lock.json"), "--format", "json", *extra)
    doc = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
    return proc, doc
