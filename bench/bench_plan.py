"""How long `authstack plan` takes, and how it grows with the stack.

Prints:
  1. one whole `authstack plan --stack dev --format json` process (median of N runs), next to a bare
     `import pulumi_aws` (+ touching the cognito/iam/lambda modules the program uses), and their ratio;
  2. in-process plan time for stacks with 1, 4 and 16 identity providers and triggers, with the per-resource cost,
     so linear growth is visible (time per resource roughly constant);
  3. N stacks planned by one `authstack plan --all` process against N separate `authstack plan --stack` processes
     (what a pipeline planning dozens of stacks pays): one process pays the Pulumi import once.

Run: .venv/bin/python bench/bench_plan.py [--runs 5] [--stacks 12]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRIGGERS = ["preSignUp", "preAuthentication", "postConfirmation", "postAuthentication", "customMessage",
            "defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse", "userMigration",
            "preTokenGeneration"]


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def sized_project(tmp: Path, n: int) -> Path:
    (tmp / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    (tmp / "handlers").mkdir(exist_ok=True)
    (tmp / "handlers" / "noop.py").write_text("def handler(event, context):\n    return event\n")
    providers = {f"oidc{i}": {"type": "oidc", "issuerUrl": f"https://idp{i}.example.com", "clientId": f"c{i}",
                              "clientSecret": {"secure": "v1:x"}} for i in range(n)}
    # One function per trigger name; past the ten trigger kinds, more providers carry the growth.
    triggers = {t: {"handler": "handlers/noop.py"} for t in TRIGGERS[: min(n, len(TRIGGERS))]}
    config = {
        "aws:region": "eu-west-1", "authstack:throwaway": True, "authstack:domain": {"prefix": f"bench{n}"},
        "authstack:identityProviders": providers, "authstack:triggers": triggers,
        "authstack:clients": {"web": {"oauth": {"callbackUrls": ["https://app.example.com/"],
                                                "logoutUrls": ["https://app.example.com/"]},
                                      "identityProviders": ["COGNITO", *providers]}},
    }
    (tmp / "Pulumi.bench.yaml").write_text(yaml.safe_dump({"config": config}))
    return tmp


def in_process(sizes: list[int], repeat: int) -> list[tuple[int, int, float]]:
    from authstack.infra.offline import plan

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = sized_project(Path(tmp), n)
            plan(project, "bench")  # warm imports
            samples, count = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                result = plan(project, "bench")
                samples.append(time.perf_counter() - start)
                count = sum(1 for r in result.resources if r.custom)
            rows.append((n, count, statistics.median(samples)))
    return rows


def many_stacks(tmp: Path, n: int) -> Path:
    """A project with N copies of the dev stack (each its own name, so each plans its own resources)."""
    import shutil

    (tmp / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    shutil.copytree(ROOT / "examples" / "handlers", tmp / "examples" / "handlers")
    dev = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    for i in range(n):
        dev["config"]["authstack:domain"] = {"prefix": f"bench-many-{i}"}
        (tmp / f"Pulumi.s{i:02d}.yaml").write_text(yaml.safe_dump(dev))
    return tmp


def one_vs_many(n: int, python: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        project = many_stacks(Path(tmp), n)
        out = project / "plans"
        out.mkdir()
        base = [python, "-m", "authstack.cli", "plan", "--project-dir", str(project), "--format", "json"]
        start = time.perf_counter()
        subprocess.run([*base, "--all", "--out", str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        one = time.perf_counter() - start
        start = time.perf_counter()
        for i in range(n):
            subprocess.run([*base, "--stack", f"s{i:02d}"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        separate = time.perf_counter() - start
    return one, separate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stacks", type=int, default=12, help="N for the one-process vs N-processes comparison")
    args = parser.parse_args()
    python = str(ROOT / ".venv" / "bin" / "python")
    touch = "import pulumi_aws as a; a.cognito.UserPool; a.iam.Role; a.lambda_.Function"
    bare = timed([python, "-W", "ignore", "-c", touch], args.runs)
    whole = timed([python, "-m", "authstack.cli", "plan", "--stack", "dev", "--format", "json"], args.runs)
    print(f"bare import pulumi_aws (+cognito/iam/lambda): {bare:.3f} s")
    print(f"authstack plan --stack dev (whole process):    {whole:.3f} s  = {whole / bare:.2f} x bare import"
          f"  (target < 1.5 s: {'met' if whole < 1.5 else 'NOT met'})")
    print()
    print(f"{'IdPs+triggers':>13} {'resources':>9} {'plan s':>8} {'ms/resource':>11}")
    for n, count, seconds in in_process([1, 4, 16], repeat=max(1, args.runs // 2)):
        print(f"{n:>13} {count:>9} {seconds:>8.3f} {1000 * seconds / count:>11.2f}")
    print()
    one, separate = one_vs_many(args.stacks, python)
    print(f"{args.stacks} stacks, one `plan --all` process:   {one:.2f} s ({one / args.stacks:.3f} s/stack)")
    print(f"{args.stacks} stacks, {args.stacks} `plan --stack` processes: {separate:.2f} s ({separate / args.stacks:.3f} s/stack)"
          f"  = {separate / one:.1f} x one process")


if __name__ == "__main__":
    main()
