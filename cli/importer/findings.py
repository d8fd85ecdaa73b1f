"""What an import reports besides the stack file: settings it cannot express, warnings, secrets to set, ports to do,
and settings adopted as Gen 1 had them that should change once the adoption is done."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unsupported:
    """A Gen 1 setting authstack cannot express (or expresses differently), with its key and value."""

    file: str
    key: str
    value: Any
    why: str

    def line(self) -> str:
        return f"{self.file}: {self.key} = {json.dumps(self.value, sort_keys=True)}: {self.why}"

    def as_json(self) -> dict:
        return {"file": self.file, "key": self.key, "value": self.value, "why": self.why}


@dataclass(frozen=True)
class SecretCommand:
    """A secret the stack needs and the importer must not copy: the command that sets it, with a placeholder."""

    path: str
    """Key path under ``authstack:``, e.g. ``identityProviders.google.clientSecret``."""
    hint: str
    """What to paste, and where to find it, e.g. ``<Google client secret>``."""
    found_in: str | None
    """The Gen 1 file that holds the value (never the value itself), or None when the project does not have it."""

    def command(self, stack: str) -> str:
        # The same words `authstack validate` prints for a secret not set yet (spec.load), then the value and the stack.
        return f"pulumi config set --secret --path 'authstack:{self.path}' '{self.hint}' --stack {stack}"

    def as_json(self, stack: str) -> dict:
        return {"path": f"authstack:{self.path}", "command": self.command(stack), "foundIn": self.found_in}


@dataclass(frozen=True)
class Port:
    """A Gen 1 trigger module with no built-in equivalent: JavaScript to rewrite as a Python handler."""

    trigger: str
    module: str
    source: str
    """The Gen 1 JavaScript file."""
    handler: str
    """The Python file the stack now points at (relative to the authstack project)."""

    def line(self) -> str:
        return f"triggers.{self.trigger}: port {self.source} ({self.module}) to {self.handler}"


@dataclass(frozen=True)
class FollowUp:
    """A setting written as Gen 1 has it, so that the import matches AWS, but worth changing once Pulumi owns the
    resource (an in-place update after `pulumi preview` shows no diff, never part of the import itself)."""

    key: str
    """Key path under ``authstack:``, e.g. ``clients.web.preventUserExistenceErrors``."""
    value: Any
    """As imported."""
    recommended: Any
    why: str
    guardrail: str | None = None
    """The `authstack plan` guardrail that reports the imported value, if any (its finding is expected until then)."""
    in_place: bool = True
    """False when AWS cannot make the change on the adopted resource (the `why` says what to do instead)."""

    def line(self) -> str:
        rule = f" (`authstack plan` guardrail {self.guardrail} reports it until then)" if self.guardrail else ""
        how = "" if self.in_place else " (not in place)"
        return (f"{self.key}: imported as {json.dumps(self.value)}; change to {json.dumps(self.recommended)} "
                f"after the import{how}: {self.why}{rule}")

    def as_json(self) -> dict:
        return {"key": f"authstack:{self.key}", "value": self.value, "recommended": self.recommended, "why": self.why,
                "guardrail": self.guardrail, "inPlace": self.in_place}


@dataclass
class Findings:
    unsupported: list[Unsupported] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    secrets: list[SecretCommand] = field(default_factory=list)
    ports: list[Port] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Settings reproduced with a caveat worth reading (not lost, not a problem)."""
    follow_ups: list[FollowUp] = field(default_factory=list)
    """Settings to change after the import (see `FollowUp`)."""

    def cannot(self, file: str, key: str, value: Any, why: str) -> None:
        self.unsupported.append(Unsupported(file, key, value, why))

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
