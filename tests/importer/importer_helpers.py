"""Shared helpers: run the importer through the real CLI on a fixture, into a fresh authstack project, and do what the
user does after it (port the custom triggers, set the secrets and the values the import could not find)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from authstack.cli.main import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "amplify-gen1"
# The fixtures are Gen 1 sample projects whose pools fail the user-pool baseline (issue 10: weak passwords, MFA off,
# localhost callbacks), which only a throwaway stack may keep; the project default says so for every imported stack.
PULUMI_YAML = "name: authstack\nruntime:\n  name: python\nmain: infra/\nconfig:\n  authstack:throwaway: true\n"

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


def ciphertext(path: str) -> str:
    """What `pulumi config set --secret` writes: ``v1:<nonce>:<ciphertext>`` (base64), never the value itself.
    Derived from the key path so the output stays deterministic and each secret's text is unique."""
    digest = hashlib.sha256(f"test secret for {path}".encode()).digest()
    return f"v1:{base64.b64encode(digest[:12]).decode()}:{base64.b64encode(digest).decode()}"


def config_set(project: Path, command: str, value: str, stack: str = "imported") -> str:
    """Apply one printed `pulumi config set [--secret] --path 'authstack:<path>' ...` line to the stack file as the
    Pulumi CLI would (``--secret`` stores ``{secure: <ciphertext>}``); returns the key path it set."""
    args = shlex.split(command)
    assert args[:3] == ["pulumi", "config", "set"], command
    assert "--path" in args and args[args.index("--stack") + 1] == stack, command
    key = args[args.index("--path") + 1]
    secret = "--secret" in args
    file = project / f"Pulumi.{stack}.yaml"
    doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    top, _, rest = key.partition(".")
    steps = [int(s[1:-1]) if s.startswith("[") else s for s in re.findall(r"\[\d+\]|[^.\[\]]+", rest)]
    node = doc["config"][top]
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = {"secure": ciphertext(key)} if secret else value
    file.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return key


def set_unset_values(project: Path, summary: dict, stack: str = "imported") -> list[str]:
    """Run every `pulumi config set` line the import printed: secrets (as ciphertext) and the plain values it wrote as
    REPLACE-ME (a test value per key). Returns the key paths set."""
    done = [config_set(project, c["command"], "", stack) for c in summary["secretCommands"]]
    for p in summary["placeholders"]:
        leaf = re.split(r"[.\[]", p["path"])[-1]
        done.append(config_set(project, p["command"], f"test-{leaf}-set-after-import", stack))
    return done


def complete(project: Path, summary: dict, stack: str = "imported") -> None:
    """Everything the runbook asks before `authstack plan`: port the triggers, set the secrets and the placeholders."""
    write_ports(project, summary)
    set_unset_values(project, summary, stack)


def source(folder: str, rel: str) -> dict:
    return json.loads((FIXTURES / folder / rel).read_text(encoding="utf-8"))
