"""The `authstack` command line: one typer app, one module per command under `cli/commands/`.

`main` is the console script: it runs the app with a catch-all, so whatever goes wrong a user sees one line and a
documented exit code (`cli.ui.EXIT_CODES`), never a traceback (AUTHSTACK_DEBUG=1 shows it, for a bug report).
"""
from __future__ import annotations

import os
import sys
from typing import Optional

import typer

from authstack.cli.ui import EXIT_CODES_HELP

app = typer.Typer(
    name="authstack",
    help="Amazon Cognito auth for every environment: validate and plan stacks offline, and write the client configs they imply.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("authstack")
        except PackageNotFoundError:  # running from a checkout that was never installed
            number = "unknown"
        typer.echo(f"authstack {number}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Optional[bool] = typer.Option(None, "--version", is_eager=True, callback=_version,
                                                help="Print the version and exit."),
) -> None:
    """The commands; `--version` is answered here."""


# Commands register themselves here, one line each (keep heavy imports inside the command functions).
from authstack.cli.commands import register  # noqa: E402

register(app)


def _plain_flags(command) -> None:
    """Flags take no value: show none (typer would print `<bool>` after `--force` and `--help`)."""
    for param in getattr(command, "params", []):
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""
    make_help = command.get_help_option

    def help_option(ctx):
        option = make_help(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def main(argv: list[str] | None = None) -> None:
    """The console script: exit codes as documented whatever happens. Typer itself answers usage errors (exit 2),
    --help and Ctrl-C (exit 130); everything else that escapes a command ends here."""
    from authstack.cli import ui
    from authstack.spec.errors import SpecError

    try:
        sys.stdout.reconfigure(errors="backslashreplace")  # a non-UTF-8 terminal must not turn a name into a crash
    except (AttributeError, ValueError):
        pass
    command = typer.main.get_command(app)
    _plain_flags(command)
    try:
        command.main(args=argv, prog_name="authstack")
        code = 0
    except SystemExit:
        raise
    except SpecError as exc:  # bad input that escaped a command's own handling
        ui.report(exc)
        code = ui.BAD_INPUT
    except BaseException as exc:  # noqa: BLE001 - the catch-all: one line, exit 3
        if os.environ.get("AUTHSTACK_DEBUG"):
            raise
        if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] in ("pulumi", "pulumi_aws"):
            ui.report(f"authstack: this command needs the Pulumi SDK ({exc.name} not installed): "
                      "pip install 'authstack[infra]'")
            code = ui.BAD_INPUT
        elif isinstance(exc, KeyboardInterrupt):
            code = 130
        else:
            code = ui.internal_error(exc)
    sys.exit(code)
