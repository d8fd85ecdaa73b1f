"""One import, start to end: read the Gen 1 project, map it, validate the stack file, write it, and say what is left."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authstack.cli.importer import runbook
from authstack.cli.importer.adopt import build_adopt
from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.findings import Findings
from authstack.cli.importer.gen1 import Project, read_project
from authstack.cli.importer.known import SECRET_KEYS
from authstack.cli.importer.mapping import PLACEHOLDER, build_spec, placeholder_keys
from authstack.cli.importer.stackfile import render, validate, write
from authstack.spec.errors import Problem, SpecError


@dataclass(frozen=True)
class ImportRequest:
    """The command's options (see `cli.commands.import_amplify` for their help)."""

    path: Path
    env: str
    stack: str
    project_dir: Path = field(default_factory=Path.cwd)
    force: bool = False
    region: str | None = None
    resource: str | None = None
    write: bool = True
    """False: do everything but write (tests and dry runs)."""


@dataclass
class ImportResult:
    stack: str
    env: str
    resource: str
    stack_file: Path
    text: str
    region: str
    adopt: dict[str, Any]
    findings: Findings
    runbook: list[str]
    files_read: list[str]
    written: bool
    placeholders: list[str] = field(default_factory=list)
    """Key paths (under ``authstack:``) of plain values written as REPLACE-ME, for the user to fill in."""

    def as_json(self) -> dict[str, Any]:
        f = self.findings
        return {
            "stackFile": str(self.stack_file),
            "written": self.written,
            "stack": self.stack,
            "env": self.env,
            "authResource": self.resource,
            "region": self.region,
            "adopted": self.adopt,
            "unsupported": [u.as_json() for u in f.unsupported],
            "warnings": list(f.warnings),
            "notes": list(f.notes),
            "secretCommands": [s.as_json(self.stack) for s in f.secrets],
            "placeholders": [{"path": f"authstack:{p}", "command": placeholder_command(p, self.stack)}
                             for p in self.placeholders],
            "triggersToPort": [{"trigger": p.trigger, "module": p.module, "source": p.source, "handler": p.handler}
                               for p in f.ports],
            "afterImport": [u.as_json() for u in f.follow_ups],
            "filesRead": list(self.files_read),
            "runbook": list(self.runbook),
        }


def run_import(req: ImportRequest) -> ImportResult:
    """Raises `ImportFailure` (bad Gen 1 input, existing stack file) or `SpecError` (the result would not validate);
    in both cases nothing is written."""
    from authstack.cli.fs import target_state
    from authstack.spec.files import check_project_dir, check_stack_name

    check_stack_name(req.stack)
    project_dir = check_project_dir(Path(req.project_dir))
    target = project_dir / f"Pulumi.{req.stack}.yaml"
    if req.write and target_state(target) is not None and not req.force:
        raise ImportFailure(str(target), "", "already exists; pass --force to overwrite it")

    project = read_project(Path(req.path), req.env, req.resource)
    findings = Findings()
    for w in project.warnings:
        findings.warn(w)
    region = _region(project, req.region)
    spec = build_spec(project, req.stack, findings)
    adopt = build_adopt(project, spec, region, findings)
    if adopt:
        spec["adopt"] = adopt
    placeholders = placeholder_keys(spec)
    header = _header(project, req, bool(placeholders or findings.secrets))
    text = render(region, spec, header)
    _refuse_secrets(project, text)
    try:
        validate(text, project_dir, req.stack, {p.handler for p in findings.ports})
    except SpecError as error:
        raise SpecError([Problem(p.file, p.path, f"the imported stack would not validate: {p.message}")
                         for p in error.problems]) from None
    steps = runbook.steps(_runbook_context(req, project, target, region, spec, findings, placeholders))
    if req.write:
        write(target, text)
    return ImportResult(stack=req.stack, env=req.env, resource=project.resource, stack_file=target, text=text,
                        region=region, adopt=adopt, findings=findings, runbook=steps, files_read=project.files,
                        written=req.write, placeholders=placeholders)


def placeholder_command(path: str, stack: str) -> str:
    """How to set a plain value the import left as REPLACE-ME (the secret commands' form, without --secret)."""
    return f"pulumi config set --path 'authstack:{path}' '<value>' --stack {stack}"


def _runbook_context(req: ImportRequest, project: Project, target: Path, region: str, spec: dict[str, Any],
                     findings: Findings, placeholders: list[str]) -> runbook.Context:
    adopt = spec.get("adopt", {})
    pool = spec.get("userPool") or {}
    ident = spec.get("identityPool") or {}
    return runbook.Context(
        stack=req.stack, env=req.env, resource=project.resource, stack_file=target.name, region=region,
        user_pool_id=adopt.get("userPoolId"), identity_pool_id=adopt.get("identityPoolId"),
        has_user_pool=spec.get("userPool") is not False, has_identity_pool="identityPool" in spec,
        has_domain="domain" in spec, has_providers=bool(spec.get("identityProviders")), has_groups=bool(pool.get("groups")),
        sns_role=bool((pool.get("sms") or {}).get("snsCallerArn")),
        roles={name: role["arn"] for name, role in sorted((ident.get("roles") or {}).items()) if role.get("arn")},
        roles_missing=any(u.key.endswith(("AuthRoleArn", "UnauthRoleArn")) for u in findings.unsupported),
        legacy_clients=tuple(sorted(k for k, c in (spec.get("clients") or {}).items()
                                    if c.get("preventUserExistenceErrors") is False)),
        follow_ups=tuple(f.key for f in findings.follow_ups if f.in_place),
        replacements=tuple(f.key for f in findings.follow_ups if not f.in_place),
        guardrails=_guardrails(findings),
        ports=tuple(p.line() for p in findings.ports), secrets=bool(findings.secrets),
        placeholders=tuple(placeholders),
    )


def _guardrails(findings: Findings) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_rule: dict[str, list[str]] = {}
    for f in findings.follow_ups:
        if f.guardrail:
            by_rule.setdefault(f.guardrail, []).append(f.key)
    return tuple((rule, tuple(keys)) for rule, keys in by_rule.items())


def _region(project: Project, given: str | None) -> str:
    sources = []
    if project.cloudformation.get("Region"):
        sources.append(("amplify/team-provider-info.json", f"{project.env}.awscloudformation.Region",
                        project.cloudformation["Region"]))
    pool_id = (project.meta or {}).get("UserPoolId") or (project.exports or {}).get("aws_user_pools_id")
    if isinstance(pool_id, str) and "_" in pool_id:
        sources.append((project.meta_file or project.exports_file, "UserPoolId", pool_id.split("_", 1)[0]))
    elif (project.exports or {}).get("aws_cognito_region"):
        sources.append((project.exports_file, "aws_cognito_region", project.exports["aws_cognito_region"]))
    regions = {r for _, _, r in sources}
    if len(regions) > 1:
        listing = ", ".join(f"{f} {k}={r}" for f, k, r in sources)
        raise ImportFailure(sources[0][0], sources[0][1], f"regions disagree: {listing}")
    found = next(iter(regions), None)
    if given and found and given != found:
        raise ImportFailure("--region", "", f"{given!r} but {sources[0][0]} says {found!r}")
    region = given or found
    if not region:
        raise ImportFailure("amplify/team-provider-info.json", f"{project.env}.awscloudformation.Region",
                            "no region found in the project (no team-provider-info.json, amplify-meta.json or aws-exports.js "
                            "for this environment): pass --region")
    from authstack.spec.regions import region_problem

    if (why := region_problem(region)) is not None:
        raise ImportFailure("--region" if given else sources[0][0], "" if given else sources[0][1], why)
    return region


def _header(project: Project, req: ImportRequest, unset: bool) -> list[str]:
    lines = [
        f"Imported from the Amplify Gen 1 project {Path(req.path).resolve().name!r} by `authstack import-amplify`:",
        f"auth resource {project.resource!r}, environment {req.env!r} ({project.config_file}).",
        "Adopts the existing resources named under authstack:adopt (Pulumi import, protect on); no secret is in this file.",
    ]
    if unset:
        lines += [f"{PLACEHOLDER} marks what the import could not copy: authstack validate/plan/config and `pulumi up` refuse",
                  "this file, naming each key, until you set it with the `pulumi config set` lines the import printed."]
    return lines + ["Follow the import's runbook before `pulumi up`."]


def _refuse_secrets(project: Project, text: str) -> None:
    """A last guard: no secret value the project holds may appear in the stack file."""
    values: list[tuple[str, str]] = []
    for key in SECRET_KEYS:
        for source in (project.env_params, project.config):
            v = source.get(key)
            if isinstance(v, str) and len(v) >= 6:
                values.append((key, v))
            if isinstance(v, list):
                for item in v:
                    for k in ("client_secret", "private_key"):
                        if isinstance(item, dict) and isinstance(item.get(k), str) and len(item[k]) >= 6:
                            values.append((f"{key}.{k}", item[k]))
    secret = (project.meta or {}).get("AppClientSecret")
    if isinstance(secret, str) and len(secret) >= 6:
        values.append(("AppClientSecret", secret))
    for key, value in values:
        if value in text:
            raise ImportFailure(project.config_file, key, "a secret value would have reached the stack file; nothing written")
