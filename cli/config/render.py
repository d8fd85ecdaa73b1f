"""Renders every format with Jinja2 (one template per format, in `templates/`, shipped as `authstack.templates`).

Templates only wrap data: the value mapping lives in `cli.config.mapping`, and JSON bodies are
serialised here with ``json.dumps`` (same bytes as ``JSON.stringify(obj, null, n)`` for this data:
insertion order, ``", "``/``": "`` separators, non-ASCII kept as is).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from authstack.cli.config.errors import ConfigError
from authstack.cli.config.formats import FORMATS
from authstack.cli.config import mapping
from authstack.cli.config.mapping import Inputs

#: Where the templates live: package data of ``authstack.templates`` (``templates/`` in the repository).
TEMPLATES_PACKAGE = "authstack.templates"


def _template_source(name: str) -> str | None:
    """A template's text from the installed package (a wheel, a zip or the repository alike); None if absent."""
    from importlib.resources import files

    entry = files(TEMPLATES_PACKAGE).joinpath(name)
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


def _js(value: Any, indent: int | None = None) -> str:
    """A JavaScript/TypeScript literal for plain data (JSON is valid JS)."""
    return json.dumps(value, ensure_ascii=False, indent=indent)


@lru_cache(maxsize=1)
def environment():
    """The Jinja environment: `StrictUndefined` so a missing value fails instead of rendering ''."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        undefined=jinja2.StrictUndefined,
        autoescape=False,           # these are code and JSON files, not HTML
        keep_trailing_newline=True,  # the template decides the file's last byte
        trim_blocks=True,
        lstrip_blocks=True,
        # Compiled templates are cached (per user, in the temp dir, keyed by source checksum): compiling
        # the eight templates is most of a cold run's own time.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters["js"] = _js
    return env


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def dart_string_body(text: str) -> str:
    """Escapes text for a Dart ``'''...'''`` string, where ``\\``, ``$`` and ``'`` are special."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("'", "\\'")


def render_format(name: str, inp: Inputs) -> dict[str, str]:
    """Renders one format; returns ``{relative path: text}``.

    :raises ConfigError: when the stack cannot be written in this format (e.g. a client with a secret).
    """
    stack = inp.cc["stack"]
    if name == "aws-exports":
        body = json.dumps(mapping.aws_exports(inp, name), indent=4, ensure_ascii=False)
        return {"aws-exports.js": _render("aws-exports.js.j2", stack=stack, body=body)}
    if name == "amplifyconfiguration":
        # The Gen 1 CLI writes this JSON twin of aws-exports with 2-space indents and no final newline.
        body = json.dumps(mapping.aws_exports(inp, name), indent=2, ensure_ascii=False)
        return {"amplifyconfiguration.json": _render("amplifyconfiguration.json.j2", body=body)}
    if name == "amplifyconfiguration-mobile":
        body = json.dumps(mapping.mobile_config(inp, name), indent=4, ensure_ascii=False)
        return {"mobile/amplifyconfiguration.json": _render("amplifyconfiguration-mobile.json.j2", body=body)}
    if name == "amplifyconfiguration-dart":
        body = json.dumps(mapping.mobile_config(inp, name), indent=4, ensure_ascii=False)
        return {"amplifyconfiguration.dart": _render("amplifyconfiguration.dart.j2", body=dart_string_body(body))}
    if name == "amplify-outputs":
        body = json.dumps(mapping.amplify_outputs(inp, inp.settings.outputs_version), indent=2, ensure_ascii=False)
        return {"amplify_outputs.json": _render("amplify_outputs.json.j2", body=body)}
    if name == "env":
        variables = [(k, mapping.dotenv_value(k, v, inp.source)) for k, v in mapping.env_vars(inp, inp.settings.env_prefix)]
        return {".env": _render("env.j2", stack=stack, variables=variables)}
    if name == "bootstrap":
        data = mapping.bootstrap_data(inp)
        union = " | ".join(_js(n) for n in data["providers"].values()) or "never"
        return {
            "authstack-auth.js": _render("authstack-auth.js.j2", **data),
            "authstack-auth.d.ts": _render("authstack-auth.d.ts.j2", provider_union=union, **data),
        }
    if name == "bootstrap-v6":
        data = mapping.bootstrap_v6_data(inp)
        union = " | ".join(_js(n) for n in data["providers"].values()) or "never"
        return {
            "authstack-auth-v6.js": _render("authstack-auth-v6.js.j2", **data),
            "authstack-auth-v6.d.ts": _render("authstack-auth-v6.d.ts.j2", provider_union=union, **data),
        }
    raise ConfigError(f"unknown format {name!r}")  # guarded earlier; kept for direct callers


def applicable(name: str, cc: dict) -> bool:
    """Whether the stack can be written in a format (used when no format was asked for explicitly)."""
    return cc["userPool"] is not None or FORMATS[name].works_without_user_pool


def for_runtimes(name: str, runtimes: tuple[str, ...]) -> bool:
    """Whether a format is read by one of the app's runtimes (`authstack:client.runtimes`)."""
    runtime = FORMATS[name].runtime
    return runtime is None or runtime in runtimes


def render_all(cc: dict, source: str, settings, formats: tuple[str, ...] | None) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Renders the requested formats in memory.

    :param formats: explicit format names, or None for every format the stack can express and one of
        ``settings.runtimes`` reads.
    :returns: ``(files, file_format, skipped)``: the files ``{relative path: text}`` in format order,
        the format of each file, and formats skipped because the stack cannot express them (only
        when ``formats`` is None; an explicit request for such a format is an error).
    :raises ConfigError: before anything is written.
    """
    inp = Inputs(cc=cc, source=source, settings=settings)
    if formats is None:
        names = [n for n in FORMATS if for_runtimes(n, tuple(settings.runtimes))]
    else:
        names = list(dict.fromkeys(formats))
    files: dict[str, str] = {}
    owners: dict[str, str] = {}
    skipped: list[str] = []
    for name in names:
        if formats is None and not applicable(name, cc):
            skipped.append(name)
            continue
        for path, text in render_format(name, inp).items():
            files[path] = text
            owners[path] = name
    return files, owners, skipped
