"""The wheel as a new user gets it: built from this checkout, installed into a fresh venv outside the repository.

What broke before (issue 9): the wheel had no templates (`config` crashed with TemplateNotFound), installed generic
top-level packages (`cli`, `spec`, `infra`, ...) that other packages or a user's own folders shadow, and shipped tests.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

FOLDERS = ("cli", "functions", "infra", "policy", "spec", "templates")


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                 "-w", str(out), str(ROOT)])
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("authstack-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel (and its runtime dependencies, not the infra extra)."""
    env_dir = tmp_path_factory.mktemp("venv") / "v"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    proc = _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 str(wheel)])
    assert proc.returncode == 0, proc.stderr
    return env_dir


def test_wheel_holds_one_namespace_no_tests_and_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"authstack"}
    assert not [n for n in names if "/tests/" in n or n.split("/")[-1].startswith("test_")]
    templates = {Path(n).name for n in names if n.startswith("authstack/templates/") and n.endswith(".j2")}
    assert templates == {p.name for p in (ROOT / "templates").glob("*.j2")}
    assert "authstack/policy/PulumiPolicy.yaml" in names
    assert "authstack/policy/__main__.py" in names


def test_package_list_matches_the_folders() -> None:
    """pyproject lists the subpackages by hand (package-dir mapping): a new folder with modules must be listed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for top in FOLDERS:
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            if "tests" not in rel.parts:
                found.add(".".join(("authstack", *rel.parts)))
    assert listed == found
    assert config["package-dir"] == {f"authstack.{t}": t for t in FOLDERS}


def test_no_sys_path_patching_anywhere() -> None:
    """The package and the examples import `authstack` as installed; benchmarks may reach test harnesses (tests/...) or
    an extracted Lambda zip, never the repository root (that would import the source layout instead of the package)."""
    shipped = [str(p.relative_to(ROOT)) for top in (*FOLDERS, "examples") for p in (ROOT / top).rglob("*.py")
               if any(f"sys.path.{verb}(" in p.read_text() for verb in ("insert", "append", "extend"))]
    assert shipped == []
    for bench in (ROOT / "bench").glob("*.py"):
        for line in bench.read_text().splitlines():
            if "sys.path.insert" in line:
                assert "tests" in line or "sys.argv" in line, f"{bench.name}: {line.strip()}"


def test_installed_commands_work_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    exe = str(installed / "bin" / "authstack")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    version = _run([exe, "--version"], cwd=app_dir, env=env)
    assert version.returncode == 0, version.stderr
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version.stdout.split() == ["authstack", expected]

    schema = _run([exe, "schema"], cwd=app_dir, env=env)
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout) == json.loads((ROOT / "schema" / "stack.schema.json").read_text())

    outputs = app_dir / "outputs.json"
    shutil.copy(ROOT / "tests" / "fixtures" / "outputs" / "social.json", outputs)
    stack = json.loads(outputs.read_text())["clientConfig"]["stack"]
    config = _run([exe, "config", "--stack", stack, "--outputs", str(outputs), "--out", "src"], cwd=app_dir, env=env)
    assert config.returncode == 0, config.stderr
    written = sorted(p.name for p in (app_dir / "src").iterdir())
    assert "aws-exports.js" in written and "amplify_outputs.json" in written
    assert sorted(p.name for p in app_dir.iterdir()) == ["outputs.json", "src"]  # nothing else left behind


def test_local_folders_named_like_subpackages_do_not_shadow(installed: Path, tmp_path: Path) -> None:
    """A user's own `cli.py`, `spec/` or `infra/` (a platform team's Pulumi project often has one) stays theirs."""
    for name in ("spec", "infra", "policy", "functions"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("raise SystemExit('shadowed')\n")
    (tmp_path / "cli.py").write_text("raise SystemExit('shadowed')\n")
    python = str(installed / "bin" / "python")
    proc = _run([python, "-m", "authstack.cli", "schema"], cwd=tmp_path)  # -m puts the cwd first on sys.path
    assert proc.returncode == 0, proc.stderr
    assert "shadowed" not in proc.stderr


def test_the_infra_extra_is_named_when_pulumi_is_missing(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    shutil.copy(ROOT / "Pulumi.dev.yaml", tmp_path / "Pulumi.dev.yaml")
    shutil.copytree(ROOT / "examples" / "handlers", tmp_path / "examples" / "handlers")  # the dev stack's handler
    proc = _run([str(installed / "bin" / "authstack"), "plan", "--stack", "dev"], cwd=tmp_path)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "pip install 'authstack[infra]'" in proc.stderr
    assert "Traceback" not in proc.stderr
