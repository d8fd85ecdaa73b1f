"""How long `authstack import-amplify` takes per Gen 1 fixture, in-process.

Each run is the whole import as the command does it (read the project, map it, render and validate the stack file,
write it atomically), into a fresh folder holding only Pulumi.yaml. The first run of the process also pays for
importing pydantic, yaml and the spec models, so it is shown apart from the median of the warm runs. Prints one row
per fixture: files read, stack file size, findings, cold run, and the median / min of the warm runs.

Run: .venv/bin/python bench/bench_import.py [--runs 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "amplify-gen1"
# (label, folder, env, region when the project does not record one)
CASES = [
    ("aid-covid (real, parameters.json)", "aid-covid-19-android-vive", "dev", None),
    ("amplify-ui federated (real)", "amplify-ui-env/environments/auth/auth-with-federated", "dev", "us-east-1"),
    ("amplify-ui sms-mfa (real)", "amplify-ui-env/environments/auth/auth-with-phone-and-sms-mfa", "dev", "us-east-1"),
    ("shop-app", "shop-app", "prod", None),
    ("identity-pool-only", "identity-pool-only", "staging", None),
    ("legacy-params", "legacy-params", "dev", None),
]
PULUMI_YAML = "name: authstack\nruntime:\n  name: python\nmain: infra/\n"


def _once(folder: str, env: str, region: str | None, project: Path):
    from authstack.cli.importer import ImportRequest, run_import

    req = ImportRequest(path=FIXTURES / folder, env=env, stack="bench", project_dir=project, force=True, region=region)
    start = time.perf_counter()
    result = run_import(req)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="warm runs per fixture (default 20)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: at least 1")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "Pulumi.yaml").write_text(PULUMI_YAML, encoding="utf-8")
        for label, folder, env, region in CASES:
            cold, result = _once(folder, env, region, project)
            warm = [_once(folder, env, region, project)[0] for _ in range(args.runs)]
            f = result.findings
            findings = len(f.unsupported) + len(f.warnings) + len(f.notes) + len(f.follow_ups)
            rows.append((label, len(result.files_read), len(result.text.encode()), findings, cold,
                         statistics.median(warm), min(warm)))

    head = ("fixture", "files", "bytes", "findings", "cold ms", "median ms", "min ms")
    widths = [max(len(head[0]), *(len(r[0]) for r in rows)), 5, 6, 8, 8, 9, 7]
    print(f"import-amplify, in-process, {args.runs} warm runs per fixture (Python {sys.version.split()[0]})")
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))))
    for label, files, size, findings, cold, med, low in rows:
        cells = [label.ljust(widths[0]), str(files).rjust(widths[1]), str(size).rjust(widths[2]),
                 str(findings).rjust(widths[3]), f"{cold * 1000:.1f}".rjust(widths[4]),
                 f"{med * 1000:.2f}".rjust(widths[5]), f"{low * 1000:.2f}".rjust(widths[6])]
        print("  ".join(cells))
    total = sum(r[5] for r in rows)
    print(f"all {len(rows)} fixtures, warm median sum: {total * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
