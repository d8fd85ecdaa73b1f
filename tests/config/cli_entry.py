"""Runs `authstack config` alone, as the subcommand of a group app (python cli_entry.py config ...).

The tests use it so they exercise this command whatever other commands are registered on `cli.main`;
`test_config_cli.py` also runs the real `authstack` console script once.
"""
import typer

from authstack.cli.commands import config

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """Test entry point."""


config.register(app)

if __name__ == "__main__":
    app()
