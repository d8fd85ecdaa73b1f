"""Checks and resolves the ``with:`` settings of built-in steps at packaging time.

Built-ins describe their settings as plain data (see ``functions/builtins/__init__.py``); this
module interprets that data. It never ships in a zip: the function receives settings already
checked, normalised and with defaults filled in, so the runtime does no validation work.
"""

import copy
import math
import re

from .builtins._email import email_domain, normalize_domain

_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_NO_SPACE = re.compile(r"^[^\s\x00-\x1f\x7f]+$")


class SettingError(Exception):
    """``path`` is relative to the step's ``with:`` mapping."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _scalar(kind: str, value, path: str):
    if kind == "bool":
        if not isinstance(value, bool):
            raise SettingError(path, f"must be true or false, not {type(value).__name__}")
        return value
    if kind == "json":
        return _json(value, path)
    if not isinstance(value, str):
        raise SettingError(path, f"must be a string, not {type(value).__name__}")
    if kind == "str":
        return value
    if kind == "message":
        if not value.strip() or len(value) > 20000:
            raise SettingError(path, "must be non-empty text of at most 20000 characters")
        return value
    if kind == "domain":
        domain = normalize_domain(value.strip())
        if domain is None:
            raise SettingError(path, f"{value!r} is not a domain name")
        return domain
    if kind == "email":
        if email_domain(value) is None:
            raise SettingError(path, f"{value!r} is not a plain email address")
        return value
    if kind == "sha256":
        if not _SHA256.match(value):
            raise SettingError(path, "must be a hex SHA-256 digest (64 hex characters)")
        return value.lower()
    if kind in ("claim", "scope", "group"):
        if not _NO_SPACE.match(value) or len(value) > 128 * (2 if kind != "group" else 1):
            raise SettingError(path, f"{value!r} is not a valid {kind} name")
        return value
    if kind == "url":
        if not _NO_SPACE.match(value) or "#" in value:
            raise SettingError(path, "must be a URL without spaces or fragment")
        if not (value.startswith("https://") or re.match(r"^http://(localhost|127\.0\.0\.1)(:\d+)?(/|$)", value)):
            raise SettingError(path, "must start with https:// (http:// only for localhost)")
        if len(value.split("/", 3)[2]) == 0:
            raise SettingError(path, "has no host")
        return value
    raise AssertionError(f"unknown setting type {kind!r}")


def _json(value, path: str):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SettingError(path, "must be a finite number")
        return value
    if isinstance(value, list):
        return [_json(v, _join(path, i)) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {str(k): _json(v, _join(path, k)) for k, v in value.items() if isinstance(k, str)}
    raise SettingError(path, f"must be JSON data, not {type(value).__name__}")


def check_value(spec, value, path: str):
    """Check ``value`` against ``spec`` (a type name or a dict) and return it normalised."""
    if isinstance(spec, str):
        return _scalar(spec, value, path)
    kind = spec["type"]
    if kind == "list":
        if not isinstance(value, list):
            raise SettingError(path, f"must be a list, not {type(value).__name__}")
        if len(value) < spec.get("min_items", 0):
            raise SettingError(path, f"needs at least {spec['min_items']} item(s)")
        out = [check_value(spec["items"], v, _join(path, i)) for i, v in enumerate(value)]
        return sorted(set(out), key=out.index)  # drop duplicates, keep order
    if kind == "map":
        if not isinstance(value, dict):
            raise SettingError(path, f"must be a mapping, not {type(value).__name__}")
        if len(value) < spec.get("min_items", 0):
            raise SettingError(path, f"needs at least {spec['min_items']} key(s)")
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SettingError(path, f"keys must be strings, not {type(key).__name__}")
            _scalar(spec.get("key", "str"), key, _join(path, key))
            out[key] = check_value(spec["values"], item, _join(path, key))
        return out
    if kind == "object":
        return check_fields(spec["fields"], value, path)
    if kind == "enum":
        if value not in spec["choices"]:
            raise SettingError(path, f"must be one of {', '.join(map(str, spec['choices']))}")
        return value
    if kind in ("int", "number"):
        ok = isinstance(value, int) or (kind == "number" and isinstance(value, float) and math.isfinite(value))
        if isinstance(value, bool) or not ok:
            raise SettingError(path, f"must be {'an integer' if kind == 'int' else 'a number'}")
        if not spec.get("min", -math.inf) <= value <= spec.get("max", math.inf):
            raise SettingError(path, f"must be between {spec.get('min')} and {spec.get('max')}")
        return value
    return check_value(kind, value, path)


def check_fields(fields: dict, value, path: str = "") -> dict:
    """Check a mapping against ``{name: field spec}``; unknown keys are errors, defaults filled in."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SettingError(path, f"must be a mapping, not {type(value).__name__}")
    for key in value:
        if key not in fields:
            from difflib import get_close_matches

            near = get_close_matches(str(key), list(fields), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known: {', '.join(sorted(fields))}"
            raise SettingError(_join(path, key), f"unknown setting{hint}")
    out = {}
    for name, spec in fields.items():
        where = _join(path, name)
        if name in value and value[name] is not None:
            out[name] = check_value(spec, value[name], where)
        elif spec.get("required"):
            raise SettingError(where, "is required")
        elif isinstance(spec, dict) and spec.get("type") == "object" and "default" in spec:
            out[name] = check_fields(spec["fields"], copy.deepcopy(spec["default"]), where)
        else:
            out[name] = copy.deepcopy(spec.get("default"))
    return out
