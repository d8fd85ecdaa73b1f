"""What a plan changes against the last applied one, resource by resource: created, updated in place (which inputs),
replaced, deleted, or unchanged. The replacement guard (`replacement.py`) decides what is dangerous; this module only
says what moves, so a reviewer sees an in-place update as `~` rather than every resource as `+`.

Inputs are compared by digest (the lock keeps digests, not values). A file in a Lambda's code counts by its content
(so moving the project, or installing authstack elsewhere, changes nothing). A secret shows as ``[secret]`` in a plan,
so a changed secret is not seen here.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def digests(doc: dict, root: Path) -> dict[str, dict]:
    """``{resource name: {"type", "inputs": {input key: digest}}}`` of every custom resource of a plan document;
    ``root`` is the project folder its asset paths are relative to."""
    out = {}
    for r in doc["resources"]:
        if r.get("custom", True):
            out[r["name"]] = {"type": r["type"],
                              "inputs": {k: _digest(_contents(v, root)) for k, v in sorted(r["inputs"].items())}}
    return out


def _contents(value: Any, root: Path) -> Any:
    if isinstance(value, dict):
        if set(value) == {"FileAsset"} and isinstance(value["FileAsset"], str):
            try:
                return {"FileAsset": hashlib.sha256((root / value["FileAsset"]).read_bytes()).hexdigest()}
            except OSError:
                return value
        return {k: _contents(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_contents(v, root) for v in value]
    return value


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def before(path: Path, root: Path) -> dict[str, dict] | None:
    """The digests of the last applied state in an ``--against`` file (already checked by `replacement.read_against`):
    a saved plan JSON has every resource; a lock written by `plan --write-lock` keeps them under ``inputs``; an older
    lock has none (None: only the guard's comparison is possible)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("resources"), list):
        return digests(data, root)
    inputs = data.get("inputs")
    return inputs if isinstance(inputs, dict) else None


def compare(old: dict[str, dict] | None, doc: dict, replacements: list[dict], root: Path) -> list[dict]:
    """One entry per resource that changes: ``{"resource", "type", "action", "keys"}``, action being create, update,
    replace or delete; ``keys`` the inputs that differ (for a replacement: the guard's attributes). Sorted by name."""
    replaced: dict[str, list[str]] = {}
    for change in replacements:
        if change["attribute"] != "(resource)" and change.get("blocking", True):
            replaced.setdefault(change["resource"], []).append(change["attribute"])
    new = digests(doc, root)
    old = old or {}
    out = []
    for name in sorted(set(new) | set(old)):
        if name not in new:
            out.append({"resource": name, "type": old[name].get("type"), "action": "delete", "keys": []})
        elif name in replaced:
            out.append({"resource": name, "type": new[name]["type"], "action": "replace", "keys": sorted(replaced[name])})
        elif name not in old:
            out.append({"resource": name, "type": new[name]["type"], "action": "create", "keys": []})
        else:
            was, now = old[name].get("inputs", {}), new[name]["inputs"]
            keys = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
            if keys:
                out.append({"resource": name, "type": new[name]["type"], "action": "update", "keys": keys})
    return out


MARKS = {"create": "+", "update": "~", "replace": "-/+", "delete": "-"}


def summary(changes: list[dict], total: int) -> str:
    counts = {a: sum(1 for c in changes if c["action"] == a) for a in MARKS}
    unchanged = total - counts["create"] - counts["update"] - counts["replace"]
    return (f"{counts['create']} to create, {counts['update']} to update in place, {counts['replace']} to replace, "
            f"{counts['delete']} to delete, {unchanged} unchanged")
