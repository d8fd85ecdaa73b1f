"""What an import reports besides the stack file: settings it cannot express, warnings, secrets to set, ports to do."""
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
        return f"pulumi config set --stack {stack} --secret --path 'authstack:{self.path}' '{self.hint}'"

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


@dataclass
class Findings:
    unsupported: list[Unsupported] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    secrets: list[SecretCommand] = field(default_factory=list)
    ports: list[Port] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Settings reproduced with a caveat worth reading (not lost, not a problem)."""

    def cannot(self, file: str, key: str, value: Any, why: str) -> None:
        self.unsupported.append(Unsupported(file, key, value, why))

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
