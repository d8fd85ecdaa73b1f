"""Golden tests: every format of every scenario, byte for byte.

The goldens live in tests/config/golden/<case>/ (see golden/README.md). To regenerate them after an
intended change, run:

    AUTHSTACK_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/config/test_config_golden.py

and review the diff with `git diff tests/config/golden/` before committing.
"""
from __future__ import annotations

import os

import pytest

from config_helpers import GOLDEN, SCENARIOS, render

#: case name → (scenario, client settings). `mfa-custom` covers every authstack:client setting.
CASES = {name: (name, {}) for name in SCENARIOS}
CASES["mfa-custom"] = ("mfa", {"env_prefix": "NEXT_PUBLIC_", "client_metadata": {"app": "web", "tier": "gold"},
                              "authentication_flow_type": "CUSTOM_AUTH", "outputs_version": "1.4"})
CASES["federation-noprefix"] = ("federation", {"env_prefix": "", "client_metadata": {"source": "kiosk"}})
UPDATE = os.environ.get("AUTHSTACK_UPDATE_GOLDENS") == "1"


def _rendered(case: str) -> dict[str, str]:
    scenario, settings = CASES[case]
    return render(scenario, **settings)


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str) -> None:
    files = _rendered(case)
    directory = GOLDEN / case
    if UPDATE:
        for old in directory.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in files.items():
            (directory / rel).parent.mkdir(parents=True, exist_ok=True)
            (directory / rel).write_bytes(text.encode("utf-8"))
    on_disk = sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())
    assert on_disk == sorted(files), f"golden files of {case} differ from the rendered set (regenerate: see module doc)"
    for rel, text in files.items():
        assert (directory / rel).read_bytes() == text.encode("utf-8"), f"{case}/{rel} differs from its golden"


def test_federation_without_user_pool_skips_amplify_outputs() -> None:
    assert "amplify_outputs.json" not in _rendered("federation")
    assert "amplify_outputs.json" in _rendered("social")
