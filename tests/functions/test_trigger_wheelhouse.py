"""A trigger's wheelhouse: what packaging refuses (one line, file + key path, exit 2) before anything is deployed.

Lambda facts encoded (Lambda developer guide): functions authstack creates have no `architectures`, so they run on
x86_64; python3.11 runs on Amazon Linux 2 (glibc 2.26), python3.12 and python3.13 on Amazon Linux 2023 (glibc 2.34).
A wheel runs there if one of its platform tags is `any` or manylinux for x86_64 at or below that glibc, and its
Python/ABI tags fit the runtime's CPython (wheel tag rules, PEP 425 / PEP 600).
"""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from authstack.functions import wheels
from authstack.functions.package import StepError, bundle, validate_steps
from tests.helpers import ROOT, project

SENDER_STEPS = [{"use": "decrypt-code"}, {"handler": "examples/handlers/audit_sign_in.py"}]
GOOD = ("aws_encryption_sdk-4.0.7-py2.py3-none-any.whl",
        "cryptography-50.0.2-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "cffi-2.1.1-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "wrapt-2.5.2-cp312-cp312-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl",
        "attrs-26.1.0-py3-none-any.whl")


def make(folder, names, members=None):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        dist = name.split("-")[0]
        with zipfile.ZipFile(folder / name, "w") as archive:
            for member, text in (members or {f"{dist}/__init__.py": ""}).items():
                archive.writestr(member, text)
    return folder


@pytest.mark.parametrize("name, runtime, why", [
    ("cryptography-50.0.2-cp311-abi3-macosx_10_9_universal2.whl", "python3.12", "built for macosx_10_9_universal2"),
    ("cryptography-50.0.2-cp311-abi3-manylinux_2_28_aarch64.whl", "python3.12", "built for manylinux_2_28_aarch64"),
    ("cryptography-50.0.2-cp311-abi3-musllinux_1_2_x86_64.whl", "python3.12", "built for musllinux_1_2_x86_64"),
    ("cryptography-50.0.2-cp311-abi3-win_amd64.whl", "python3.12", "built for win_amd64"),
    ("cryptography-50.0.2-cp311-abi3-manylinux_2_34_x86_64.whl", "python3.11", "glibc 2.26 or older"),
    ("cffi-2.1.1-cp313-cp313-manylinux2014_x86_64.whl", "python3.12", "built for Python cp313/cp313"),
    ("cryptography-50.0.2-cp313-abi3-manylinux2014_x86_64.whl", "python3.12", "built for Python cp313/abi3"),
    ("nonsense.whl", "python3.12", "not a wheel file name"),
])
def test_wrong_wheels_are_refused(name, runtime, why):
    assert why in wheels.compatible(name, runtime)


@pytest.mark.parametrize("name, runtime", [
    (GOOD[0], "python3.11"), (GOOD[1], "python3.13"), (GOOD[2], "python3.12"), (GOOD[3], "python3.12"),
    ("cryptography-50.0.2-cp311-abi3-manylinux_2_34_x86_64.whl", "python3.12"),
])
def test_lambda_wheels_are_accepted(name, runtime):
    assert wheels.compatible(name, runtime) is None


def test_decrypt_step_without_wheelhouse_is_refused():
    with pytest.raises(StepError) as caught:
        validate_steps("customEmailSender", SENDER_STEPS)
    assert caught.value.path == "wheelhouse"
    assert "aws_encryption_sdk" in caught.value.message and "pip download --only-binary=:all:" in caught.value.message
    with pytest.raises(StepError, match="--python-version 3.11 "):  # the hint fits the function's runtime
        validate_steps("customEmailSender", SENDER_STEPS, None, "python3.11")


def test_decrypt_step_only_on_senders():
    with pytest.raises(StepError, match="runs on customEmailSender, customSmsSender, not preSignUp"):
        validate_steps("preSignUp", [{"use": "decrypt-code"}], "functions/wheels")


@pytest.mark.parametrize("names, message", [
    (GOOD[2:], "has no aws_encryption_sdk or cryptography wheel for python3.12"),
    ((GOOD[0], "cryptography-50.0.2-cp311-abi3-macosx_10_9_universal2.whl"), "is built for macosx_10_9_universal2"),
    ((*GOOD, "attrs-25.0.0-py3-none-any.whl"), "two wheels of attrs"),
])
def test_bad_wheelhouse_is_refused(tmp_path, names, message):
    make(tmp_path / "functions" / "wheels", names)
    with pytest.raises(StepError) as caught:
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), "functions/wheels")
    assert caught.value.path == "wheelhouse" and message in caught.value.message


def _with_handler(tmp_path):
    (tmp_path / "examples" / "handlers").mkdir(parents=True, exist_ok=True)
    (tmp_path / "examples" / "handlers" / "audit_sign_in.py").write_text((ROOT / "examples" / "handlers" /
                                                                          "audit_sign_in.py").read_text())
    return tmp_path


@pytest.mark.parametrize("folder, message", [
    ("../wheels", "must be a folder inside the project"), ("/tmp/wheels", "must be a folder inside the project"),
    ("missing", "folder not found: missing"),
])
def test_wheelhouse_must_be_a_folder_in_the_project(tmp_path, folder, message):
    with pytest.raises(StepError, match=message):
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), folder)


def test_a_wheel_outside_the_project_is_refused(tmp_path):
    outside = make(tmp_path / "elsewhere", GOOD[:2])
    (tmp_path / "project" / "functions" / "wheels").mkdir(parents=True)
    for name in GOOD[:2]:
        (tmp_path / "project" / "functions" / "wheels" / name).symlink_to(outside / name)
    with pytest.raises(StepError, match="cryptography-.*whl resolves outside the project root|aws_encryption_sdk-.*"
                                        "resolves outside the project root"):
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path / "project"), "functions/wheels")


def test_wheels_unpack_sorted_without_runtime_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make(tmp_path / "functions" / "wheels", GOOD[:2], {"pkg/z.py": "", "pkg/a.py": "", "pkg/__pycache__/a.pyc": "",
                                                       "x.data/purelib/extra.py": "", "x.data/scripts/tool": ""})
    make(tmp_path / "functions" / "wheels", ["boto3-1.44.8-py3-none-any.whl"], {"boto3/__init__.py": ""})
    with pytest.raises(StepError, match="two wheels"):  # both fake wheels ship pkg/a.py
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), "functions/wheels")
    (tmp_path / "functions" / "wheels" / GOOD[1]).unlink()
    make(tmp_path / "functions" / "wheels", GOOD[1:2], {"cryptography/__init__.py": ""})
    built = bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), "functions/wheels")
    names = list(built.files)
    assert names == sorted(names)
    assert {"pkg/a.py", "pkg/z.py", "extra.py", "cryptography/__init__.py"} <= set(names)
    assert not any(n.startswith("boto3/") or "__pycache__" in n or n.endswith("tool") for n in names)


def test_a_wheel_cannot_replace_authstack_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make(tmp_path / "functions" / "wheels", GOOD[:1], {"index.py": "evil"})
    make(tmp_path / "functions" / "wheels", GOOD[1:2], {"cryptography/__init__.py": ""})
    with pytest.raises(StepError, match="would replace authstack's own index.py"):
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), "functions/wheels")


def test_a_wheel_cannot_write_outside(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make(tmp_path / "functions" / "wheels", GOOD[:1], {"../../escape.py": ""})
    make(tmp_path / "functions" / "wheels", GOOD[1:2], {"cryptography/__init__.py": ""})
    with pytest.raises(StepError, match="points outside the wheel"):
        bundle("customEmailSender", SENDER_STEPS, _with_handler(tmp_path), "functions/wheels")
    assert not (tmp_path / "cache" / "escape.py").exists()


def test_validate_refuses_in_one_line_with_exit_2(tmp_path):
    overlay = {"authstack:triggers": {"customEmailSender": {"steps": SENDER_STEPS}}}
    project(tmp_path, config=overlay)
    proc = subprocess.run([sys.executable, "-m", "authstack.cli", "validate", "--stack", "t", "--project-dir",
                           str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("Pulumi.t.yaml: authstack:triggers.customEmailSender.wheelhouse: steps[0] decrypt-code needs")
    assert "Traceback" not in proc.stdout + proc.stderr


def test_validate_names_the_wrong_platform_wheel(tmp_path):
    overlay = {"authstack:triggers": {"customEmailSender": {"steps": SENDER_STEPS, "wheelhouse": "functions/wheels"}}}
    project(tmp_path, config=overlay)
    make(tmp_path / "functions" / "wheels", (GOOD[0], "cryptography-50.0.2-cp311-abi3-macosx_10_9_universal2.whl"))
    proc = subprocess.run([sys.executable, "-m", "authstack.cli", "validate", "--stack", "t", "--project-dir",
                           str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("Pulumi.t.yaml: authstack:triggers.customEmailSender.wheelhouse: functions/wheels/"
                           "cryptography-50.0.2-cp311-abi3-macosx_10_9_universal2.whl is built for macosx_10_9_universal2")
