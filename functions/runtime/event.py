"""Typed accessors for Cognito trigger events that fail with ``MalformedEvent``, never KeyError.

The AWS docs promise shapes, not types: sample events carry booleans where strings are
documented and ``null`` where objects are. Steps read the event only through these helpers so
every surprise becomes one log line naming the key path.
"""

from .errors import MalformedEvent


def _type_name(value) -> str:
    return "null" if value is None else type(value).__name__


def request(event: dict) -> dict:
    """``event.request``, which every trigger event carries."""
    value = event.get("request")
    if not isinstance(value, dict):
        raise MalformedEvent("request", f"is {_type_name(value)}, expected an object")
    return value


def response(event: dict) -> dict:
    """``event.response``; created when Cognito sent ``null`` or nothing (it is ours to fill)."""
    value = event.get("response")
    if value is None:
        value = event["response"] = {}
    if not isinstance(value, dict):
        raise MalformedEvent("response", f"is {_type_name(value)}, expected an object")
    return value


def mapping(parent: dict, key: str, path: str) -> dict:
    """An optional object such as ``validationData``: missing or null reads as empty."""
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedEvent(f"{path}.{key}", f"is {_type_name(value)}, expected an object")
    return value


def text(parent: dict, key: str, path: str, *, required: bool = False) -> str | None:
    """A string field; ``None`` when absent and not required."""
    value = parent.get(key)
    if value is None:
        if required:
            raise MalformedEvent(f"{path}.{key}", "is missing")
        return None
    if not isinstance(value, str):
        raise MalformedEvent(f"{path}.{key}", f"is {_type_name(value)}, expected a string")
    return value


def items(parent: dict, key: str, path: str) -> list:
    """An optional list such as ``session``: missing or null reads as empty."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedEvent(f"{path}.{key}", f"is {_type_name(value)}, expected a list")
    return value


def user_attributes(event: dict) -> dict:
    """``request.userAttributes`` (missing reads as empty: M2M token events have none)."""
    return mapping(request(event), "userAttributes", "request")


def source(event: dict) -> str:
    """``triggerSource``, e.g. ``PreSignUp_SignUp``."""
    return text(event, "triggerSource", "event", required=True)
