"""Benchmark the built-in trigger steps: cold import, per-invocation time, zip size.

    .venv/bin/python bench/bench_triggers.py [--runs 7]

For each built-in, a one-step function is bundled and its zip extracted; then
- cold start: a fresh ``python -I -S`` (standard library only, like the Lambda sandbox) imports
  ``index`` and builds the chain (which imports the built-in); median of ``--runs`` processes,
  interpreter start-up excluded. "import ms" counts everything, json included; "(json pre)"
  has json imported first, as the Lambda runtime bootstrap does before loading a handler;
- invocation: the same chain run in-process on a real sample event (AWS clients, SES and the
  legacy store replaced by no-op fakes, so only our code is timed); median per call;
- zip: size of the deterministic zip.
Targets (issue 5): import < 20 ms, invocation < 1 ms, zip < 8 KB.
"""

import argparse
import hashlib
import io
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

from authstack.functions import package  # noqa: E402
from authstack.functions.runtime.chain import Chain  # noqa: E402

EVENTS = ROOT / "tests" / "fixtures" / "cognito-events"


class _Fake:
    def __getattr__(self, name):
        return lambda *a, **k: {"email": "a@example.com", "email_verified": True}

    def __call__(self, *a, **k):
        return None


CASES = [
    # (built-in, trigger, settings, injected fakes, sample event, triggerSource override)
    ("email-domain-allowlist", "preSignUp", {"domains": ["example.com", "example.org"]}, {}, "powertools-cognitoPreSignUpEvent", None),
    ("email-domain-denylist", "preSignUp", {"domains": ["evil.com"]}, {}, "powertools-cognitoPreSignUpEvent", None),
    ("require-validation-data", "preSignUp", {"fields": {"k1": {"values": ["v1"]}, "k2": {"sha256": ["0" * 64, hashlib.sha256(b"v2").hexdigest()]}}},
     {}, "lambda-go-presignup", None),
    ("auto-confirm", "preSignUp", {"domains": ["example.com"]}, {}, "powertools-cognitoPreSignUpEvent", None),
    ("add-to-group", "postConfirmation", {"group": "members"}, {"client": _Fake()}, "lambda-go-postconfirmation", None),
    ("token-claims", "preTokenGeneration", {"idToken": {"add": {"tenant": "acme"}}, "accessToken": {"addScopes": ["a/b"]}},
     {}, "lambda-go-pretokengen-v2_0", None),
    ("verification-link", "customMessage", {"url": "https://app.example.com/verify"}, {}, "lambda-go-custommessage", "CustomMessage_SignUp"),
    ("email-otp-challenge", "defineAuthChallenge", {}, {}, "powertools-cognitoDefineAuthChallengeEvent", None),
    ("email-otp-challenge", "createAuthChallenge", {"fromAddress": "no-reply@example.com"}, {"send": _Fake()},
     "powertools-cognitoCreateAuthChallengeEvent", None),
    ("email-otp-challenge", "verifyAuthChallengeResponse", {}, {}, "powertools-cognitoVerifyAuthChallengeResponseEvent", None),
    ("user-migration", "userMigration", {"url": "https://legacy.example.com/migrate"}, {"store": _Fake()}, "lambda-go-migrateuser", None),
]

COLD = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "preloaded":
    import json  # the Lambda Python runtime's bootstrap has imported json before it loads the handler
t0 = time.perf_counter()
import index
from authstack_triggers.runtime.chain import from_environment
index._chain = from_environment(os.environ)
print((time.perf_counter() - t0) * 1000)
"""


def cold_ms(task: pathlib.Path, environment: dict, runs: int, mode: str) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-I", "-S", "-c", COLD, str(task), mode], env={**environment, "PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True, check=True)
        samples.append(float(out.stdout))
    return statistics.median(samples)


def invoke_us(use, trigger, settings, inject, event_name, source) -> float:
    resolved = package.validate_steps(trigger, [{"use": use, "with": settings}])[0]["with"]
    chain = Chain(trigger, [(use, package._MODULES[use].build(resolved, **inject))])
    event = json.loads((EVENTS / f"{event_name}.json").read_text())
    if source:
        event["triggerSource"] = source
    if trigger == "createAuthChallenge":
        event["request"]["challengeName"] = "CUSTOM_CHALLENGE"
    chain(event)  # warm up; steps are idempotent on the same event
    loops, samples = 2000, []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(loops):
            chain(event)
        samples.append((time.perf_counter() - t0) / loops * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per cold-start figure")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, (use, trigger, settings, inject, event_name, source) in enumerate(CASES):
            built = package.bundle(trigger, [{"use": use, "with": settings}], ROOT)
            data = package.zip_bytes(built)
            task = pathlib.Path(tmp) / str(index)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.extractall(task)
            rows.append((use, trigger, cold_ms(task, built.environment, args.runs, "bare"),
                         cold_ms(task, built.environment, args.runs, "preloaded"),
                         invoke_us(use, trigger, settings, inject, event_name, source), len(data)))
    print(f"{'built-in':<24} {'trigger':<28} {'import ms':>10} {'(json pre)':>10} {'invoke us':>10} {'zip bytes':>10}")
    for use, trigger, cold, warm, invoke, size in rows:
        flags = "".join(["  import>20ms" if cold >= 20 else "", "  invoke>1ms" if invoke >= 1000 else "",
                         "  zip>8KB" if size >= 8192 else ""])
        print(f"{use:<24} {trigger:<28} {cold:>10.2f} {warm:>10.2f} {invoke:>10.1f} {size:>10}{flags}")
    print(f"python {sys.version.split()[0]}; targets: import < 20 ms, invocation < 1 ms, zip < 8 KB (8192 bytes)")


if __name__ == "__main__":
    main()
