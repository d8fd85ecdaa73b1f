"""`authstack plan`: run the real program under Pulumi's mocks and show what it would create, with the guardrails'
findings and the replacement guard. No Pulumi CLI, no AWS credentials, deterministic placeholder IDs."""
from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from authstack.cli.fs import check_target
from authstack.cli.ui import FOUND_PROBLEM, OK, bad_input, console, require_infra, write_atomic


class Format(str, enum.Enum):
    tree = "tree"
    json = "json"
    mermaid = "mermaid"


def plan(
    stack: Annotated[str, typer.Option("--stack", "-s", metavar="NAME", help="The stack to plan (reads Pulumi.<stack>.yaml).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="tree for people, json for scripts (documented contract), mermaid for a README or pull request.")] = Format.tree,
    out: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write the plan to this file instead of stdout.")] = None,
    against: Annotated[Optional[Path], typer.Option(metavar="FILE", help="The last applied state: a lock file from --write-lock or a saved `plan --format json`. Changes that would replace a user pool, identity pool, identity provider, app client or domain fail the plan.")] = None,
    allow_replace: Annotated[bool, typer.Option("--allow-replace", help="Accept the replacements --against finds (only for stacks without real users).")] = False,
    write_lock: Annotated[bool, typer.Option("--write-lock", help="Also write authstack.<stack>.lock.json: commit it beside the stack file after `pulumi up`, and CI plans --against it.")] = False,
    project_dir: Annotated[Path, typer.Option(metavar="DIR", help="Folder holding Pulumi.yaml and the stack files.")] = Path("."),
) -> None:
    """Show every resource a stack would create (type, name, parent, dependencies, key inputs, options), its outputs,
    and the guardrail findings. Secrets show as \\[secret].

    Exit 1 when a mandatory guardrail fails or --against finds a replacement, 2 on bad input (with --format json
    also {"ok": false, "problems": [...]} on stdout), 3 on an internal error, 0 otherwise.

    Example: authstack plan --stack prod --format mermaid --out docs/prod.mmd
    """
    from authstack.cli.plan import replacement
    from authstack.cli.plan.document import document
    from authstack.cli.plan.guardrails import findings as run_guardrails
    from authstack.spec.load import load

    with bad_input(format is Format.json):
        loaded = load(project_dir, stack)
        before = replacement.read_against(against) if against else None
        if before is not None:
            replacement.check_same_stack(before, loaded.project, stack, against)
        targets = [t for t in (out, project_dir / f"authstack.{stack}.lock.json" if write_lock else None) if t]
        for target in targets:  # refuse a bad --out or lock target before the (slow) plan, not after it
            check_target(target)
        require_infra("authstack plan")

        from authstack.infra.offline import run_program  # heavy: pulumi + pulumi_aws

        # With --against the stack is deployed: its pool exists, and the plan shows the order a real `up` takes.
        result = run_program(loaded, project_dir.resolve(), live=before is not None)
        doc = document(result, [], [])
        doc["findings"] = run_guardrails(loaded, doc)
        if before is not None:
            doc["replacements"] = replacement.compare(before, replacement.lock(doc))

        rendered = _render(doc, format)
        if out is not None:
            _write(out, rendered)
        elif format is Format.tree:
            console.print(rendered)
        else:
            typer.echo(rendered, nl=False)
        mandatory = [f for f in doc["findings"] if f["severity"] == "mandatory"]
        blocked = any(c["blocking"] for c in doc["replacements"]) and not allow_replace
        if write_lock and not blocked:
            # A blocked plan must not become the new baseline, or the next run would accept the replacement silently.
            _write(project_dir / f"authstack.{stack}.lock.json",
                   json.dumps(replacement.lock(doc), indent=2, sort_keys=True) + "\n")
    if format is Format.tree or out is not None:
        _report(doc, mandatory, blocked, allow_replace)
    raise typer.Exit(FOUND_PROBLEM if mandatory or blocked else OK)


def _render(doc: dict, format: Format):
    from authstack.cli.plan.render import mermaid, tree

    if format is Format.json:
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"
    if format is Format.mermaid:
        return mermaid(doc)
    return tree(doc)


def _write(path: Path, content) -> None:
    if not isinstance(content, str):  # a rich renderable: record it as plain text
        import os

        from rich.console import Console

        with open(os.devnull, "w") as sink:
            capture = Console(width=140, record=True, file=sink)
            capture.print(content)
        content = capture.export_text()
    write_atomic(path, content)


def _report(doc: dict, mandatory: list[dict], blocked: bool, allowed: bool) -> None:
    from authstack.cli.plan.render import SEVERITY_STYLE

    names = {r["urn"]: r["name"] for r in doc["resources"]}
    for f in doc["findings"]:
        style = SEVERITY_STYLE[f["severity"]]
        console.print(f"[{style}]{f['severity']}[/] {f['rule']}: {names.get(f['urn'], f['urn'])}: {f['message']}", soft_wrap=True)
    for change in doc["replacements"]:
        word = ("[bold red]replacement allowed[/]" if allowed else "[bold red]replacement blocked[/]") if change["blocking"] \
            else "[yellow]note[/]"
        console.print(f"{word} {change['resource']}.{change['attribute']}: {change['message']}", soft_wrap=True)
    if blocked:
        console.print("Re-run with --allow-replace only if this stack has no users to lose.")
    verdict = "[bold red]FAIL[/]" if mandatory or blocked else "[bold green]OK[/]"
    blocking = sum(1 for c in doc["replacements"] if c["blocking"])
    console.print(f"{verdict}: {len(mandatory)} mandatory finding(s), "
                  f"{len(doc['findings']) - len(mandatory)} advisory, {blocking} replacement(s)"
                  + (f", {len(doc['replacements']) - blocking} note(s)" if len(doc["replacements"]) > blocking else ""))


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
