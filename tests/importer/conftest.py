"""The `project` fixture: a fresh authstack project folder (Pulumi.yaml only) to import into."""
from __future__ import annotations

from pathlib import Path

import pytest

from importer_helpers import PULUMI_YAML


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text(PULUMI_YAML, encoding="utf-8")
    return tmp_path
