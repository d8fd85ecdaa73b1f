"""Shared helpers: run the importer through the real CLI on a fixture, into a fresh authstack project."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "amplify-gen1"
PULUMI_YAML = "name: authstack\nruntime:\n  name: python\nmain: infra/\n"

# (id, folder, env, extra CLI args)
CASES = [
    ("aid-covid", "aid-covid-19-android-vive", "dev", []),
    ("ui-federated", "amplify-ui-env/environments/auth/auth-with-federated", "dev", ["--region", "us-east-1"]),
    ("ui-sms-mfa", "amplify-ui-env/environments/auth/auth-with-phone-and-sms-mfa", "dev", ["--region", "us-east-1"]),
    ("shop-app", "shop-app", "prod", []),
    ("identity-pool-only", "identity-pool-only", "staging", []),
    ("legacy-params", "legacy-params", "dev", []),
]


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def import_json(folder: str, env: str, project: Path, *extra: str, stack: str = "imported") -> dict:
    result = run_cli("import-amplify", str(FIXTURES / folder), "--env", env, "--stack", stack,
                     "--project-dir", str(project), "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write_ports(project: Path, summary: dict) -> None:
    """Stand in for the developer who ports each custom Gen 1 module to Python."""
    for port in summary["triggersToPort"]:
        path = project / port["handler"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("def handler(event, context):\n    return event\n", encoding="utf-8")


def source(folder: str, rel: str) -> dict:
    return json.loads((FIXTURES / folder / rel).read_text(encoding="utf-8"))
