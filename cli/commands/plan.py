"""`authstack plan`: run the real program under Pulumi's mocks and show what it would create, with the guardrails'
findings and the replacement guard. No Pulumi CLI, no AWS credentials, deterministic placeholder IDs.

Several stacks (`--stack` repeated, or `--all`) plan in one process: Pulumi and the AWS provider are imported once,
which is most of a plan's cost (bench/bench_plan.py). Each stack is planned once and rendered in every `--format`.
"""
from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, List, Optional

import typer

from authstack.cli.fs import check_target
from authstack.cli.ui import FOUND_PROBLEM, OK, bad_input, console, err_console, fail, require_infra, write_atomic


class Format(str, enum.Enum):
    tree = "tree"
    json = "json"
    mermaid = "mermaid"


#: File extension of each format when plans are written to a folder (`--out DIR`): plan-<stack>.<ext>.
EXTENSIONS = {Format.tree: "txt", Format.json: "json", Format.mermaid: "mmd"}


def lock_path(project_dir: Path, stack: str) -> Path:
    return project_dir / f"authstack.{stack}.lock.json"


def plan(
    stacks: Annotated[Optional[List[str]], typer.Option("--stack", "-s", metavar="NAME", help="A stack to plan (reads Pulumi.<stack>.yaml); repeat for several, planned in one process.")] = None,
    all_stacks: Annotated[bool, typer.Option("--all", help="Plan every Pulumi.<stack>.yaml of the project, in one process.")] = False,
    formats: Annotated[Optional[List[Format]], typer.Option("--format", "-f", help="tree for people, json for scripts (documented contract), mermaid for a README or pull request; repeat to render one plan several ways.")] = None,
    out: Annotated[Optional[Path], typer.Option(metavar="FILE|DIR", help="Write the plan to this file instead of stdout; with several stacks or formats, an existing folder that receives plan-<stack>.txt/.json/.mmd.")] = None,
    against: Annotated[Optional[Path], typer.Option(metavar="FILE|DIR", help="The last applied state: a lock file from --write-lock or a saved `plan --format json`; with several stacks, the folder holding their authstack.<stack>.lock.json. Changes that would replace a user pool, identity pool, identity provider, app client, group or domain fail the plan.")] = None,
    allow_replace: Annotated[bool, typer.Option("--allow-replace", help="Accept the replacements --against finds (only for stacks without real users).")] = False,
    live: Annotated[Optional[Path], typer.Option(metavar="FILE|DIR", help="For a stack that adopts existing resources: the snapshot `authstack describe-adopted` wrote of them (authstack.<stack>.live.json; with several stacks, the folder holding them). Every input the first `pulumi up` would change on a live resource is listed, and fails the plan.")] = None,
    allow_adopted_changes: Annotated[bool, typer.Option("--allow-adopted-changes", help="Accept the in-place changes --live finds on adopted resources (after reviewing each one; replacements still need --allow-replace).")] = False,
    write_lock: Annotated[bool, typer.Option("--write-lock", help="Also write authstack.<stack>.lock.json from this plan: after `pulumi up`, commit it beside the stack file (or keep it as a CI artifact) and plan --against it.")] = False,
    project_dir: Annotated[Path, typer.Option(metavar="DIR", help="Folder holding Pulumi.yaml and the stack files.")] = Path("."),
) -> None:
    """Show every resource a stack would create (type, name, parent, dependencies, key inputs, options), its outputs,
    and the guardrail findings. Secrets show as \\[secret]. With --against, what changes: + create, ~ update in
    place (which inputs), -/+ replace, - delete. With --live, what the adoption run changes on the live resources.

    Exit 1 when a mandatory guardrail fails, --against finds a replacement, or --live finds a change not allowed, 2 on bad input (with --format json
    also {"ok": false, "problems": [...]} on stdout), 3 on an internal error, 0 otherwise.

    Examples: authstack plan -s prod --format mermaid --out docs/prod.mmd;
    authstack plan --all --format json --format mermaid --out plans/ --against locks/
    """
    from authstack.spec.errors import SpecError
    from authstack.spec.load import load, stack_files

    names = _stack_names(stacks or [], all_stacks, project_dir, stack_files)
    chosen = list(dict.fromkeys(formats or [Format.tree]))
    several = len(names) > 1 or len(chosen) > 1
    if out is not None and several and not out.is_dir():
        raise fail(f"{out}: with several stacks or formats, --out must be an existing folder (it receives plan-<stack>.<ext>)")
    if out is None and several and chosen != [Format.tree]:
        raise fail("--out: --format json/mermaid for several stacks or formats needs --out FOLDER (one file per stack and format)")
    if against is not None and len(names) > 1 and not against.is_dir():
        raise fail(f"{against}: with several stacks, --against must be the folder holding authstack.<stack>.lock.json")
    if live is not None and len(names) > 1 and not live.is_dir():
        raise fail(f"{live}: with several stacks, --live must be the folder holding authstack.<stack>.live.json")

    # Every stack's input first: bad input anywhere means exit 2 with nothing planned or written.
    with bad_input(Format.json in chosen):
        jobs, problems = [], []
        for name in names:
            try:
                job = _prepare(load(project_dir, name), name, against, project_dir)
                _prepare_live(job, live)
                jobs.append(job)
            except SpecError as error:
                problems.extend(error.problems)
        if problems:
            raise SpecError(problems)
        targets = [out] if out is not None and not out.is_dir() else []
        targets += [lock_path(project_dir, job.stack) for job in jobs] if write_lock else []
        for target in targets:  # refuse a bad --out or lock target before the (slow) plans, not after them
            check_target(target)
        require_infra("authstack plan")

        from authstack.infra.offline import run_program  # heavy: pulumi + pulumi_aws, paid once for every stack

        # With --against the stack is deployed: its pool exists, and the plan shows the order a real `up` takes.
        codes = [_plan_one(job, run_program(job.loaded, project_dir.resolve(), live=job.before is not None), chosen,
                           out, several, allow_replace, write_lock, project_dir, allow_adopted_changes) for job in jobs]
    raise typer.Exit(max(codes, default=OK))


def _stack_names(given: list[str], all_stacks: bool, project_dir: Path, stack_files) -> list[str]:
    if all_stacks and given:
        raise fail("--all: give --stack or --all, not both")
    if all_stacks:
        found = stack_files(project_dir)
        if not found:
            raise fail(f"{project_dir / 'Pulumi.yaml'}: --all found no Pulumi.<stack>.yaml beside it")
        return found
    if not given:
        raise fail("--stack: give a stack name (repeat for several) or --all")
    return list(dict.fromkeys(given))


@dataclass
class _Job:
    loaded: Any
    stack: str
    against: Path | None  # the file compared with, if any
    before: dict | None = None
    missing_lock: Path | None = None  # --against was a folder without this stack's lock
    lock_hint: Path | None = None  # no --against, but a lock exists that could have been used
    notes: list[str] = field(default_factory=list)
    snapshot: dict | None = None  # --live: the adopted resources as AWS describes them
    snapshot_path: Path | None = None


def live_path(project_dir: Path, stack: str) -> Path:
    return project_dir / f"authstack.{stack}.live.json"


def _prepare_live(job: _Job, live: Path | None) -> None:
    from authstack.cli.plan import snapshot
    from authstack.spec.errors import SpecError

    if live is None:
        return
    path = live_path(live, job.stack) if live.is_dir() else live
    if live.is_dir() and not path.is_file():
        raise SpecError.one(str(path), "", f"no snapshot of {job.stack}'s adopted resources: run "
                                           f"`authstack describe-adopted -s {job.stack} --out {path}`")
    job.snapshot = snapshot.read(path, job.loaded.project, job.stack, job.loaded.region)
    job.snapshot_path = path


def _prepare(loaded, stack: str, against: Path | None, project_dir: Path) -> _Job:
    from authstack.cli.plan import replacement

    job = _Job(loaded=loaded, stack=stack, against=None)
    if against is None:
        if lock_path(project_dir, stack).is_file():
            job.lock_hint = lock_path(project_dir, stack)
        return job
    path = against / f"authstack.{stack}.lock.json" if against.is_dir() else against
    if against.is_dir() and not path.is_file():
        job.missing_lock = path
        return job
    job.before = replacement.read_against(path)
    replacement.check_same_stack(job.before, loaded.project, stack, path)
    job.against = path
    return job


def _plan_one(job: _Job, result, formats: list[Format], out: Path | None, several: bool, allow_replace: bool,
              write_lock: bool, project_dir: Path, allow_adopted: bool = False) -> int:
    from authstack.cli.plan import changes, replacement
    from authstack.cli.plan.document import document
    from authstack.cli.plan.guardrails import findings as run_guardrails

    from authstack.spec.sender_key import external_key_requirement

    doc = document(result, [], [])
    doc["findings"] = run_guardrails(job.loaded, doc)
    # What authstack cannot own but the deployment needs (an external key's policy), stated exactly.
    doc["requirements"] = [r for r in [external_key_requirement(job.loaded.spec, job.loaded.region)] if r]
    doc["changes"] = None
    if job.before is not None:
        doc["replacements"] = replacement.compare(job.before, replacement.lock(doc))
        old = changes.before(job.against, project_dir.resolve())
        doc["changes"] = changes.compare(old, doc, doc["replacements"], project_dir.resolve())
        if old is None:
            job.notes.append(f"{job.against} holds no input digests, so in-place updates are not shown; "
                             f"refresh it with `authstack plan -s {job.stack} --write-lock` after the next deploy")

    doc["adoption"] = None
    if job.snapshot is not None:
        from authstack.cli.plan import adopted

        doc["adoption"] = adopted.check(doc, job.snapshot, str(job.snapshot_path), _plain_details(job.loaded.spec))
        doc["replacements"] = doc["replacements"] + doc["adoption"].pop("replacements")
    elif any(r["options"].get("import") for r in doc["resources"]):
        job.notes.append(f"adopted resources are not compared with AWS: since pulumi/pulumi#19339 the first `up` updates "
                         f"them to this plan; run `authstack describe-adopted -s {job.stack}` and plan with "
                         f"--live {live_path(Path('.'), job.stack)}")

    mandatory = [f for f in doc["findings"] if f["severity"] == "mandatory"]
    blocked = any(c["blocking"] for c in doc["replacements"]) and not allow_replace
    adoption = doc["adoption"]
    # A resource the snapshot does not describe may change in any way: no flag accepts that unseen.
    adopted_blocked = bool(adoption and (adoption["missing"] or (adoption["changes"] and not allow_adopted)))
    for fmt in formats:
        rendered = _render(doc, fmt)
        if out is not None:
            _write(out / f"plan-{job.stack}.{EXTENSIONS[fmt]}" if out.is_dir() else out, rendered)
        elif fmt is Format.tree:
            console.print(rendered)
        else:
            typer.echo(rendered, nl=False)
    if write_lock and not (blocked or adopted_blocked):
        # A blocked plan must not become the new baseline, or the next run would accept the replacement silently.
        lock = {**replacement.lock(doc), "inputs": changes.digests(doc, project_dir.resolve())}
        _write(lock_path(project_dir, job.stack), json.dumps(lock, indent=2, sort_keys=True) + "\n")
    if job.missing_lock is not None:
        # Loud on stderr whatever the format: a stack without a lock is a stack without a replacement guard.
        err_console.print(f"[bold yellow]WARNING[/] {job.stack}: no lock at {job.missing_lock}: replacements are NOT "
                          f"checked; after the next `pulumi up` run `authstack plan -s {job.stack} --write-lock`",
                          soft_wrap=True)
    failed = bool(mandatory or blocked or adopted_blocked)
    # stdout carries JSON or mermaid for a script: the explanation then goes to stderr, so a failing exit is never
    # silent; for people (tree, or files) it follows the plan on stdout.
    machine = out is None and formats != [Format.tree]
    if not machine or failed:
        _report(job, doc, mandatory, blocked, allow_replace, err_console if machine else console, several,
                allow_adopted)
    return FOUND_PROBLEM if failed else OK


def _plain_details(spec) -> dict[str, dict]:
    """Provider name → the ProviderDetails the program sends, without the secret (`plan --live` compares them)."""
    from authstack.infra.identity_providers import plain_details

    return {p.provider_name(key): {k: v for k, v in plain_details(p)[0].items() if isinstance(v, str)}
            for key, p in spec.identity_providers.items()}


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


def _report(job: _Job, doc: dict, mandatory: list[dict], blocked: bool, allowed: bool, where, several: bool,
            allow_adopted: bool = False) -> None:
    from rich.markup import escape

    from authstack.cli.plan import changes
    from authstack.cli.plan.render import SEVERITY_STYLE

    prefix = f"{job.stack}: " if several else ""
    names = {r["urn"]: r["name"] for r in doc["resources"]}
    for f in doc["findings"]:
        style = SEVERITY_STYLE[f["severity"]]
        where.print(f"{prefix}[{style}]{f['severity']}[/] {f['rule']}: {names.get(f['urn'], f['urn'])}: {f['message']}",
                    soft_wrap=True)
    for change in doc["replacements"]:
        word = ("[bold red]replacement allowed[/]" if allowed else "[bold red]replacement blocked[/]") \
            if change["blocking"] else "[yellow]note[/]"
        where.print(f"{prefix}{word} {change['resource']}.{change['attribute']}: {change['message']}", soft_wrap=True)
    if blocked:
        where.print(f"{prefix}Re-run with --allow-replace only if this stack has no users to lose.")
    adoption = doc.get("adoption")
    adopted_failed = False
    if adoption is not None:
        from authstack.cli.plan.render import adoption_lines

        word = "[yellow]adopted change allowed[/]" if allow_adopted else "[bold red]adopted change[/]"
        for line in adoption_lines(adoption):  # live values are the user's text: never rich markup
            where.print(f"{prefix}{word} {escape(line)}", soft_wrap=True)
        for note in adoption["notes"]:
            where.print(f"{prefix}[yellow]note[/] {escape(note['resource'])}.{escape(note['key'])}: set in AWS, not by the program "
                        "(the provider keeps or resets it: check the preview)", soft_wrap=True)
        adopted_failed = bool(adoption["missing"] or (adoption["changes"] and not allow_adopted))
        if adopted_failed:
            where.print(f"{prefix}Each line is a change `pulumi up` makes to a live resource right after importing it "
                        "(pulumi/pulumi#19339). Align the spec with AWS, or re-run with --allow-adopted-changes once "
                        "every change is meant.", soft_wrap=True)
    for note in job.notes:
        where.print(f"{prefix}[yellow]note[/] {note}", soft_wrap=True)
    for need in doc.get("requirements", []):
        statement = json.dumps(need["statement"], sort_keys=True, separators=(",", ":"))
        where.print(f"{prefix}[yellow]needs[/] KMS key {need['key']}: {need['message']}: {escape(statement)}",
                    soft_wrap=True, highlight=False)
    verdict = "[bold red]FAIL[/]" if mandatory or blocked or adopted_failed else "[bold green]OK[/]"
    counts = f"{len(mandatory)} mandatory finding(s), {len(doc['findings']) - len(mandatory)} advisory"
    if job.against is not None:
        total = sum(1 for r in doc["resources"] if r.get("custom", True))
        blocking = sum(1 for c in doc["replacements"] if c["blocking"])
        notes = len(doc["replacements"]) - blocking
        guard = (f"{blocking} replacement(s){f', {notes} note(s)' if notes else ''} against {job.against} "
                 f"({changes.summary(doc['changes'], total)})")
    elif job.lock_hint is not None:
        guard = f"replacements not checked: pass --against {job.lock_hint}"
    else:
        guard = "replacements not checked (no --against lock)"
    if adoption is not None:
        guard += (f"; {len(adoption['changes'])} change(s) to adopted resources, {len(adoption['missing'])} not "
                  f"described, against {adoption['snapshot']}")
    where.print(f"{prefix}{verdict}: {counts}; {guard}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
