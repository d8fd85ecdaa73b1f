"""A throwaway workspace for the bad-input and fault tests: a small project, the offline outputs fixture, a Gen 1
project, and a snapshot of every file (bytes, mode, kind) to prove a failing run changed nothing."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ROOT / "tests" / "fixtures" / "outputs"
GEN1 = ROOT / "tests" / "fixtures" / "amplify-gen1"
#: Every case must end well within this (a hang or an alias bomb would not).
TIMEOUT = 30

STACK = """config:
  aws:region: eu-west-1
  authstack:throwaway: true
"""


def make(tmp: Path) -> Path:
    """``tmp/ws``: Pulumi.yaml, a small stack ``t``, the ``social`` outputs and the shop-app Gen 1 project."""
    ws = tmp / "ws"
    ws.mkdir(parents=True)
    shutil.copy(ROOT / "Pulumi.yaml", ws / "Pulumi.yaml")
    (ws / "Pulumi.t.yaml").write_text(STACK)
    shutil.copy(OUTPUTS / "social.json", ws / "social.json")
    shutil.copytree(GEN1 / "shop-app", ws / "gen1")
    return ws


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: kind, mode and (for regular files) bytes; symlinks by their target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = os.lstat(path)
            rel = str(path.relative_to(folder))
            if stat.S_ISREG(info.st_mode):
                out[rel] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
            elif stat.S_ISLNK(info.st_mode):
                out[rel] = ("link", os.readlink(path))
            else:
                out[rel] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return out


def run(args: list[str], cwd: Path, timeout: float = TIMEOUT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console entry point in a fresh process, as a user or CI runs it."""
    full = {k: v for k, v in os.environ.items() if k != "AUTHSTACK_DEBUG"}
    full.update({"COLUMNS": "200", **(env or {})})
    return subprocess.run([sys.executable, "-m", "authstack.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=full)
