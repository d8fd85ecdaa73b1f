"""Client-only settings for `authstack config`: `authstack:client`. Not infrastructure; flags override them."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from spec.base import SpecModel

FORMATS = (
    "aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
    "amplify-outputs", "env", "bootstrap",
)
Format = Literal[
    "aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
    "amplify-outputs", "env", "bootstrap",
]


class ClientFiles(SpecModel):
    """What `authstack config` writes for this stack, and the client-side Amplify options it bakes in."""

    formats: list[Format] = Field(default_factory=lambda: list(FORMATS))
    """@default every format"""
    out_dir: str = "."
    """Where files are written, relative to the project. @default the project directory"""
    env_prefix: str = "VITE_"
    """Prefix of `.env` keys (VITE_, NEXT_PUBLIC_, REACT_APP_, ...). @default VITE_"""
    client_metadata: dict[str, str] = Field(default_factory=dict)
    """Static ``clientMetadata`` sent to triggers on every call (Amplify v5). @default none"""
    authentication_flow_type: Literal["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_AUTH"] = "USER_SRP_AUTH"
    """Amplify v5 ``authenticationFlowType``. @default USER_SRP_AUTH"""
    outputs_version: Literal["1.3", "1.4", "1.5"] = "1.5"
    """amplify_outputs.json schema version. @default 1.5"""
    web_client: str | None = None
    """The app client web files use. @default ``web`` if it exists, else the first client without a secret"""
    mobile_client: str | None = None
    """The app client mobile files use. @default ``native`` if it exists, else the web client"""
