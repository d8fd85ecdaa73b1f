"""Issue 15 point 8 (decrypt path), proved for real: a custom sender bundle built by authstack's packager, with a
wheelhouse built by the documented `pip download` command, decrypts a code encrypted the way Cognito encrypts it,
in a Python that has only the bundle and boto3 (as Lambda has), against moto's KMS on loopback.

How Cognito encrypts (what the test mimics): the Cognito guide, "Custom sender Lambda triggers": `request.code` is an
AWS Encryption SDK message, base64, under the pool's KMS key; its examples decrypt with a KMS keyring and
REQUIRE_ENCRYPT_ALLOW_DECRYPT. A real code posted in awslabs/aws-sdk-rust#1250
(https://github.com/awslabs/aws-sdk-rust/issues/1250) decodes to a version-1 message header with algorithm 0x0378
(AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, not key-committing), one `aws-kms` data key under the pool's key
ARN, and the encryption context {"userpool-id": <pool ID>} (plus the SDK's own aws-crypto-public-key).
"""
from __future__ import annotations

import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile

import pytest

from authstack.functions.package import bundle, zip_bytes
from trigger_helpers import load_event

#: The first bytes of the real Cognito code in aws-sdk-rust#1250: version 1, type 0x80, algorithm 0x0378.
REAL_HEADER = bytes.fromhex("01800378")
RUNTIME = f"python{sys.version_info[0]}.{sys.version_info[1]}"
POOL_ID = "eu-west-1_AbCdEfGhI"
CODE = "829104"
#: What the Lambda Python runtime ships besides the standard library (boto3 and its dependencies).
LAMBDA_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py")


@pytest.fixture(scope="session")
def wheelhouse() -> pathlib.Path:
    """The documented command, for this runtime's Python on x86_64; cached under the temp dir between runs."""
    folder = pathlib.Path(tempfile.gettempdir()) / "authstack-test-wheelhouse" / RUNTIME
    if (folder / ".complete").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    version = RUNTIME.removeprefix("python")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--only-binary=:all:", "--platform", "manylinux2014_x86_64",
         "--python-version", version, "--implementation", "cp", "-d", str(folder), "aws-encryption-sdk"],
        capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"PyPI unreachable, no wheelhouse to test with: {proc.stderr.strip().splitlines()[-1:]}")
    (folder / ".complete").write_text("")
    return folder


@pytest.fixture(scope="session")
def kms():
    """moto's server on loopback, and two keys: the pool's and another."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    client = boto3.client("kms", region_name="eu-west-1", endpoint_url=url, aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    keys = [client.create_key(Description=d)["KeyMetadata"]["Arn"] for d in ("pool", "other")]
    yield {"url": url, "pool": keys[0], "other": keys[1]}
    server.stop()


@pytest.fixture(scope="session")
def lambda_like(tmp_path_factory, wheelhouse) -> dict:
    """The sender's bundle, unzipped, and a folder with only what the Lambda runtime adds (boto3 and its deps)."""
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        pytest.skip("the wheelhouse is for Lambda's x86_64 Linux; this machine cannot run it")
    root = tmp_path_factory.mktemp("project")
    (root / "functions" / "custom").mkdir(parents=True)
    (root / "functions" / "custom" / "send.py").write_text(textwrap.dedent('''
        import os

        def handler(event, context):
            # Stands in for an email provider: records what it would send.
            with open(os.environ["SENT_TO"], "a") as out:
                out.write(event["request"]["code"] + "\\n")
            return event
    '''))
    (root / "functions" / "wheels").mkdir()
    for wheel in sorted(wheelhouse.glob("*.whl")):  # a wheel must be inside the project, like a handler
        try:
            os.link(wheel, root / "functions" / "wheels" / wheel.name)
        except OSError:
            shutil.copyfile(wheel, root / "functions" / "wheels" / wheel.name)
    steps = [{"use": "decrypt-code"}, {"handler": "functions/custom/send.py"}]
    cache, os.environ["XDG_CACHE_HOME"] = os.environ.get("XDG_CACHE_HOME"), str(tmp_path_factory.mktemp("cache"))
    try:  # wheels are unpacked into the cache folder; keep it out of the home folder
        built = bundle("customEmailSender", steps, root, "functions/wheels", RUNTIME)
        data = zip_bytes(built)
        assert zip_bytes(bundle("customEmailSender", steps, root, "functions/wheels", RUNTIME)) == data  # same bytes
    finally:
        if cache is None:
            os.environ.pop("XDG_CACHE_HOME")
        else:
            os.environ["XDG_CACHE_HOME"] = cache
    unzipped = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        names = archive.namelist()
        archive.extractall(unzipped)
    assert names == sorted(names)
    assert any(n.startswith("aws_encryption_sdk/") for n in names) and any(n.startswith("cryptography/") for n in names)
    assert not any(n.startswith(("boto3/", "botocore/")) for n in names)  # left to the runtime
    runtime = tmp_path_factory.mktemp("lambda-runtime")
    import boto3

    site = pathlib.Path(boto3.__file__).parent.parent
    for name in LAMBDA_PACKAGES:
        os.symlink(site / name, runtime / name)
    return {"bundle": unzipped, "runtime": runtime, "environment": built.environment, "size": len(data)}


def _python(lambda_like: dict, script: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `script` in an isolated Python (-I -S: no site-packages, no PYTHONPATH) whose path is the bundle, then
    the runtime's boto3 folder, then the standard library."""
    prelude = f"import sys; sys.path[:0] = [{str(lambda_like['bundle'])!r}, {str(lambda_like['runtime'])!r}]\n"
    base = {k: os.environ[k] for k in ("PATH", "HOME", "TMPDIR") if k in os.environ}
    return subprocess.run([sys.executable, "-I", "-S", "-c", prelude + script], input=stdin, capture_output=True,
                          text=True, env={**base, **env}, timeout=120)


def _aws(kms: dict) -> dict:
    return {"AWS_ENDPOINT_URL": kms["url"], "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "eu-west-1", "AWS_REGION": "eu-west-1"}


ENCRYPT_LIKE_COGNITO = textwrap.dedent('''
    import base64, json, sys
    import aws_encryption_sdk
    from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy

    args = json.loads(sys.stdin.read())
    # Cognito's suite does not commit to the key, which only FORBID_ENCRYPT_* lets a client encrypt with.
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
    provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[args["key"]])
    message, _ = client.encrypt(source=args["code"].encode(), key_provider=provider,
                                algorithm=Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
                                encryption_context={"userpool-id": args["pool"]})
    print(base64.b64encode(message).decode())
''')

RUN_HANDLER = textwrap.dedent('''
    import json, sys
    import index
    event = json.loads(sys.stdin.read())
    try:
        index.handler(event, None)
    except Exception as exc:
        print("REJECTED", type(exc).__name__, str(exc))
''')


def encrypted(lambda_like, kms, key: str, pool: str = POOL_ID, code: str = CODE) -> str:
    proc = _python(lambda_like, ENCRYPT_LIKE_COGNITO, _aws(kms), json.dumps({"key": key, "pool": pool, "code": code}))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def send(lambda_like, kms, tmp_path, ciphertext: str):
    sent = tmp_path / "sent.txt"
    event = load_event("lambda-go-customemailsender", triggerSource="CustomEmailSender_SignUp", userPoolId=POOL_ID,
                       region="eu-west-1")
    event["request"]["code"] = ciphertext
    env = {**_aws(kms), **lambda_like["environment"], "AUTHSTACK_KMS_KEY_ARN": kms["pool"], "SENT_TO": str(sent)}
    proc = _python(lambda_like, RUN_HANDLER, env, json.dumps(event))
    return proc, (sent.read_text().splitlines() if sent.exists() else [])


def test_the_next_step_gets_the_plain_code_and_nothing_logs_it(lambda_like, kms, tmp_path):
    ciphertext = encrypted(lambda_like, kms, kms["pool"])
    assert base64.b64decode(ciphertext)[:4] == REAL_HEADER  # same message version and algorithm as a real code
    assert base64.b64decode(ciphertext).count(kms["pool"].encode()) == 1  # one data key, under the pool's key
    proc, sent = send(lambda_like, kms, tmp_path, ciphertext)
    assert proc.returncode == 0 and "REJECTED" not in proc.stdout, proc.stdout + proc.stderr
    assert sent == [CODE]
    assert CODE not in proc.stdout + proc.stderr


def test_a_code_under_another_key_is_refused(lambda_like, kms, tmp_path):
    proc, sent = send(lambda_like, kms, tmp_path, encrypted(lambda_like, kms, kms["other"]))
    assert proc.stdout.startswith("REJECTED Reject"), proc.stdout + proc.stderr
    assert "code not decrypted with the pool's key" in proc.stderr
    assert sent == [] and CODE not in proc.stdout + proc.stderr


def test_a_code_for_another_pool_is_refused(lambda_like, kms, tmp_path):
    """Same key, but the encryption context names another pool (keys can be shared across pools of one account)."""
    proc, sent = send(lambda_like, kms, tmp_path, encrypted(lambda_like, kms, kms["pool"], pool="eu-west-1_Other0000"))
    assert proc.stdout.startswith("REJECTED Reject"), proc.stdout + proc.stderr
    assert "encrypted for another user pool" in proc.stderr
    assert sent == [] and CODE not in proc.stdout + proc.stderr


def test_bundle_size_stays_in_lambdas_direct_upload_limit(lambda_like):
    assert lambda_like["size"] < 50 * 1024 * 1024  # Lambda quotas: 50 MB zipped for a direct upload
