"""Every command module, registered on the typer app in the order `--help` lists them."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    # One line per command module; each module defines `register(app)`.
    from authstack.cli.commands import init; init.register(app)  # noqa: E702
    from authstack.cli.commands import validate; validate.register(app)  # noqa: E702
    from authstack.cli.commands import plan; plan.register(app)  # noqa: E702
    from authstack.cli.commands import config; config.register(app)  # noqa: E702
    from authstack.cli.commands import import_amplify; import_amplify.register(app)  # noqa: E702
    from authstack.cli.commands import describe_adopted; describe_adopted.register(app)  # noqa: E702
    from authstack.cli.commands import policy_config; policy_config.register(app)  # noqa: E702
    from authstack.cli.commands import schema; schema.register(app)  # noqa: E702
