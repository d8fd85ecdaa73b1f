"""`python -m cli` runs the `authstack` command (what the console script does)."""
from cli.main import app

app(prog_name="authstack")
