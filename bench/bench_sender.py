"""Benchmark a custom sender with `decrypt-code`: bundle size, packaging time, cold start.

    .venv/bin/python bench/bench_sender.py [--wheelhouse FOLDER] [--runs 5]

Without --wheelhouse the documented command (`pip download --only-binary=:all: --platform manylinux2014_x86_64
--python-version <this Python> --implementation cp aws-encryption-sdk`) fills a temporary folder. Figures:
- zip: bytes and entries of the deterministic zip (Lambda allows 50 MB zipped for a direct upload, 250 MB unzipped);
- packaging: `bundle()` with an empty wheel cache (unpacks every wheel) and with a warm one;
- cold start: a fresh `python -I -S` with only the bundle and the runtime's boto3 on its path imports `index` and
  builds the chain (which imports the AWS Encryption SDK and `cryptography` and creates the key provider); median of
  --runs processes. Lambda's own figures differ (its CPU share scales with memorySize), so compare runs, not targets.
"""
import argparse
import io
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

from authstack.functions import package  # noqa: E402

RUNTIME = f"python{sys.version_info[0]}.{sys.version_info[1]}"
LAMBDA_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py")
COLD = """
import os, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import json
t0 = time.perf_counter()
import index
from authstack_triggers.runtime.chain import from_environment
index._chain = from_environment(os.environ)
print((time.perf_counter() - t0) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheelhouse", type=pathlib.Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        wheels = tmp / "project" / "functions" / "wheels"
        wheels.mkdir(parents=True)
        if args.wheelhouse:
            for wheel in args.wheelhouse.glob("*.whl"):
                shutil.copyfile(wheel, wheels / wheel.name)
        else:
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--platform",
                            "manylinux2014_x86_64", "--python-version", RUNTIME.removeprefix("python"),
                            "--implementation", "cp", "-d", str(wheels), "aws-encryption-sdk"], check=True)
        (tmp / "project" / "send.py").write_text("def handler(event, context):\n    return event\n")
        steps = [{"use": "decrypt-code"}, {"handler": "send.py"}]
        os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
        t0 = time.perf_counter()
        built = package.bundle("customEmailSender", steps, tmp / "project", "functions/wheels", RUNTIME)
        cold_pack = time.perf_counter() - t0
        t0 = time.perf_counter()
        built = package.bundle("customEmailSender", steps, tmp / "project", "functions/wheels", RUNTIME)
        warm_pack = time.perf_counter() - t0
        t0 = time.perf_counter()
        data = package.zip_bytes(built)
        zip_s = time.perf_counter() - t0
        task = tmp / "task"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(task)
            unzipped = sum(i.file_size for i in archive.infolist())
        runtime = tmp / "runtime"
        runtime.mkdir()
        import boto3

        site = pathlib.Path(boto3.__file__).parent.parent
        for name in LAMBDA_PACKAGES:
            os.symlink(site / name, runtime / name)
        env = {**built.environment, "PATH": "/usr/bin:/bin", "AWS_REGION": "eu-west-1",
               "AUTHSTACK_KMS_KEY_ARN": "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000"}
        samples = [float(subprocess.run([sys.executable, "-I", "-S", "-c", COLD, str(task), str(runtime)], env=env,
                                        capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
    print(f"zip: {len(data)} bytes, {len(built.files)} entries, {unzipped} bytes unzipped")
    print(f"packaging: bundle() {cold_pack * 1000:.0f} ms with an empty wheel cache, {warm_pack * 1000:.0f} ms warm; "
          f"zip_bytes() {zip_s * 1000:.0f} ms")
    print(f"cold start (import index + build chain): median {statistics.median(samples):.0f} ms of {args.runs} "
          f"(python {sys.version.split()[0]}, {RUNTIME} wheels)")


if __name__ == "__main__":
    main()
