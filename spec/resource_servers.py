"""Resource servers (`authstack:resourceServers`): the APIs whose custom scopes access tokens carry, e.g. for
machine-to-machine clients (client_credentials).

Limits are botocore's cognito-idp shapes (ResourceServerIdentifierType, ResourceServerScopeNameType,
ResourceServerScopeDescriptionType, ResourceServerNameType, ResourceServerScopeListType).
"""
from __future__ import annotations

import re

from pydantic import Field, model_validator

from authstack.spec.base import SpecModel


# botocore patterns, in Python's regex dialect: printable ASCII without space, '"' and '\'; scope names also without '/'.
IDENTIFIER_PATTERN = r"[\x21\x23-\x5B\x5D-\x7E]{1,256}"
SCOPE_NAME_PATTERN = r"[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}"
SERVER_NAME_PATTERN = r"[\w\s+=,.@-]{1,256}"
MAX_SCOPES = 100


class ResourceServer(SpecModel):
    """One API and its scopes (CDK: ``UserPoolResourceServer``). A token's scope reads ``<identifier>/<scope>``."""

    identifier: str
    """Unique in the pool, usually the API's URL, e.g. ``https://api.example.com/orders``. Cannot change after
    creation: a new identifier renames every scope (the replacement guard reports it)."""
    name: str | None = None
    """Shown in the console. @default the key under ``resourceServers``"""
    scopes: dict[str, str] = Field(default_factory=dict)
    """Scope name → description, e.g. ``{read: Read orders}``. @default none (an API with no scopes yet)"""

    @model_validator(mode="after")
    def _check(self) -> "ResourceServer":
        if not re.fullmatch(IDENTIFIER_PATTERN, self.identifier):
            raise ValueError(f"identifier {self.identifier!r}: 1-256 printable characters without spaces, quotes or "
                             f"backslashes")
        if self.name is not None and not re.fullmatch(SERVER_NAME_PATTERN, self.name):
            raise ValueError(f"name {self.name!r}: 1-256 letters, digits, spaces and +=,.@-")
        if len(self.scopes) > MAX_SCOPES:
            raise ValueError(f"scopes: at most {MAX_SCOPES} per resource server (got {len(self.scopes)})")
        for scope, description in self.scopes.items():
            if not re.fullmatch(SCOPE_NAME_PATTERN, scope):
                raise ValueError(f"scopes.{scope}: 1-256 printable characters without spaces, quotes, '/' or '\\'")
            if not 1 <= len(description) <= 256:
                raise ValueError(f"scopes.{scope}: the description must be 1-256 characters")
        return self

    def scope_ids(self) -> list[str]:
        """The scopes as clients name them and tokens carry them: ``<identifier>/<scope>``, in spec order."""
        return [f"{self.identifier}/{s}" for s in self.scopes]
