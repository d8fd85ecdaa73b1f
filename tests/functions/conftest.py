"""Fixtures for the trigger library tests (helpers live in trigger_helpers.py)."""

import pytest

from trigger_helpers import load_event, make_step


@pytest.fixture
def event():
    return load_event


@pytest.fixture
def step():
    return make_step
