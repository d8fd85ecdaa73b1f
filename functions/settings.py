"""Checks and resolves the ``with:`` settings of built-in steps at packaging time.

Built-ins describe their settings as plain data (see ``functions/builtins/__init__.py``); this
module interprets that data. It never ships in a zip: the function receives settings already
checked, normalised and with defaults filled in, so the runtime does no validation work.
It shares the redirect-URL rule with the spec (``urls.py``) and imports nothing above the trigger library.
"""

import copy
import math
import re
from difflib import get_close_matches
from urllib.parse import urlsplit

from .builtins._email import email_domain, normalize_domain
from .urls import check_redirect_url
from .trigger_sources import SOURCES, TRIGGER_OF

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


def _did_you_mean(value, choices) -> str:
    near = get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    if not near:  # case slips ("presignup_signup") score low on the default ratio
        folded = {str(c).lower(): str(c) for c in choices}
        near = [folded[str(value).lower()]] if str(value).lower() in folded else []
    return f"; did you mean {near[0]!r}?" if near else ""


def _enum(value, choices, path: str):
    if value not in choices:
        raise SettingError(path, f"{value!r} is not allowed{_did_you_mean(value, choices)} (one of: {', '.join(map(str, choices))})")
    return value


def _trigger_source(spec, value, path: str, trigger: str | None):
    """A ``triggerSource`` the step's trigger really sends (optionally narrowed by ``choices``)."""
    if not isinstance(value, str):
        raise SettingError(path, f"must be a string, not {type(value).__name__}")
    real = SOURCES[trigger] if trigger else tuple(TRIGGER_OF)
    allowed = [s for s in real if s in spec["choices"]] if isinstance(spec, dict) and "choices" in spec else list(real)
    if value in allowed:
        return value
    if value in real:
        raise SettingError(path, f"{value!r} is not supported by this step (one of: {', '.join(allowed)})")
    if value in TRIGGER_OF:
        raise SettingError(path, f"{value!r} is a {TRIGGER_OF[value]} source; a {trigger} function never receives it "
                                 f"(one of: {', '.join(allowed)})")
    raise SettingError(path, f"{value!r} is not a {trigger or 'Cognito'} trigger source{_did_you_mean(value, allowed)} "
                             f"(one of: {', '.join(allowed)})")


def check_web_url(value: str, path: str) -> str:
    """A URL a browser opens (an emailed link) or a server calls: https, http only for ``localhost``.

    Builds on the spec's rule for OAuth redirect URLs (``urls.check_redirect_url``) so
    "http only for localhost" means the same everywhere (``127.0.0.1`` is refused there too),
    and is stricter where a link differs from a redirect: no custom scheme (``myapp://`` in an
    email can be claimed by any installed app, which would receive the code), a host is
    required, and no ``user:password@`` part (``https://bank.example@evil.example/`` reads as
    the bank but goes to evil.example).
    """
    if not _NO_SPACE.match(value):
        raise SettingError(path, f"{value[:80]!r} must be a URL without spaces or control characters")
    try:
        check_redirect_url(value)
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        message = str(exc)
        raise SettingError(path, message if message.startswith(repr(value)) else f"{value!r}: {message}") from None
    if parts.scheme not in ("https", "http"):
        raise SettingError(path, f"{value!r} must start with https:// (http:// only for localhost)")
    if not parts.hostname:
        raise SettingError(path, f"{value!r} has no host")
    if "@" in parts.netloc:
        raise SettingError(path, f"{value!r} must not contain a user name or password before the host")
    return value


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
        return check_web_url(value, path)
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


def check_value(spec, value, path: str, trigger: str | None = None):
    """Check ``value`` against ``spec`` (a type name or a dict) and return it normalised.

    ``trigger`` is the trigger key the step is attached to; ``triggerSource`` values are
    checked against the sources of that trigger.
    """
    kind = spec if isinstance(spec, str) else spec["type"]
    if kind == "triggerSource":
        return _trigger_source(spec, value, path, trigger)
    if isinstance(spec, str):
        return _scalar(spec, value, path)
    if kind == "list":
        if not isinstance(value, list):
            raise SettingError(path, f"must be a list, not {type(value).__name__}")
        if len(value) < spec.get("min_items", 0):
            raise SettingError(path, f"needs at least {spec['min_items']} item(s)")
        out = [check_value(spec["items"], v, _join(path, i), trigger) for i, v in enumerate(value)]
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
            out[key] = check_value(spec["values"], item, _join(path, key), trigger)
        return out
    if kind == "object":
        return check_fields(spec["fields"], value, path, trigger)
    if kind == "enum":
        return _enum(value, spec["choices"], path)
    if kind in ("int", "number"):
        ok = isinstance(value, int) or (kind == "number" and isinstance(value, float) and math.isfinite(value))
        if isinstance(value, bool) or not ok:
            raise SettingError(path, f"must be {'an integer' if kind == 'int' else 'a number'}")
        if not spec.get("min", -math.inf) <= value <= spec.get("max", math.inf):
            raise SettingError(path, f"must be between {spec.get('min')} and {spec.get('max')}")
        return value
    return check_value(kind, value, path, trigger)


def _default(spec, where: str, trigger: str | None):
    default = copy.deepcopy(spec.get("default")) if isinstance(spec, dict) else None
    if isinstance(spec, dict) and spec.get("type") == "object" and "default" in spec:
        return check_fields(spec["fields"], default, where, trigger)
    items = spec.get("items") if isinstance(spec, dict) else None
    if trigger and default and (items == "triggerSource" or (isinstance(items, dict) and items["type"] == "triggerSource")):
        # A step on several triggers lists defaults for all of them; keep this trigger's.
        default = [s for s in default if s in SOURCES[trigger]]
    return default


def check_fields(fields: dict, value, path: str = "", trigger: str | None = None) -> dict:
    """Check a mapping against ``{name: field spec}``; unknown keys are errors, defaults filled in."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SettingError(path, f"must be a mapping, not {type(value).__name__}")
    for key in value:
        if key not in fields:
            hint = _did_you_mean(key, list(fields)) or f"; known: {', '.join(sorted(fields))}"
            raise SettingError(_join(path, key), f"unknown setting{hint}")
    out = {}
    for name, spec in fields.items():
        where = _join(path, name)
        if name in value and value[name] is not None:
            out[name] = check_value(spec, value[name], where, trigger)
        elif isinstance(spec, dict) and spec.get("required"):
            raise SettingError(where, "is required")
        else:
            out[name] = _default(spec, where, trigger)
    return out
