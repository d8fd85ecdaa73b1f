"""Shared pydantic configuration: camelCase keys (as they appear in stack files), unknown keys rejected."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class SpecModel(BaseModel):
    """Base of every spec section: keys are camelCase in YAML, snake_case in Python, and unknown keys are errors."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
    )


def between(low: int, high: int):
    """An int constraint whose message reads like the AWS limit ("must be between 6 and 99 (got 4)")."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high} (got {value})")
        return value

    return AfterValidator(check)


def Range(low: int, high: int):  # noqa: N802 - reads like a type in annotations
    return Annotated[int, between(low, high), Field(json_schema_extra={"minimum": low, "maximum": high})]
