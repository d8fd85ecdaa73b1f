"""Writers under kill -9 and concurrency (issue 11): `config`, `import-amplify --force` and `plan --write-lock` are
killed at random points (at least 30 times each), and several `config` runs write into one folder at once.

What must hold: every file is either its old bytes or its new bytes; nothing is left that a later run does not clean
(right after a kill only authstack's own recognisable staging names may remain, and the next run removes them or
completes the commit they belong to); after concurrent runs the folder holds exactly one run's set; modes are kept.

The runs are killed with SIGKILL from outside after a random delay drawn around the command's own duration (measured
first), so most kills land while it works and writes. The three kill loops run side by side to keep the suite short.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from workspace import GEN1, OUTPUTS, make, snapshot

KILLS = 30
DEBRIS = re.compile(r"^\.(.+)\.authstack-[0-9a-f]{8}\.tmp$|^\.authstack-commit\.journal(\.authstack-[0-9a-f]{8}\.tmp)?$")


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("AUTHSTACK_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "authstack.cli", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)


def _finish(args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    proc = _start(args, cwd)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), err.decode()
    return time.monotonic() - started


def _kill_after(args: list[str], cwd: Path, delay: float) -> int:
    proc = _start(args, cwd)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=120)
    return proc.returncode


def _files(folder: Path) -> tuple[dict[str, bytes], list[str]]:
    """(regular files by relative path, authstack debris) under ``folder``."""
    found, debris = {}, []
    for rel, entry in snapshot(folder).items():
        if entry[0] == "file":
            if DEBRIS.match(Path(rel).name):
                debris.append(rel)
            else:
                found[rel] = entry[2]
    return found, debris


def _assert_old_or_new(folder: Path, old: dict[str, bytes], new: dict[str, bytes], what: str) -> list[str]:
    found, debris = _files(folder)
    for rel, data in found.items():
        if rel in old or rel in new:
            assert data in (old.get(rel), new.get(rel)), f"{what}: {rel} is neither the old nor the new bytes"
    missing = [rel for rel in old if rel not in found]
    assert not missing, f"{what}: {missing} vanished"
    return debris


def _kill_loop(args_for, cwd: Path, watched: Path, variants: tuple[dict, dict], duration: float, what: str,
               seed: int) -> list[str]:
    """KILLS runs, alternating variants, each killed after a random delay; returns the debris seen right after kills."""
    rng = random.Random(seed)
    seen = []
    for i in range(KILLS):
        _kill_after(args_for(i % 2), cwd, rng.uniform(0.2 * duration, 1.2 * duration))
        seen += _assert_old_or_new(watched, *variants, what=f"{what} kill {i}")
    return seen


# --- the three writers --------------------------------------------------------------------------------------------

def _config_setup(tmp: Path):
    ws = make(tmp)
    other = json.loads((OUTPUTS / "social.json").read_text())
    cc = other["clientConfig"]
    cc["userPool"]["id"] = cc["userPool"]["id"][:-3] + "zzz"  # a new pool id: every file changes
    (ws / "social-b.json").write_text(json.dumps(other))
    variants = []
    for src in ("social.json", "social-b.json"):
        out = ws / f"ref-{src}"
        _finish(["config", "-s", "social", "--outputs", src, "--out", str(out)], ws)
        variants.append(_files(out)[0])
    assert variants[0].keys() == variants[1].keys() and all(variants[0][k] != variants[1][k] for k in variants[0]
                                                              if k.endswith((".js", ".json")))
    duration = _finish(["config", "-s", "social", "--outputs", "social.json", "--out", "out"], ws)
    (ws / "out" / "aws-exports.js").chmod(0o640)  # an overwritten file keeps its mode

    def args(i: int) -> list[str]:
        return ["config", "-s", "social", "--outputs", ("social.json", "social-b.json")[i], "--out", "out"]
    return ws, ws / "out", args, tuple(variants), duration


def _import_setup(tmp: Path):
    import shutil

    ws = make(tmp)
    os.rename(ws / "gen1", ws / "gen1a")
    shutil.copytree(GEN1 / "shop-app", ws / "gen1b")  # another folder name: the stack file's header differs
    variants = []
    for src in ("gen1a", "gen1b"):
        _finish(["import-amplify", src, "--env", "prod", "-s", "imp", "--force"], ws)
        variants.append({"Pulumi.imp.yaml": (ws / "Pulumi.imp.yaml").read_bytes()})
    assert variants[0] != variants[1]
    duration = _finish(["import-amplify", "gen1a", "--env", "prod", "-s", "imp", "--force"], ws)
    (ws / "Pulumi.imp.yaml").chmod(0o600)

    def args(i: int) -> list[str]:
        return ["import-amplify", ("gen1a", "gen1b")[i], "--env", "prod", "-s", "imp", "--force"]
    return ws, ws, args, tuple(variants), duration


PLAN_STACKS = ("config:\n  aws:region: eu-west-1\n  authstack:throwaway: true\n",
               "config:\n  aws:region: eu-west-1\n  authstack:throwaway: true\n  authstack:name: other-name\n")


def _plan_setup(tmp: Path):
    ws = make(tmp)

    def args(i: int) -> list[str]:
        (ws / "Pulumi.t.yaml").write_text(PLAN_STACKS[i])  # between runs, never during one
        return ["plan", "-s", "t", "--write-lock", "--format", "json"]

    variants = []
    for i in (0, 1):
        _finish(args(i), ws)
        variants.append({"authstack.t.lock.json": (ws / "authstack.t.lock.json").read_bytes()})
    assert variants[0] != variants[1]
    duration = _finish(args(0), ws)
    return ws, ws, args, tuple(variants), duration


def test_kill_config_import_and_plan_lock(tmp_path):
    setups = {"config": _config_setup(tmp_path / "config"), "import-amplify --force": _import_setup(tmp_path / "import"),
              "plan --write-lock": _plan_setup(tmp_path / "plan")}
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {what: pool.submit(_kill_loop, args, ws, watched, variants, duration, what, seed)
                   for seed, (what, (ws, watched, args, variants, duration)) in enumerate(setups.items())}
        debris = {what: f.result() for what, f in futures.items()}

    # The next whole run of each leaves exactly its own files and nothing else, modes kept.
    for what, (ws, watched, args, (old, new), _) in setups.items():
        _finish(args(1), ws)
        found, left = _files(watched)
        assert not left, (what, left)
        assert {k: found[k] for k in new} == new, what
    config_out, import_ws = setups["config"][1], setups["import-amplify --force"][0]
    assert stat.S_IMODE((config_out / "aws-exports.js").stat().st_mode) == 0o640
    assert stat.S_IMODE((import_ws / "Pulumi.imp.yaml").stat().st_mode) == 0o600
    print("debris right after a kill, cleaned by the next run:", {k: len(v) for k, v in debris.items()})


def test_concurrent_config_runs_leave_one_whole_set(tmp_path):
    ws, out, args, (old, new), _ = _config_setup(tmp_path)
    for round_ in range(2):
        procs = [_start(args(i % 2), ws) for i in range(4)]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
        found, left = _files(out)
        assert not left, left
        assert found in (old, new), f"round {round_}: a mix of two runs' files"


def test_new_files_follow_the_umask(tmp_path):
    ws = make(tmp_path)
    env = {**os.environ}
    for umask, mode in ((0o022, 0o644), (0o077, 0o600)):
        target = ws / f"schema-{umask:o}.json"
        proc = subprocess.run([sys.executable, "-c", f"import os; os.umask({umask}); "
                               "from authstack.cli.main import main; main()", "schema", "--out", str(target)],
                              cwd=ws, capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
        assert stat.S_IMODE(target.stat().st_mode) == mode
    existing = ws / "lock-kept.json"
    existing.write_text("old")
    existing.chmod(0o664)
    proc = subprocess.run([sys.executable, "-m", "authstack.cli", "schema", "--out", str(existing)], cwd=ws,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and stat.S_IMODE(existing.stat().st_mode) == 0o664
