"""The benchmarks' generated stacks stay valid (a benchmark that dies on a spec change measures nothing)."""
from __future__ import annotations

import importlib.util

import pytest

from authstack.spec.load import load
from tests.helpers import ROOT


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [1, 4, 16])
def test_plan_bench_stacks_are_valid(tmp_path, size):
    project = _module("bench_plan").sized_project(tmp_path, size)
    stack = load(project, "bench")
    assert len(stack.spec.identity_providers) == size


def test_many_stacks_bench_project_is_valid(tmp_path):
    project = _module("bench_plan").many_stacks(tmp_path, 3)
    names = sorted(p.name for p in project.glob("Pulumi.s*.yaml"))
    assert names == ["Pulumi.s00.yaml", "Pulumi.s01.yaml", "Pulumi.s02.yaml"]
    assert load(project, "s02").spec.domain.prefix == "bench-many-2"
