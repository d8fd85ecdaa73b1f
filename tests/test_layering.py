"""Imports flow one way: functions -> spec -> infra/policy -> cli.

Read from the source (ast) of every module, lazy imports inside functions included, so a violation fails here
before it becomes a cycle at run time. `templates` is package data with no code, importable by anyone.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

# Layer of each authstack subpackage: a module may import its own package and lower layers only.
LAYERS = {"templates": 0, "functions": 0, "spec": 1, "infra": 2, "policy": 2, "cli": 3}


def modules() -> list[tuple[str, Path]]:
    return sorted((pkg, path) for pkg in LAYERS for path in (ROOT / pkg).rglob("*.py"))


def imported(path: Path, pkg: str) -> set[str]:
    """The authstack subpackages (and third-party top-level names) a module imports, relative imports resolved."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside its own package
                names.add(f"authstack.{pkg}")
            elif node.module:
                names.add(node.module)
    return names


def test_every_package_has_a_layer():
    # A new top-level package must be placed in the chain before it can be imported.
    found = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert found == set(LAYERS)


@pytest.mark.parametrize("pkg,path", modules(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v)
def test_imports_flow_one_way(pkg, path):
    bad = []
    for name in sorted(imported(path, pkg)):
        parts = name.split(".")
        if parts[0] in LAYERS and parts[0] != "templates":
            bad.append(f"{name} (write authstack.{name})")  # the pre-namespace spelling
        if parts[0] != "authstack" or len(parts) < 2:
            continue
        target = parts[1]
        if target != pkg and LAYERS.get(target, 99) >= LAYERS[pkg]:
            bad.append(name)
    assert not bad, f"{path.relative_to(ROOT)} ({pkg}, layer {LAYERS[pkg]}) imports upwards or sideways: {bad}"


def test_the_checker_can_fail(tmp_path):
    # The parser must see lazy and relative imports, or the test above proves nothing.
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from authstack.cli.main import app\nfrom .x import y\nimport authstack.infra\n")
    assert imported(module, "spec") == {"authstack.cli.main", "authstack.spec", "authstack.infra"}


PROBE = """
import importlib, pkgutil, sys
import authstack.{pkg} as root
for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
    if info.name.endswith("__main__"):
        continue  # the policy pack's entry point serves the engine
    importlib.import_module(info.name)
importlib.import_module("authstack.spec.facts")
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in {{"pydantic", "pydantic_core", "pulumi", "yaml"}})))
"""


def test_policy_does_not_import_pydantic():
    # The guardrails read plain dicts: they run in the CrossGuard pack, which should not need the spec model.
    pytest.importorskip("pulumi_policy")
    proc = subprocess.run([sys.executable, "-c", PROBE.format(pkg="policy")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    heavy = set(filter(None, proc.stdout.strip().split(",")))
    assert not {m for m in heavy if m.startswith("pydantic")}, heavy


def test_facts_are_standard_library_only():
    proc = subprocess.run([sys.executable, "-c", "import sys, authstack.spec.facts; "
                           "print(sorted(m for m in sys.modules if m.startswith('authstack')))"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert eval(proc.stdout) == [  # noqa: S307 - our own repr of a list of module names
        "authstack", "authstack.functions", "authstack.functions.runtime", "authstack.functions.runtime.sources",
        "authstack.spec", "authstack.spec.facts",
    ]
    tree = ast.parse((ROOT / "spec" / "facts.py").read_text())
    third_party = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} - {
        "__future__", "authstack.functions.runtime.sources"}
    assert not third_party
