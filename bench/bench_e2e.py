"""Benchmark of the end-to-end suite and of the aws-amplify v6 bootstrap (prints its figures; no assertions).

1. The end-to-end suite (tests/e2e: plan, emulator start, `authstack config`, aws-amplify@5 and @6 flows), whole
   pytest process, and the emulator's start alone (target: suite < 90 s, emulator start included).
2. authstack-auth-v6.js: size (bytes, gzip) with and without federation, and its import time in Node: a fresh
   process importing the module, against one importing only the aws-amplify entry points the module imports.

Run: .venv/bin/python bench/bench_e2e.py [--runs N] [--skip-suite]
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NODE_DIR = REPO / "tests" / "node"
sys.path.insert(0, str(REPO / "tests" / "config"))
sys.path.insert(0, str(REPO / "tests" / "e2e"))


def suite() -> None:
    from e2e_emulator import Emulator

    start = time.perf_counter()
    em = Emulator().start()
    started = time.perf_counter() - start
    em.stop()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "tests/e2e", "-p", "no:cacheprovider"], cwd=REPO,
                          capture_output=True, text=True)
    total = time.perf_counter() - start
    summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"end-to-end suite (pytest tests/e2e, one process): {total:.1f} s (target < 90 s) -> {summary}")
    print(f"emulator start (moto ThreadedMotoServer + recording proxy): {started:.2f} s")


def _app(directory: Path, module_text: str) -> Path:
    (directory / "node_modules").mkdir(parents=True)
    (directory / "package.json").write_text('{"type": "module", "private": true}')
    os.symlink(NODE_DIR / "node_modules" / "amplify6", directory / "node_modules" / "aws-amplify")
    os.symlink(NODE_DIR / "node_modules" / "@aws-sdk", directory / "node_modules" / "@aws-sdk")
    (directory / "authstack-auth-v6.js").write_text(module_text)
    (directory / "baseline.mjs").write_text(
        "await import('aws-amplify'); await import('aws-amplify/utils'); await import('aws-amplify/auth/cognito');\n")
    (directory / "module.mjs").write_text("await import('./authstack-auth-v6.js');\n")
    return directory


def _seconds(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-2000:]}")
    return time.perf_counter() - start


def _paired(node: str, app: Path, runs: int) -> tuple[float, float, float]:
    """Median of the baseline, of the module, and of their per-pair difference: the two run in turns, so load from
    other jobs on this shared machine hits both alike."""
    pairs = [(_seconds([node, "baseline.mjs"], app), _seconds([node, "module.mjs"], app)) for _ in range(runs)]
    return (statistics.median(b for b, _ in pairs), statistics.median(m for _, m in pairs),
            statistics.median(m - b for b, m in pairs))


def module(runs: int) -> None:
    from config_helpers import render

    node = shutil.which("node")
    for case, label in (("federation", "with federation (@aws-sdk/client-cognito-identity loaded on first use)"),
                        ("mfa", "without federation (aws-amplify only)")):
        text = render(case)["authstack-auth-v6.js"]
        raw = len(text.encode())
        print(f"authstack-auth-v6.js {label}: {raw} bytes, {len(gzip.compress(text.encode(), 9))} gzip")
        if node is None:
            print("  (node not installed: import time not measured)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(Path(tmp) / "app", text)
            baseline, full, share = _paired(node, app, runs)
        print(f"  node import, median of {runs}: {full:.3f} s; aws-amplify entry points alone {baseline:.3f} s; "
              f"the module's own share (median of paired differences) {share:+.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--skip-suite", action="store_true")
    args = parser.parse_args()
    module(args.runs)
    if not args.skip_suite:
        suite()


if __name__ == "__main__":
    main()
