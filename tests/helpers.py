"""Small helpers the issue-2 tests share: write a throwaway project, run the program under mocks."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def project(tmp_path: Path, stack: str = "t", config: dict[str, Any] | None = None, base: str | None = None) -> Path:
    """A project folder with Pulumi.yaml and one stack file; `base` copies an example stack and overlays `config`."""
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    # Example stacks name custom trigger handlers relative to the project.
    shutil.copytree(ROOT / "examples" / "handlers", tmp_path / "examples" / "handlers", dirs_exist_ok=True)
    data: dict[str, Any] = {"config": {"aws:region": "eu-west-1"}}
    if base:
        data = yaml.safe_load((ROOT / f"Pulumi.{base}.yaml").read_text())
    data["config"].update(config or {})
    (tmp_path / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return tmp_path


def by_type(plan, typ: str) -> list:
    return [r for r in plan.resources if r.type == typ]


def one(plan, typ: str):
    found = by_type(plan, typ)
    assert len(found) == 1, [r.name for r in found]
    return found[0]
