"""`authstack import-amplify`: adopt an Amplify Gen 1 auth backend as a stack, without recreating anything.

Only `typer` is imported at module level; the importer (and pydantic, yaml, rich) load when the command runs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

_HELP = """Write Pulumi.<stack>.yaml from an Amplify Gen 1 project so that `pulumi up` adopts its auth resources.

Reads amplify/backend/auth/<resource>/cli-inputs.json (or the older parameters.json), the user pool groups,
backend-config.json, team-provider-info.json and, where present, #current-cloud-backend/amplify-meta.json and
the app's aws-exports.js / amplifyconfiguration.json (the deployed IDs). Writes the spec that reproduces the
Gen 1 settings plus authstack:adopt with the IDs to import (protect on). Secrets are never copied: the command
prints the `pulumi config set --secret` lines to run. Secrets and values the project does not hold are written as
REPLACE-ME: until you set them, `authstack validate`, `plan`, `config --offline` and `pulumi up` refuse the stack,
naming each key. Every Gen 1 setting authstack cannot express is listed.

Adopted resources keep what Gen 1 gave them, so that the import changes nothing: the client names, LEGACY
user-existence errors, refresh-token validity without units (legacyTokenValidity), token revocation as the
clients were created (off for pre-v7 projects), keeping the original email/phone until a new one is verified
(CLI v7+ only), the Amplify auth/unauth roles (by ARN), username case sensitivity as stated (or left out), and
`userPool: false` for an identity-pool-only project. What is worth changing afterwards is listed under "After
the import", with the `authstack plan` guardrail that reports it until then.

Exit codes: 0 written, 2 bad input or existing stack file (nothing written; with --json also
{"ok": false, "problems": [{"file", "path", "message"}]} on stdout), 3 an internal error.

\b
Examples:
  authstack import-amplify ../my-gen1-app --env prod --stack prod
  authstack import-amplify ../my-gen1-app --env dev --stack dev --json > import.json
"""


def import_amplify(
    path: Path = typer.Argument(..., metavar="PATH", help="The Gen 1 project folder (the one holding amplify/)."),
    env: str = typer.Option(..., "--env", metavar="ENV", help="The Amplify environment to adopt (a key of team-provider-info.json)."),
    stack: str = typer.Option(..., "--stack", "-s", metavar="NAME", help="The stack to write: Pulumi.NAME.yaml."),
    project_dir: Path = typer.Option(Path("."), "--project-dir", metavar="DIR",
                                     help="Where Pulumi.yaml lives and the stack file is written. Default: the current directory."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing Pulumi.NAME.yaml."),
    region: Optional[str] = typer.Option(None, "--region", metavar="REGION",
                                         help="AWS region, when the project does not record it (it must agree if it does)."),
    resource: Optional[str] = typer.Option(None, "--resource", metavar="NAME",
                                           help="The auth resource, when the project has several."),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable JSON summary instead of the report."),
) -> None:
    from authstack.cli.importer import ImportRequest, run_import
    from authstack.cli.ui import bad_input, success_json

    req = ImportRequest(path=path, env=env, stack=stack, project_dir=project_dir, force=force, region=region,
                        resource=resource)
    with bad_input(as_json):  # a bad Gen 1 file, an existing stack file, or a result that would not validate
        result = run_import(req)
    if as_json:
        success_json(result.as_json())
    else:
        _report(result)


def _report(result) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from authstack.cli.importer import runbook

    console = Console(highlight=False, soft_wrap=True)
    f = result.findings
    console.print(f"[bold green]Wrote[/] {escape(str(result.stack_file))} "
                  f"(auth resource {escape(result.resource)}, env {escape(result.env)}, region {escape(result.region)})")
    table = Table(title="Adopted (Pulumi import, protect on)", show_lines=False)
    table.add_column("resource")
    table.add_column("import ID")
    adopt = result.adopt
    if "userPoolId" in adopt:
        table.add_row("user pool", adopt["userPoolId"])
    for name, cid in sorted(adopt.get("clients", {}).items()):
        table.add_row(f"client {name}", cid)
    if "domain" in adopt:
        table.add_row("domain", adopt["domain"])
    if adopt.get("identityProviders"):
        table.add_row("identity providers", "every provider of the spec")
    if adopt.get("groups"):
        table.add_row("groups", "every group of the spec")
    if "identityPoolId" in adopt:
        table.add_row("identity pool", adopt["identityPoolId"])
    if table.row_count:
        console.print(table)
    else:
        console.print("[bold red]Nothing adopted[/]: no deployed IDs were found (see the warnings).")
    if f.unsupported:
        console.print("\n[bold]Gen 1 settings authstack cannot express[/] (key = value: what happens):")
        for item in f.unsupported:
            console.print(f"  - {escape(item.line())}")
    if f.warnings:
        console.print("\n[bold yellow]Warnings[/]:")
        for w in f.warnings:
            console.print(f"  - {escape(w)}")
    if f.notes:
        console.print("\n[bold]Notes[/] (reproduced with a caveat):")
        for n in f.notes:
            console.print(f"  - {escape(n)}")
    if f.follow_ups:
        console.print("\n[bold]After the import[/] (kept as Gen 1 has them so the import matches AWS; change them once "
                      "`pulumi preview` shows no diff):")
        for u in f.follow_ups:
            console.print(f"  - {escape(u.line())}")
    if f.secrets:
        console.print("\n[bold]Secrets to set[/] (never copied; replace the placeholder, or omit it to be prompted; "
                      "the stack is refused until each is set):")
        for s in f.secrets:
            where = f"  # in {s.found_in}" if s.found_in else "  # not in the project: from the provider's console"
            console.print(f"  {escape(s.command(result.stack))}{escape(where)}")
    if result.placeholders:
        from authstack.cli.importer.run import placeholder_command

        console.print("\n[bold]Values to fill in[/] (written as REPLACE-ME, not found in the project; the stack is "
                      "refused until each is set):")
        for path in result.placeholders:
            console.print(f"  {escape(placeholder_command(path, result.stack))}")
    if f.ports:
        console.print("\n[bold]Trigger code to port to Python[/]:")
        for p in f.ports:
            console.print(f"  - {escape(p.line())}")
    console.print("\n[bold]Runbook[/] (in this order):")
    console.print(escape(runbook.text(result.runbook)))


def register(app: typer.Typer) -> None:
    app.command("import-amplify", help=_HELP)(import_amplify)
