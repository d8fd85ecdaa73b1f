"""The logic of `authstack config`, separate from its typer signature so it can be called and tested directly."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from authstack.cli.config.errors import ConfigError
from authstack.cli.config.formats import FORMATS
from authstack.cli.config.settings import ClientSettings, ProjectSettings, check_flag, from_outputs, load_app, load_project


@dataclass(frozen=True)
class Request:
    """The command's options after parsing (see `cli.commands.config.config` for their help)."""

    stack: str
    outputs: Path | None = None
    from_stack: bool = False
    offline: bool = False
    out: Path | None = None
    formats: tuple[str, ...] = ()
    outputs_version: str | None = None
    env_prefix: str | None = None
    check: bool = False
    project_dir: Path = field(default_factory=Path.cwd)
    #: False when --project-dir was not given: a folder without Pulumi.yaml is then an app repository, which reads
    #: the client settings from the outputs; a --project-dir that is given must hold the project.
    project_dir_given: bool = True


@dataclass(frozen=True)
class Result:
    """What a run did: the output directory, each file with its format and status, and the diff (--check)."""

    stack: str
    source: str
    out_dir: Path
    files: list[dict]
    skipped: list[str]
    check: bool
    diff: str = ""
    notes: list[str] = field(default_factory=list)
    """What the written formats cannot express (`mapping.unexpressed`)."""

    @property
    def drift(self) -> bool:
        return self.check and any(f["status"] != "matches" for f in self.files)

    def as_json(self) -> dict:
        data = {"stack": self.stack, "source": self.source, "outDir": str(self.out_dir), "check": self.check,
                "files": self.files, "skippedFormats": self.skipped, "notes": self.notes}
        if self.check:
            data["drift"] = self.drift
        return data


def load_outputs(req: Request):
    """Returns ``(document, source name)`` from exactly one of --outputs, --from-stack, --offline."""
    chosen = [name for name, on in (("--outputs", req.outputs is not None), ("--from-stack", req.from_stack),
                                    ("--offline", req.offline)) if on]
    if len(chosen) != 1:
        what = "got " + " and ".join(chosen) if chosen else "got none"
        raise ConfigError(f"give exactly one source of outputs: --outputs FILE, --from-stack or --offline ({what})")
    if req.outputs is not None:
        from authstack.cli.config.sources import read_outputs_file

        return read_outputs_file(req.outputs), str(req.outputs)
    if req.from_stack:
        from authstack.cli.config.sources import outputs_from_stack

        return outputs_from_stack(req.stack, req.project_dir), f"pulumi stack output --stack {req.stack}"
    from authstack.cli.config import sources  # looked up at call time so tests can stand in for the planner

    return sources.offline_outputs(req.stack, req.project_dir), f"offline plan of stack {req.stack}"


def local_settings(req: Request) -> ProjectSettings:
    """The project's name and `authstack:client` (Pulumi.yaml default, Pulumi.<stack>.yaml); in an app repository
    (--outputs, no --project-dir, no Pulumi.yaml here) neither."""
    from authstack.spec.files import check_project_dir, check_stack_name

    check_stack_name(req.stack)
    check_project_dir(req.project_dir)
    if req.outputs is not None and not req.project_dir_given:
        return load_app(req.project_dir, req.stack)
    return load_project(req.project_dir, req.stack)


def effective_settings(req: Request, cc: dict | None = None, source: str = "") -> ProjectSettings:
    """The settings a run uses, strongest first: flags (each checked by the rule of the key it overrides); the
    stack's own `authstack:client` here (Pulumi.<stack>.yaml, else Pulumi.yaml's default); the one the outputs
    carry (``clientConfig.clientFiles``: what the infra repository used); the defaults."""
    project = local_settings(req)
    if project.source is None and cc is not None:
        carried = from_outputs(cc, source)
        if carried is not None:
            project = replace(project, settings=carried, source=f"{source} (clientConfig.clientFiles)")
    return with_flags(req, project)


def with_flags(req: Request, project: ProjectSettings) -> ProjectSettings:
    changes: dict = {}
    if req.formats:
        changes["formats"] = check_flag("--format", req.formats)
    if req.outputs_version is not None:
        changes["outputs_version"] = check_flag("--outputs-version", req.outputs_version)
    if req.env_prefix is not None:
        changes["env_prefix"] = check_flag("--env-prefix", req.env_prefix)
    return replace(project, settings=replace(project.settings, **changes))


def out_dir_for(req: Request, settings: ClientSettings) -> Path:
    """--out (relative to the working directory), else authstack:client.outDir (relative to the project
    directory, where the stack file is), else the project directory itself."""
    if req.out is not None:
        return req.out
    return req.project_dir / (settings.out_dir or ".")


def run(req: Request) -> Result:
    """Loads, checks, renders everything in memory, then writes atomically (or compares, with --check).

    :raises ConfigError: on any bad input, before anything is written.
    """
    from authstack.cli.config.contract import validate_outputs
    from authstack.cli.config.render import render_all
    from authstack.cli.config.writer import check_all, write_all

    local = with_flags(req, local_settings(req))  # flags and local settings are checked before any outputs are read
    document, source = load_outputs(req)
    cc = validate_outputs(document, source, req.stack, project=local.project)
    settings = effective_settings(req, cc, source).settings
    files, owners, skipped = render_all(cc, source, settings, settings.formats)
    out_dir = out_dir_for(req, settings)
    if req.check:
        results, diff = check_all(out_dir, files)
    else:
        results, diff = write_all(out_dir, files), ""
    from authstack.cli.config.mapping import unexpressed

    listed = [{"path": r.path, "format": owners[r.path], "status": r.status} for r in results]
    notes = unexpressed(cc, list(dict.fromkeys(owners.values())))
    return Result(stack=req.stack, source=source, out_dir=out_dir, files=listed, skipped=skipped,
                  check=req.check, diff=diff, notes=notes)


def format_help() -> str:
    """The format list for --help."""
    return "; ".join(f"{f.name} ({', '.join(f.files)})" for f in FORMATS.values())
