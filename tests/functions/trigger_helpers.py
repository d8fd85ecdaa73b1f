"""Helpers for the trigger library tests: real sample events and steps built like the function builds them."""

import copy
import json
import pathlib

from authstack.functions import package

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "cognito-events"
_CACHE: dict[str, dict] = {}


def load_event(name: str, **overrides) -> dict:
    """A fresh copy of a sample event from tests/fixtures/cognito-events (``name`` without .json)."""
    if name not in _CACHE:
        _CACHE[name] = json.loads((FIXTURES / f"{name}.json").read_text())
    event = copy.deepcopy(_CACHE[name])
    event.update(overrides)
    return event


def make_step(use: str, trigger: str, settings: dict | None = None, **inject):
    """Build a built-in step the way the function does: settings resolved by the packaging API."""
    resolved = package.validate_steps(trigger, [{"use": use, "with": settings or {}}])[0]["with"]
    return package._MODULES[use].build(resolved, **inject)
