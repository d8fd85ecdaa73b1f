"""Secret values in the spec: never plain text in a stack file, always a Pulumi secret in the program."""
from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from authstack.spec.refs import is_unresolved


class Secret:
    """A value that must stay a Pulumi secret.

    In a stack file it is ``{secure: <ciphertext>}`` (written by ``pulumi config set --secret --path``), which only the Pulumi
    CLI can decrypt: offline tools see ``value=None``. Inside ``pulumi up`` the CLI hands the program the plaintext, and the
    program wraps it with ``pulumi.Output.secret`` before any resource sees it. A Pulumi program passing `AuthStackArgs`
    gives a Pulumi secret (``config.require_secret``, a Secrets Manager value): ``value`` is then that Output.
    """

    __slots__ = ("value", "ciphertext")

    def __init__(self, value: str | None = None, ciphertext: str | None = None):
        self.value = value
        self.ciphertext = ciphertext

    @property
    def plain_in_file(self) -> bool:
        """True when the value was written in plain text (refused in stack files, and as a string in a program)."""
        return self.ciphertext is None and not is_unresolved(self.value)

    def __repr__(self) -> str:  # never show the value, even in a debugger or a log line
        return "Secret([secret])"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and (self.value, self.ciphertext) == (other.value, other.ciphertext)

    def __hash__(self) -> int:
        return hash((self.value, self.ciphertext))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda s: {"secure": s.ciphertext} if s.ciphertext else "[secret]"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"secure": {"type": "string"}},
            "required": ["secure"],
            "additionalProperties": False,
            "description": "A Pulumi secret: `pulumi config set --secret --path 'authstack:<key path>' VALUE`.",
        }


def _parse(value: Any) -> Secret:
    if isinstance(value, Secret):
        return value
    if is_unresolved(value):  # a pulumi.Output from a program: kept as it is, made secret by the component
        return Secret(value=value)
    if isinstance(value, dict) and set(value) == {"secure"} and isinstance(value["secure"], str):
        if not value["secure"].strip():
            raise ValueError("secure: is empty, so Pulumi has nothing to decrypt; set the secret with "
                             "`pulumi config set --secret --path ...`")
        return Secret(ciphertext=value["secure"])
    if isinstance(value, str) and value:
        return Secret(value=value)
    raise ValueError("must be a secret: set it with `pulumi config set --secret --path ...`")


