"""`authstack config`: from a stack's `clientConfig` output to every file the Amplify auth runtime loads.

Modules: `contract` (checks the outputs), `settings` (authstack:client), `sources` (where outputs come
from), `mapping` (contract → format data), `render` (Jinja), `writer` (atomic writes, --check), `run`
(the command's logic). Nothing here imports `pulumi`; `offline_outputs` imports the offline plan lazily.
"""
from __future__ import annotations

from authstack.cli.config.errors import ConfigError
from authstack.cli.config.sources import offline_outputs

__all__ = ["ConfigError", "offline_outputs"]
