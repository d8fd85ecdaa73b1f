"""Read a stack's `authstack:` config from Pulumi.yaml and Pulumi.<stack>.yaml (or from the Pulumi engine) into a Spec.

Everything that can be wrong becomes a `SpecError` whose problems name the file and the key path.
"""
from __future__ import annotations

import difflib
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from authstack.spec import files
from authstack.spec.errors import Problem, SpecError, shown
from authstack.spec.regions import region_problem
from authstack.spec.facts import NAMESPACE
from authstack.spec.secrets import Secret
from authstack.spec.stack import Spec


@dataclass(frozen=True)
class Stack:
    """A validated stack: its spec plus the facts that live outside the `authstack:` namespace."""

    project: str
    stack: str
    region: str
    spec: Spec
    file: str
    """The stack file's name, for messages (e.g. ``Pulumi.prod.yaml``)."""

    @property
    def name(self) -> str:
        return self.spec.name or f"{self.project}-{self.stack}"


# --- files --------------------------------------------------------------------------------------------------------

read_project = files.project_defaults  # the project name and its `authstack:` defaults


def stack_files(project_dir: Path) -> list[str]:
    """Stack names that have a ``Pulumi.<stack>.yaml`` in the project, sorted."""
    return files.stack_names(project_dir)


def load(project_dir: Path | str, stack: str) -> Stack:
    """Validate one stack from its files. Secrets must be ``secure:`` values (they stay unreadable here)."""
    project_dir = Path(project_dir)
    files.check_stack_name(stack)
    project, defaults = read_project(project_dir)
    file = f"Pulumi.{stack}.yaml"
    config = files.read_stack_file(project_dir, stack)
    raw = {k: v for k, v in defaults.items() if k != "__region__"}
    region = config.get("aws:region", defaults.get("__region__"))
    for key, value in config.items():
        if key.startswith(f"{NAMESPACE}:"):
            raw[key.split(":", 1)[1]] = value
        elif ":" not in key:
            raise SpecError.one(file, key, f"keys need a namespace; did you mean {NAMESPACE}:{key}?")
    region_file = file if "aws:region" in config else "Pulumi.yaml"
    if region is None:
        raise SpecError.one(file, "aws:region", "required: the AWS region of this stack (pulumi config set aws:region eu-west-1)")
    if (why := region_problem(region)) is not None:
        raise SpecError.one(region_file, "aws:region", why)
    from_project = {k for k in raw if f"{NAMESPACE}:{k}" not in config}
    try:
        spec = validate(raw, file, plaintext_ok=set(), region=region)
        _check_name_lengths(spec.name or f"{project}-{stack}", spec, file)
        check_trigger_files(spec, project_dir, file)
    except SpecError as error:
        # A default from Pulumi.yaml that is wrong is Pulumi.yaml's problem, not the stack file's.
        raise SpecError([_blame(p, from_project) for p in error.problems]) from None
    return Stack(project=project, stack=stack, region=region, spec=spec, file=file)


#: IAM role and Lambda function names: at most 64 characters, of which Pulumi's auto-naming takes 8 ("-" + 7).
_AWS_NAME_LIMIT, _PULUMI_SUFFIX = 64, 8


def _check_name_lengths(name: str, spec: Spec, file: str) -> None:
    """Every IAM role the program names after the stack must fit AWS's 64 characters (IAM CreateRole RoleName;
    Lambda FunctionName is the same length and a shorter suffix): refused here, not at `pulumi up`."""
    roles = [(f"{name}-{t}-role", f"triggers.{t}") for t in spec.triggers]
    for role, where in roles:
        if len(role) + _PULUMI_SUFFIX > _AWS_NAME_LIMIT:
            room = _AWS_NAME_LIMIT - _PULUMI_SUFFIX - (len(role) - len(name))
            raise SpecError.one(file, f"{NAMESPACE}:name", (
                f"the IAM role of {where} would be named {shown(role, 60)} plus Pulumi's 8-character suffix, over "
                f"AWS's 64 characters: set a shorter authstack:name (at most {max(room, 0)} characters here)"))


def _blame(problem: Problem, from_project: set[str]) -> Problem:
    top = problem.path.removeprefix(f"{NAMESPACE}:").split(".", 1)[0].split("[", 1)[0]
    return Problem("Pulumi.yaml", problem.path, problem.message) if top and top in from_project else problem


def check_trigger_files(spec: Spec, project_dir: Path, file: str, program: bool = False) -> None:
    """Custom handler files exist under the project folder (``program``: key paths as `validate` words them)."""
    from authstack.spec.rules import trigger_steps

    prefix = _prefix(program)
    problems = [Problem(file, f"{prefix}{path}", msg) for path, msg in trigger_steps(spec, project_dir.resolve())]
    if problems:
        raise SpecError(problems)


def from_engine(
    project: str,
    stack: str,
    get: typing.Callable[[str], Any],
    is_secret: typing.Callable[[str], bool],
    keys: typing.Iterable[str] = (),
    root: Path | None = None,
) -> Stack:
    """Validate a stack from the config the Pulumi engine hands the program (plaintext secrets, JSON-encoded objects).

    A secret is accepted in plain text only inside a top-level key the engine marks secret, i.e. one written with
    ``pulumi config set --secret``.
    """
    file = f"Pulumi.{stack}.yaml"
    raw: dict[str, Any] = {}
    secret_keys: set[str] = set()
    known = set(_aliases(Spec))
    unknown = sorted(k.split(":", 1)[1] for k in keys if k.startswith(f"{NAMESPACE}:") and k.split(":", 1)[1] not in known)
    if unknown:
        raise SpecError([Problem(file, f"{NAMESPACE}:{k}", _unknown(k, sorted(known))) for k in unknown])
    for field in Spec.model_fields.values():
        key = field.alias
        value = get(f"{NAMESPACE}:{key}")
        if value is None:
            continue
        if isinstance(value, str) and value[:1] in "{[":
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                pass
        if key == "userPool" and value in ("false", "null", ""):
            value = None  # `authstack:userPool: false` in the stack file
        raw[key] = value
        if is_secret(f"{NAMESPACE}:{key}"):
            secret_keys.add(key)
            if key == "triggers":
                raw[key] = _secret_environment(value)
    region = get("aws:region")
    if not region:
        raise SpecError.one(file, "aws:region", "required: the AWS region of this stack (pulumi config set aws:region eu-west-1)")
    if (why := region_problem(region)) is not None:
        raise SpecError.one(file, "aws:region", why)
    spec = validate(raw, file, plaintext_ok=secret_keys, region=region)
    if root is not None:
        check_trigger_files(spec, root, file)
    return Stack(project=project, stack=stack, region=region, spec=spec, file=file)


def _secret_environment(triggers: Any) -> Any:
    """The engine decrypts a `secure:` trigger environment value into a plain string and marks the whole
    `authstack:triggers` key secret, so which value was the secret is lost: keep every environment value secret."""
    if not isinstance(triggers, dict):
        return triggers
    out = {}
    for name, trigger in triggers.items():
        if isinstance(trigger, dict) and isinstance(trigger.get("environment"), dict):
            trigger = {**trigger, "environment": {k: Secret(value=v) if isinstance(v, str) else v
                                                  for k, v in trigger["environment"].items()}}
        out[name] = trigger
    return out


# --- validation ---------------------------------------------------------------------------------------------------

def validate(
    raw: dict[str, Any], file: str, plaintext_ok: set[str], allow_placeholders: bool = False, program: bool = False,
    region: str | None = None,
) -> Spec:
    """Validate the `authstack:` keys as one Spec; raise SpecError listing every problem.

    ``allow_placeholders`` is for `authstack import-amplify` checking the file it writes: values it could not find
    are ``REPLACE-ME`` until the user sets them, and every other command refuses them.

    ``program`` is for values a Pulumi program passes (`AuthStackArgs`): the same rules and messages, key paths
    without the config namespace (``userPool.mfa.mode``), and a secret must be a Pulumi secret, not a string.
    ``region`` (the stack's AWS region, when the caller knows it) adds the rules that depend on it (`rules.regional`).
    References that are not known yet (a ``pulumi.Output``) pass, as CDK skips unresolved tokens (`spec.refs`)."""
    from authstack.spec import rules  # late: rules imports the model

    prefix = _prefix(program)
    problems: list[Problem] = []
    for key in raw:
        if key not in _aliases(Spec):
            problems.append(Problem(file, f"{prefix}{key}", _unknown(key, _aliases(Spec))))
    known = {k: v for k, v in raw.items() if k in _aliases(Spec)}
    try:
        spec = Spec.model_validate(known)
    except ValidationError as exc:
        problems.extend(_translate(exc, known, file, prefix))
        raise SpecError(problems) from None
    problems.extend(Problem(file, f"{prefix}{path}", msg) for path, msg in _plaintext_secrets(spec, plaintext_ok, program))
    unset = list(_placeholders(known, ""))
    if not allow_placeholders:
        problems.extend(Problem(file, f"{prefix}{path}", msg) for path, msg in unset)
    if set(raw) <= set(_aliases(Spec)):
        # Cross-field rules only on a spec whose keys are all known: a typo'd top-level key (reported above, with its
        # did-you-mean) would otherwise cascade into rules about the section it failed to set. Likewise a value still
        # `REPLACE-ME` is reported once, as unset, not again by every rule that reads it.
        unset_paths = tuple(path for path, _ in unset)
        found = rules.check(spec) + (rules.regional(spec, region) if region else [])
        problems.extend(Problem(file, f"{prefix}{path}", msg) for path, msg in found
                        if not path.startswith(unset_paths) or not unset_paths)
    if problems:
        raise SpecError(problems)
    return spec


def _prefix(program: bool) -> str:
    return "" if program else f"{NAMESPACE}:"


def _plaintext_secrets(spec: Spec, plaintext_ok: set[str], program: bool = False):
    for path, secret in _walk_secrets(spec, ""):
        top = path.split(".", 1)[0].split("[", 1)[0]
        if not secret.plain_in_file or top in plaintext_ok:
            continue
        if program:
            yield path, ("is a secret and must not be a plain string; pass a Pulumi secret "
                         "(pulumi.Config().require_secret(...), or a Secrets Manager value)")
        else:
            yield path, (
                f"is a secret and must not be in plain text; run: pulumi config set --secret --path '{NAMESPACE}:{path}' <value>"
            )


PLACEHOLDER = "REPLACE-ME"


def _placeholders(value: Any, path: str):
    """Values `authstack import-amplify` could not find and left for you to fill in."""
    if isinstance(value, dict):
        if set(value) == {"secure"} and str(value["secure"]).startswith(PLACEHOLDER):
            yield path, f"secret not set yet; run: pulumi config set --secret --path '{NAMESPACE}:{path}' <value>"
            return
        for k, v in value.items():
            yield from _placeholders(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _placeholders(v, f"{path}[{i}]")
    elif isinstance(value, str) and PLACEHOLDER in value:  # also inside a URL (`https://REPLACE-ME`)
        yield path, "placeholder left by authstack import-amplify or init: set the real value"


def _walk_secrets(value: Any, path: str):
    if isinstance(value, Secret):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            yield from _walk_secrets(getattr(value, name), f"{path}.{key}" if path else key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_secrets(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_secrets(v, f"{path}[{i}]")


def _aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _unknown(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known keys: {', '.join(sorted(allowed))})"
    return f"unknown key{hint}"


def _translate(exc: ValidationError, data: dict[str, Any], file: str, prefix: str = f"{NAMESPACE}:") -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc, model = _real_path(err["loc"], data, err["type"])
        path = prefix + _format_path(loc)
        problems.append(Problem(file, path, _message(err, loc, model)))
    return problems


def _real_path(loc: tuple, data: Any, kind: str) -> tuple[tuple, type[BaseModel] | None]:
    """Drop pydantic's internal loc segments (union tags, validator names) and find the model that owns the last key."""
    out: list = []
    node: Any = data
    annotation: Any = Spec
    owner: type[BaseModel] | None = Spec
    for i, seg in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and seg in node:
            out.append(seg)
            owner = _model_of(annotation, node)
            annotation = _child_annotation(annotation, seg, node)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and seg < len(node):
            out.append(seg)
            annotation = _item_annotation(annotation)
            node = node[seg]
        elif last and isinstance(node, dict):
            out.append(seg)
            owner = _model_of(annotation, node)
        # else: an internal segment (discriminator tag, function-after[...]): skip it
    return tuple(out), owner


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    return [annotation]


def _model_of(annotation: Any, node: dict) -> type[BaseModel] | None:
    models = [a for a in _unwrap(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
    if len(models) > 1 and "type" in node:
        for m in models:
            tag = m.model_fields.get("type")
            if tag is not None and node["type"] in typing.get_args(tag.annotation):
                return m
    return models[0] if len(models) == 1 else None


def _child_annotation(annotation: Any, key: Any, node: dict) -> Any:
    model = _model_of(annotation, node)
    if model is not None:
        for name, field in model.model_fields.items():
            if (field.alias or name) == key:
                return field.annotation
        return None
    for a in _unwrap(annotation):
        if typing.get_origin(a) is dict:
            return typing.get_args(a)[1]
    return None


def _item_annotation(annotation: Any) -> Any:
    for a in _unwrap(annotation):
        if typing.get_origin(a) is list:
            return typing.get_args(a)[0]
    return None


def _format_path(loc: tuple) -> str:
    text = ""
    for seg in loc:
        text += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if text else str(seg))
    return text


_TYPE_WORDS = {
    "string_type": "a string", "int_type": "an integer", "int_parsing": "an integer", "bool_type": "true or false",
    "bool_parsing": "true or false", "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "model_attributes_type": "a mapping", "int_from_float": "a whole number", "float_type": "a number",
}


def _message(err: dict, loc: tuple, owner: type[BaseModel] | None) -> str:
    kind, given = err["type"], err.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown(str(loc[-1]), _aliases(owner) if owner else [])
    if kind == "literal_error":
        return f"must be one of {err['ctx']['expected']} (got {shown(given)})"
    if kind == "union_tag_invalid":
        return f"type must be one of {err['ctx']['expected_tags']} (got {shown(err['ctx']['tag'])})"
    if kind == "union_tag_not_found":
        return "needs a type: facebook, google, amazon, apple, auth0, oidc or saml"
    if kind in ("too_short", "too_long"):
        ctx = err.get("ctx", {})
        if kind == "too_short":
            return f"needs at least {ctx.get('min_length')} item(s)"
        return f"takes at most {ctx.get('max_length')} item(s)"
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]} (got {type(given).__name__} {shown(given)})"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "name":
        return f"letters, digits, - and _ only, starting with a letter or digit (got {shown(given)})"
    if kind == "string_too_long":
        return f"must be at most {err['ctx']['max_length']} characters (got {len(given)})"
    if kind in ("value_error", "assertion_error"):
        return err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return err["msg"]
