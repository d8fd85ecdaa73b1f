"""`python -m authstack.cli` runs the `authstack` command (what the console script does)."""
from authstack.cli.main import main

main()
