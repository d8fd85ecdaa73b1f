"""`authstack validate`: the spec checks alone, for one stack or all of them. No Pulumi needed."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from authstack.cli.ui import OK, bad_input, console, fail, success_json


FEDERATION_LABELS = {
    "facebook_app_id": "facebook", "google_client_id": "google", "amazon_app_id": "amazon",
    "apple_services_id": "apple", "auth0": "auth0", "oidc": "oidc", "saml_provider_arns": "saml",
    "developer_provider_name": "developer identities",
}


def summary(stack) -> dict:
    """What the stack would create, in words a reviewer checks first."""
    spec = stack.spec
    pool = spec.identity_pool
    up = spec.user_pool
    return {
        "stack": stack.stack,
        "region": stack.region,
        "userPool": None if up is None else (up.name or stack.name),
        "signIn": [] if up is None else (up.sign_in.username_attributes or ["username"] + up.sign_in.alias_attributes),
        "mfa": None if up is None else up.mfa.mode,
        "domain": spec.domain.host(stack.region) if spec.domain else None,
        "clients": sorted(spec.clients),
        "identityProviders": sorted(spec.provider_names()),
        "identityPool": None if pool is None else {
            "guestAccess": pool.allow_guest_access,
            "federation": sorted(FEDERATION_LABELS[k] for k, v in pool.federation.model_dump().items() if v),
        },
        "triggers": sorted(spec.triggers),
        "groups": [] if up is None else sorted(up.groups),
        "protected": not spec.throwaway,
    }


def validate(
    stack: Annotated[Optional[list[str]], typer.Option("--stack", "-s", help="Stack to check (repeatable). Default: every Pulumi.<stack>.yaml in the project.")] = None,
    project_dir: Annotated[Path, typer.Option(help="Folder holding Pulumi.yaml and the stack files.")] = Path("."),
    json_output: Annotated[bool, typer.Option("--json", help="Print a machine-readable result instead of a table.")] = False,
) -> None:
    """Check stack files against the spec: types, allowed values, cross-field rules, and secrets kept secret.

    Exit 0 when every stack is valid, 2 with one line per problem (file and key path) otherwise.
    Runs without Pulumi, AWS credentials or network.

    Example: authstack validate --stack prod
    """
    from authstack.spec.errors import SpecError
    from authstack.spec.files import check_stack_name
    from authstack.spec.load import load, read_project, stack_files

    with bad_input(json_output):
        read_project(project_dir)  # a missing or broken Pulumi.yaml is the first thing to say
        for name in stack or ():
            check_stack_name(name)
        names = stack or stack_files(project_dir)
        if not names:
            raise fail(f"{project_dir / 'Pulumi.yaml'}: no Pulumi.<stack>.yaml files next to it")
    from authstack.spec.hardening import advisories

    results, problems, advice = [], [], []
    for name in names:
        try:
            loaded = load(project_dir, name)
        except SpecError as error:  # one bad stack file must not hide the others' problems
            problems.extend(error.problems)
            continue
        refused, advised = privilege_problems(loaded)
        if refused:
            problems.extend(refused)
            continue
        results.append(summary(loaded))
        advice.extend(f"{loaded.file}: authstack:{path}: {message}" for path, message in advisories(loaded.spec))
        advice.extend(advised)
    if problems:
        raise fail(problems)
    if json_output:
        success_json({"stacks": results, "advisories": advice})
        raise typer.Exit(OK)
    _table(results)
    for line in advice:
        console.print(f"[yellow]advisory[/] {escape_markup(line)}", soft_wrap=True)


def privilege_problems(stack) -> tuple[list, list[str]]:
    """The identity-role privilege guardrail (policy/privilege.py, as `plan` runs it) on the roles the spec creates:
    (mandatory lines, advisory lines). Accounts are judged by `plan`, whose graph knows the stack's account."""
    from authstack.policy.privilege import assess
    from authstack.spec.errors import Problem

    spec = stack.spec
    roles: list[tuple[str, str, list]] = []
    if spec.identity_pool is not None:
        for name, role in sorted(spec.identity_pool.roles.items()):
            holder = {"unauthenticated": "guest", "authenticated": "authenticated"}.get(name, "role")
            roles.append((f"identityPool.roles.{name}.policyStatements", holder, role.policy_statements))
    if spec.user_pool is not None and spec.identity_pool is not None:
        for name, group in sorted(spec.user_pool.groups.items()):
            roles.append((f"userPool.groups.{name}.policyStatements", "group", group.policy_statements or []))
    refused, advised = [], []
    for path, holder, statements in roles:
        if not statements:
            continue
        doc = {"Statement": [{"Effect": s.effect, "Action": list(s.actions), "Resource": list(s.resources),
                              **({"Condition": s.conditions} if s.conditions else {})} for s in statements]}
        for issue in assess([doc], holder):
            if issue.severity == "mandatory":
                refused.append(Problem(stack.file, f"authstack:{path}", issue.message))
            else:
                advised.append(f"{stack.file}: authstack:{path}: {issue.message}")
    return refused, advised


def escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _table(results: list[dict]) -> None:
    """One block per stack: reads well at 80 columns and in CI logs."""
    from rich.markup import escape

    for r in results:
        pool = r["identityPool"]
        pool_text = "none" if pool is None else ", ".join(
            (["guest access"] if pool["guestAccess"] else []) + pool["federation"]) or "user-pool sign-in only"
        rows = [
            ("user pool", "none (identity pool federation only)" if r["userPool"] is None
             else f"{r['userPool']} (sign in with {', '.join(r['signIn'])}; MFA {r['mfa']})"),
            ("hosted UI", r["domain"] or "none"),
            ("app clients", ", ".join(r["clients"]) or "none"),
            ("identity providers", ", ".join(r["identityProviders"]) or "none"),
            ("identity pool", pool_text),
            ("groups", ", ".join(r["groups"]) or "none"),
            ("triggers", ", ".join(r["triggers"]) or "none"),
            ("protected", "yes" if r["protected"] else "no (throwaway stack)"),
        ]
        console.print(f"[bold green]✓[/] [bold]{escape(r['stack'])}[/] ({escape(r['region'])})")
        for label, value in rows:
            console.print(f"    {label:<19}{escape(value)}", soft_wrap=True)
    console.print(f"{len(results)} stack(s) valid.")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
