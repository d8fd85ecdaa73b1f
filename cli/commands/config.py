"""`authstack config`: write the Amplify client files of one stack from its outputs.

Only `typer` is imported at module level; the generator (`cli.config`) is imported when the command
runs, and `pulumi` only by --offline (and never by --outputs or --from-stack, which shells out).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

_HELP = """Write the Amplify client config files of one stack, from its outputs.

Reads the stack's `clientConfig` output (from --outputs FILE, --from-stack or --offline) and writes,
for the web (public) client: aws-exports.js, amplifyconfiguration.json, amplify_outputs.json, .env and
the auth bootstrap of the app's aws-amplify (authstack-auth-v6.js for v6, authstack-auth.js for v5, each
with its .d.ts; authstack:client.runtimes chooses, default v6); for the native client: the mobile
amplifyconfiguration.json and Flutter's amplifyconfiguration.dart. No secret is ever written.

Client-only settings come from `authstack:client` in Pulumi.<stack>.yaml, else from its project-wide
default in Pulumi.yaml (runtimes, formats, outDir, envPrefix, clientMetadata, authenticationFlowType,
outputsVersion), else from the outputs themselves (clientConfig.clientFiles: what the stack set, so an
app repository without Pulumi.yaml writes the same bytes as the infra repository); flags override them.
The outputs must be of the project named in Pulumi.yaml, when there is one.

Exit codes: 0 done (or --check found no drift), 1 --check found drift, 2 bad input (nothing written; with --json
also {"ok": false, "problems": [{"file", "path", "message"}]} on stdout), 3 an internal error.

\b
Examples:
  pulumi stack output --json --stack dev > dev.json
  authstack config --stack dev --outputs dev.json --out web/src --format aws-exports --format bootstrap-v6
  authstack config --stack prod --outputs prod.json --check      # CI: fail when committed files drift
  authstack config --stack prod --outputs prod.json --out src    # app repository: no Pulumi.yaml needed
  authstack config --stack dev --offline --out /tmp/demo          # placeholder IDs, for review only
"""


def config(
    stack: str = typer.Option(..., "--stack", "-s", metavar="NAME",
                              help="Stack whose files to write; the outputs must be of this stack and of the project named in --project-dir's Pulumi.yaml."),
    outputs: Optional[Path] = typer.Option(None, "--outputs", metavar="FILE",
                                           help="JSON printed by `pulumi stack output --json --stack NAME` (how CI passes outputs between jobs)."),
    from_stack: bool = typer.Option(False, "--from-stack",
                                    help="Ask the Pulumi CLI (`pulumi stack output --json`) in --project-dir; needs `pulumi` on PATH and a login."),
    offline: bool = typer.Option(False, "--offline",
                                 help="Use the offline plan's outputs (Pulumi mocks): placeholder IDs, for demos and review only."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR",
                                       help="Output directory. Default: authstack:client.outDir (relative to --project-dir), else --project-dir itself."),
    formats: Optional[List[str]] = typer.Option(None, "--format", metavar="NAME",
                                                help="Format to write; repeat for several. Default: authstack:client.formats, else every format the stack can express for authstack:client.runtimes (default v6). "
                                                     "Names: aws-exports, amplifyconfiguration, amplifyconfiguration-mobile, amplifyconfiguration-dart, amplify-outputs, env, bootstrap (v5), bootstrap-v6."),
    outputs_version: Optional[str] = typer.Option(None, "--outputs-version", metavar="1.3|1.4|1.5",
                                                  help="amplify_outputs.json version. Default: authstack:client.outputsVersion, else 1.5 (1.3/1.4 for older aws-amplify v6 releases)."),
    env_prefix: Optional[str] = typer.Option(None, "--env-prefix", metavar="PREFIX",
                                             help="Prefix of every .env variable so your bundler exposes it: VITE_, NEXT_PUBLIC_, REACT_APP_ (an empty string for none). Default: authstack:client.envPrefix, else VITE_."),
    check: bool = typer.Option(False, "--check",
                               help="Write nothing; exit 1 and print a unified diff when the files on disk differ from what the outputs imply (CI drift check)."),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable JSON summary instead of the table."),
    project_dir: Optional[Path] = typer.Option(None, "--project-dir", metavar="DIR",
                                               help="The Pulumi project: where Pulumi.yaml (its name is checked against the outputs) and Pulumi.<stack>.yaml live. "
                                                    "Default: the current directory; with --outputs it may be an app repository without Pulumi.yaml, "
                                                    "and the client settings then come from the outputs (clientConfig.clientFiles)."),
) -> None:
    from authstack.cli.config.run import Request, run
    from authstack.cli.ui import FOUND_PROBLEM, bad_input, success_json

    req = Request(stack=stack, outputs=outputs, from_stack=from_stack, offline=offline, out=out,
                  formats=tuple(formats or ()), outputs_version=outputs_version, env_prefix=env_prefix,
                  check=check, project_dir=project_dir or Path("."), project_dir_given=project_dir is not None)
    with bad_input(as_json):  # ConfigError and the stack's own problems (--offline) alike: one line each, exit 2
        result = run(req)

    if as_json:
        success_json(result.as_json(), ok=not result.drift)
    else:
        _print_table(result)
    for note in result.notes:
        print(f"authstack config: note: {note}", file=sys.stderr)
    if result.check and result.diff:
        # The diff goes to stdout as plain text (no Rich markup), so it can be piped to a file or `patch`.
        sys.stdout.write(result.diff)
    if result.drift:
        print(f"authstack config: {sum(f['status'] != 'matches' for f in result.files)} file(s) differ from the "
              f"outputs of stack {stack!r}; run without --check to update them", file=sys.stderr)
        raise typer.Exit(code=FOUND_PROBLEM)


def _print_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    verb = "Checked" if result.check else "Wrote"
    table = Table(title=f"{verb} client config for stack {result.stack!r} in {result.out_dir}", title_justify="left")
    table.add_column("File")
    table.add_column("Format")
    table.add_column("Status")
    colours = {"created": "green", "updated": "yellow", "unchanged": "dim", "matches": "green",
               "differs": "red", "missing": "red"}
    for f in result.files:
        table.add_row(f["path"], f["format"], f"[{colours.get(f['status'], 'white')}]{f['status']}[/]")
    console = Console(highlight=False)
    console.print(table)
    if result.skipped:
        console.print(f"Skipped (the stack has no user pool): {', '.join(result.skipped)}")
    console.print(f"Source: {result.source}", markup=False)


config.__doc__ = _HELP


def register(app: typer.Typer) -> None:
    """Adds `authstack config` to the CLI."""
    app.command("config")(config)
