"""References to resources the spec does not create (an SES identity, a KMS key, a certificate, a role): a plain string
in a stack file, or a value only the deployment will know when a Pulumi program passes another resource's output.

Like CDK's ``Token.isUnresolved``: validation accepts such a value as it is and every rule that reads the string skips
it; the provider checks it at deploy time. Standard library and pydantic only: the spec never imports pulumi, so
"unresolved" is recognised by shape (a `pulumi.Output` has ``apply`` and ``is_secret``; anything awaitable counts too).
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import WrapValidator


def is_unresolved(value: Any) -> bool:
    """True for a value known only at deploy time: a ``pulumi.Output`` (or any awaitable of the value)."""
    return (hasattr(value, "apply") and hasattr(value, "is_secret")) or hasattr(value, "__await__")


def _string_or_unresolved(value: Any, handler: Any) -> Any:
    return value if is_unresolved(value) else handler(value)


Ref = Annotated[str, WrapValidator(_string_or_unresolved)]
"""A string, or (from a Pulumi program) a ``pulumi.Input[str]`` that is not known yet. JSON Schema: a string."""


def known(value: Any) -> str | None:
    """The string itself, or None when it is not known yet (rules use this to skip what they cannot check)."""
    return None if value is None or is_unresolved(value) else value
