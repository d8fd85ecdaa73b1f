"""Every spec option documents itself (CDK style): what it is, and for optional options the default and why. These
docstrings also become the JSON Schema's descriptions that editors show."""
from __future__ import annotations

import typing

from pydantic import BaseModel

from authstack.spec.stack import Spec


def _models(model: type[BaseModel], seen: set) -> typing.Iterator[type[BaseModel]]:
    if model in seen:
        return
    seen.add(model)
    yield model
    for field in model.model_fields.values():
        pending = [field.annotation]
        while pending:
            current = pending.pop()
            if isinstance(current, type) and issubclass(current, BaseModel):
                yield from _models(current, seen)
            pending.extend(typing.get_args(current))


def _fields():
    for model in _models(Spec, set()):
        for name, field in model.model_fields.items():
            yield model, name, field


def test_every_option_has_a_docstring():
    missing = [f"{m.__name__}.{n}" for m, n, f in _fields() if not f.description]
    assert missing == []


def test_optional_options_say_their_default():
    lacking = [f"{m.__name__}.{n}" for m, n, f in _fields()
               if not f.is_required() and f.description and "@default" not in f.description]
    assert lacking == []
