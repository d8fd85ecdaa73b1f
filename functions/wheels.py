"""A trigger's ``wheelhouse``: third-party wheels unpacked into its bundle (never shipped in a zip itself).

The Lambda Python runtime has boto3 but not the AWS Encryption SDK nor ``cryptography``, which a custom sender needs
to decrypt the codes Cognito sends it. Build the folder with the command in ``PIP_COMMAND`` (binary wheels for Lambda's
platform, whatever machine runs it); packaging checks every wheel against the function's runtime and architecture and
unpacks them, sorted, into the bundle.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import re
import zipfile

#: Each Lambda runtime's Python version and glibc (Lambda developer guide, "Lambda runtimes": python3.11 runs on Amazon
#: Linux 2, glibc 2.26; python3.12 and python3.13 on Amazon Linux 2023, glibc 2.34).
RUNTIMES = {"python3.11": ((3, 11), (2, 26)), "python3.12": ((3, 12), (2, 34)), "python3.13": ((3, 13), (2, 34))}
#: authstack creates functions without ``architectures``: Lambda's default, x86_64.
ARCHITECTURE = "x86_64"
#: Packages the Lambda Python runtime ships (boto3 and its dependencies): their wheels stay out of the bundle, which
#: keeps it small (botocore alone is 17 MB) and uses the runtime's, as the rest of the function does.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python_dateutil", "six"})
PIP_COMMAND = ("pip download --only-binary=:all: --platform manylinux2014_x86_64 --python-version {version} "
               "--implementation cp -d {folder} aws-encryption-sdk")
_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
_WHEEL = re.compile(r"^(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-]+)(-(?P<build>\d[^-]*))?-(?P<py>[^-]+)-(?P<abi>[^-]+)"
                    r"-(?P<plat>[^-]+)\.whl$")


class WheelError(ValueError):
    """A wheelhouse that cannot work; the message names the file."""


def distribution(filename: str) -> str:
    """The normalised distribution name of a wheel file (``python_dateutil``)."""
    match = _WHEEL.match(filename)
    if match is None:
        raise WheelError(f"{filename} is not a wheel file name (name-version-python-abi-platform.whl)")
    return re.sub(r"[-_.]+", "_", match["name"]).lower()


def _platform_ok(tag: str, glibc: tuple[int, int]) -> bool:
    if tag == "any":
        return True
    legacy = re.fullmatch(r"(manylinux1|manylinux2010|manylinux2014)_(\w+)", tag)
    if legacy:
        return legacy[2] == ARCHITECTURE and _LEGACY[legacy[1]] <= glibc
    modern = re.fullmatch(r"manylinux_(\d+)_(\d+)_(\w+)", tag)
    return bool(modern) and modern[3] == ARCHITECTURE and (int(modern[1]), int(modern[2])) <= glibc


def _python_ok(py: str, abi: str, version: tuple[int, int]) -> bool:
    cp = f"cp{version[0]}{version[1]}"
    for p in py.split("."):
        for a in abi.split("."):
            if a == "none" and p in ("py3", f"py{version[0]}{version[1]}", cp):
                return True
            if a == "abi3" and (m := re.fullmatch(r"cp3(\d+)", p)) and int(m[1]) <= version[1]:
                return True
            if a == cp and p == cp:
                return True
    return False


def compatible(filename: str, runtime: str) -> str | None:
    """None if the wheel runs on ``runtime`` (x86_64), else why not."""
    match = _WHEEL.match(filename)
    if match is None:
        return "is not a wheel file name (name-version-python-abi-platform.whl)"
    version, glibc = RUNTIMES[runtime]
    if not any(_platform_ok(tag, glibc) for tag in match["plat"].split(".")):
        return (f"is built for {match['plat']}, not Lambda's {runtime} on {ARCHITECTURE} (manylinux, glibc "
                f"{glibc[0]}.{glibc[1]} or older)")
    if not _python_ok(match["py"], match["abi"], version):
        return f"is built for Python {match['py']}/{match['abi']}, not {runtime}"
    return None


def check(folder: pathlib.Path, shown: str, runtime: str, needs: tuple[str, ...]) -> list[pathlib.Path]:
    """The wheels of ``folder`` (sorted), after checking each runs on ``runtime`` and that ``needs`` are there."""
    if not folder.is_dir():
        raise WheelError(f"folder not found: {shown}")
    wheels = sorted(p for p in folder.iterdir() if p.name.endswith(".whl"))
    hint = PIP_COMMAND.format(version=".".join(map(str, RUNTIMES[runtime][0])), folder=shown)
    found: dict[str, str] = {}
    for wheel in wheels:
        why = compatible(wheel.name, runtime)
        if why:
            raise WheelError(f"{shown}/{wheel.name} {why}; rebuild the folder with: {hint}")
        name = distribution(wheel.name)
        if name in found:
            raise WheelError(f"{shown} has two wheels of {name} ({found[name]}, {wheel.name}); keep one")
        found[name] = wheel.name
        if not wheel.is_file() or not zipfile.is_zipfile(wheel):
            raise WheelError(f"{shown}/{wheel.name} is not a wheel (not a zip file)")
    missing = [n for n in needs if n not in found]
    if missing:
        raise WheelError(f"{shown} has no {' or '.join(missing)} wheel for {runtime}; build it with: {hint}")
    return wheels


def _cache() -> pathlib.Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base) / "authstack" / "wheels"


def _target(member: str) -> str | None:
    """The member's path inside the bundle, or None for what a bundle does not need."""
    parts = member.split("/")
    if member.endswith("/") or "__pycache__" in parts or member.endswith(".pyc"):
        return None
    if member.startswith("/") or "\\" in member or ".." in parts:
        raise WheelError(f"{member!r} points outside the wheel")
    if parts[0].endswith(".data"):
        # name.data/purelib|platlib install into site-packages; scripts, headers and data do not belong in a function.
        if len(parts) > 2 and parts[1] in ("purelib", "platlib"):
            return "/".join(parts[2:])
        return None
    return member


def unpack(wheels: list[pathlib.Path], shown: str) -> dict[str, pathlib.Path]:
    """Bundle path -> local file for every wheel not provided by the runtime. Each wheel is unpacked once into a cache
    folder named by its SHA-256, so the same wheel always gives the same files (and Pulumi sees no change)."""
    files: dict[str, pathlib.Path] = {}
    for wheel in wheels:
        if distribution(wheel.name) in RUNTIME_PROVIDED:
            continue
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        folder = _cache() / digest
        with zipfile.ZipFile(wheel) as archive:
            members = sorted((m, t) for m in archive.namelist() if (t := _target(m)) is not None)
            if not (folder / ".complete").is_file():
                import shutil

                shutil.rmtree(folder, ignore_errors=True)  # a run stopped half-way
                partial = folder.with_name(f"{digest}.{os.getpid()}.partial")
                for member, _ in members:
                    out = partial / member
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(archive.read(member))
                (partial / ".complete").write_text(wheel.name)
                try:
                    os.replace(partial, folder)
                except OSError:  # another process unpacked it first: same content, keep theirs
                    shutil.rmtree(partial, ignore_errors=True)
        for member, target in members:
            if target in files:
                raise WheelError(f"{shown}: {target} is in two wheels; keep one of them")
            files[target] = folder / member
    return dict(sorted(files.items()))
