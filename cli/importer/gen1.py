"""Read an Amplify Gen 1 project folder into plain data: the auth resource's settings and everything around it.

Only reads; never decides what a setting becomes (that is `mapping`). Every file problem becomes an `ImportFailure`
naming the file (relative to the project) and the key.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authstack.cli.importer.errors import ImportFailure
from authstack.spec import files as safe
from authstack.spec.errors import SpecError

AUTH_DIR = "amplify/backend/auth"
GROUPS_RESOURCE = "userPoolGroups"
GROUPS_FILE = f"{AUTH_DIR}/{GROUPS_RESOURCE}/user-pool-group-precedence.json"
BACKEND_CONFIG = "amplify/backend/backend-config.json"
TEAM_PROVIDER_INFO = "amplify/team-provider-info.json"
LOCAL_ENV_INFO = "amplify/.config/local-env-info.json"
# The deployed state of the checked-out environment; the working-copy meta is a fallback (often git-ignored).
META_FILES = ("amplify/#current-cloud-backend/amplify-meta.json", "amplify/backend/amplify-meta.json")
EXPORTS_FILES = ("src/aws-exports.js", "aws-exports.js", "src/amplifyconfiguration.json", "amplifyconfiguration.json")
# cognitoConfig keys that Gen 1 stores as JSON inside a string (always in parameters.json, sometimes in cli-inputs.json).
JSON_STRING_KEYS = ("triggers", "hostedUIProviderMeta", "hostedUIProviderCreds", "oAuthMetadata", "selectedParties",
                    "authTriggerConnections")


def read_json(root: Path, rel: str, *, required: bool = True) -> Any:
    """A JSON file of the project, or None when optional and absent (read by the one safe reader: size, depth,
    encoding, special files)."""
    path = root / rel
    if not required and not os.path.lexists(path):
        return None
    return safe.parse_json(read_source(root, rel), rel)


def read_source(root: Path, rel: str) -> str:
    """A text file of the project (UTF-8, a byte order mark dropped), or ImportFailure naming it."""
    return safe.read_text(root / rel, rel)


def read_object(root: Path, rel: str, *, required: bool = True) -> dict | None:
    data = read_json(root, rel, required=required)
    if data is None and os.path.lexists(root / rel):
        raise ImportFailure(rel, "", "must be a JSON object (got null)")
    if data is not None and not isinstance(data, dict):
        raise ImportFailure(rel, "", f"must be a JSON object (got {_kind(data)})")
    return data


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), type(value).__name__)


@dataclass
class Trigger:
    """One Gen 1 trigger function (``<auth resource><TriggerName>``): its modules and their settings."""

    gen1_name: str
    """e.g. ``PreSignup``."""
    modules: list[str]
    function: str
    """The Gen 1 function resource name."""
    function_dir: str
    """``amplify/backend/function/<function>``, relative to the project."""
    params: dict[str, Any]
    """The function's parameters.json merged over its team-provider-info.json values (template settings)."""
    params_file: str | None
    sources: dict[str, str]
    """Module name → its JavaScript source text, where present (``src/<module>.js``)."""


@dataclass
class Project:
    """Everything read from one Gen 1 project for one environment."""

    root: Path
    env: str
    resource: str
    config: dict[str, Any]
    """``cognitoConfig`` (or parameters.json) with JSON-string fields decoded."""
    config_file: str
    config_version: str | None
    env_params: dict[str, Any]
    """team-provider-info.json ``<env>.categories.auth.<resource>``: per-environment values (social IDs and secrets)."""
    cloudformation: dict[str, Any]
    """team-provider-info.json ``<env>.awscloudformation``: region, stack and role names."""
    meta: dict[str, Any] | None
    """amplify-meta.json ``auth.<resource>.output`` of this environment (deployed IDs), when known to be of it."""
    meta_file: str | None
    meta_provider: dict[str, Any]
    """amplify-meta.json ``providers.awscloudformation`` (root stack: role ARNs, stack name), when of this environment."""
    meta_groups: dict[str, Any]
    """amplify-meta.json ``auth.userPoolGroups.output`` (``<group>GroupRole`` ARNs), when of this environment."""
    exports: dict[str, Any] | None
    """The app's aws-exports.js / amplifyconfiguration.json object, when known to be of this environment."""
    exports_file: str | None
    groups: list[dict[str, Any]]
    groups_file: str | None
    triggers: list[Trigger]
    override_file: str | None = None
    """``amplify/backend/auth/<resource>/override.ts`` (`amplify override auth`), when present."""
    override_text: str | None = None
    files: list[str] = field(default_factory=list)
    """Every file read, relative to the project, in reading order."""
    warnings: list[str] = field(default_factory=list)


def read_project(root: Path, env: str, resource: str | None = None) -> Project:
    root = Path(root)
    if not (root / "amplify").is_dir():
        raise ImportFailure(str(root), "", "not an Amplify Gen 1 project (no amplify/ folder)")
    files: list[str] = []
    warnings: list[str] = []

    backend = read_object(root, BACKEND_CONFIG, required=False)
    if backend is not None:
        files.append(BACKEND_CONFIG)
    resource = _pick_resource(root, backend, resource)
    res_dir = f"{AUTH_DIR}/{resource}"
    if backend is not None:
        entry = (backend.get("auth") or {}).get(resource) or {}
        if isinstance(entry, dict) and entry.get("serviceType") == "imported":
            raise ImportFailure(BACKEND_CONFIG, f"auth.{resource}.serviceType",
                                "this auth resource was imported into Amplify (`amplify import auth`): Amplify does not own "
                                "it and keeps no settings for it; adopt it with `pulumi import` directly")

    config, config_file, version = _read_config(root, res_dir)
    files.append(config_file)

    tpi = read_object(root, TEAM_PROVIDER_INFO, required=False)
    env_params: dict[str, Any] = {}
    cloudformation: dict[str, Any] = {}
    function_env: dict[str, Any] = {}
    if tpi is not None:
        files.append(TEAM_PROVIDER_INFO)
        if env not in tpi:
            known = ", ".join(sorted(tpi)) or "none"
            raise ImportFailure(TEAM_PROVIDER_INFO, env, f"no environment named {env!r} (environments: {known})")
        env_block = _obj(tpi[env], TEAM_PROVIDER_INFO, env)
        cloudformation = _obj(env_block.get("awscloudformation") or {}, TEAM_PROVIDER_INFO, f"{env}.awscloudformation")
        categories = _obj(env_block.get("categories") or {}, TEAM_PROVIDER_INFO, f"{env}.categories")
        auth = _obj(categories.get("auth") or {}, TEAM_PROVIDER_INFO, f"{env}.categories.auth")
        env_params = _obj(auth.get(resource) or {}, TEAM_PROVIDER_INFO, f"{env}.categories.auth.{resource}")
        env_params = decode_json_strings(env_params, TEAM_PROVIDER_INFO, f"{env}.categories.auth.{resource}")
        function_env = _obj(categories.get("function") or {}, TEAM_PROVIDER_INFO, f"{env}.categories.function")

    local = read_object(root, LOCAL_ENV_INFO, required=False)
    current_env = local.get("envName") if isinstance(local, dict) else None
    if local is not None:
        files.append(LOCAL_ENV_INFO)

    meta, meta_provider, meta_groups, meta_file = _read_meta(root, env, resource, cloudformation, current_env, files,
                                                             warnings)
    exports, exports_file = _read_exports(root, env, current_env, meta, files, warnings)
    groups, groups_file = _read_groups(root, files)
    triggers = _read_triggers(root, resource, config, config_file, function_env, files)
    override_file, override_text = _read_override(root, res_dir, files)
    return Project(root=root, env=env, resource=resource, config=config, config_file=config_file,
                   config_version=version, env_params=env_params, cloudformation=cloudformation, meta=meta,
                   meta_file=meta_file, meta_provider=meta_provider, meta_groups=meta_groups, exports=exports,
                   exports_file=exports_file, groups=groups, groups_file=groups_file, triggers=triggers,
                   override_file=override_file, override_text=override_text, files=files, warnings=warnings)


def _obj(value: Any, file: str, key: str) -> dict:
    if not isinstance(value, dict):
        raise ImportFailure(file, key, f"must be a JSON object (got {_kind(value)})")
    return value


def _pick_resource(root: Path, backend: dict | None, wanted: str | None) -> str:
    """The Cognito auth resource: the one named, or the only one there is."""
    names: list[str] = []
    if backend is not None:
        auth = _obj(backend.get("auth") or {}, BACKEND_CONFIG, "auth")
        names = sorted(n for n, v in auth.items() if isinstance(v, dict) and v.get("service") == "Cognito")
    if not names and (root / AUTH_DIR).is_dir():
        names = sorted(p.name for p in (root / AUTH_DIR).iterdir() if p.is_dir() and p.name != GROUPS_RESOURCE)
    if wanted is not None:
        if wanted not in names:
            raise ImportFailure(BACKEND_CONFIG if backend is not None else AUTH_DIR, f"auth.{wanted}",
                                f"no Cognito auth resource named {wanted!r} (found: {', '.join(names) or 'none'})")
        return wanted
    if not names:
        raise ImportFailure(BACKEND_CONFIG if backend is not None else AUTH_DIR, "auth",
                            "no Cognito auth resource in this project")
    if len(names) > 1:
        raise ImportFailure(BACKEND_CONFIG, "auth", f"several Cognito auth resources ({', '.join(names)}): pick one with --resource")
    return names[0]


def _read_config(root: Path, res_dir: str) -> tuple[dict, str, str | None]:
    """cli-inputs.json (CLI v7+) wins over the older parameters.json; both become one flat settings dict."""
    cli_inputs = f"{res_dir}/cli-inputs.json"
    if os.path.lexists(root / cli_inputs):
        data = read_object(root, cli_inputs)
        if "cognitoConfig" not in data:
            raise ImportFailure(cli_inputs, "cognitoConfig", "required key is missing")
        config = _obj(data["cognitoConfig"], cli_inputs, "cognitoConfig")
        version = data.get("version")
        return decode_json_strings(config, cli_inputs, "cognitoConfig"), cli_inputs, None if version is None else str(version)
    params = f"{res_dir}/parameters.json"
    if os.path.lexists(root / params):
        return decode_json_strings(read_object(root, params), params, ""), params, None
    raise ImportFailure(res_dir, "", "neither cli-inputs.json nor parameters.json found")


def decode_json_strings(config: dict, file: str, prefix: str) -> dict:
    """Gen 1 stores some values as JSON text (``"triggers": "{\\"PreSignup\\":[...]}"``): decode those in place."""
    out = dict(config)
    for key in JSON_STRING_KEYS:
        value = out.get(key)
        if isinstance(value, str):
            path = f"{prefix}.{key}" if prefix else key
            try:
                out[key] = safe.parse_json(value, file) if value.strip() else None
            except SpecError as exc:
                raise ImportFailure(file, path, f"is a JSON string that does not parse ({exc.problems[0].message})") from None
    return out


def _read_meta(root, env, resource, cloudformation, current_env, files, warnings):
    """(auth output, root-stack provider block, group-stack output, file) of this environment's amplify-meta.json."""
    for rel in META_FILES:
        meta = read_object(root, rel, required=False)
        if meta is None:
            continue
        files.append(rel)
        provider = _dig(meta, "providers", "awscloudformation")
        stack = provider.get("StackName")
        expected = cloudformation.get("StackName")
        if expected and stack:
            same = expected == stack
        else:
            same = current_env == env if current_env else None
        if same is None:
            warnings.append(f"{rel}: cannot tell which environment it belongs to (no team-provider-info.json stack name, no "
                            f"{LOCAL_ENV_INFO}); its IDs were not used")
            return None, {}, {}, None
        if not same:
            warnings.append(f"{rel}: belongs to environment {current_env or stack!r}, not {env!r}; its IDs were not used "
                            f"(run `amplify env checkout {env}` and `amplify pull` to get them)")
            return None, {}, {}, None
        groups = _dig(meta, "auth", GROUPS_RESOURCE, "output")
        output = _dig(meta, "auth", resource, "output") or None
        if output is None:
            warnings.append(f"{rel}: auth.{resource}.output is missing (the resource was never pushed?); no IDs from it")
            return None, provider, groups, None
        return output, provider, groups, rel
    return None, {}, {}, None


def _dig(data: Any, *keys: str) -> dict:
    """``data[k1][k2]...`` when every step is an object, else {} (amplify-meta.json is machine-written but not always
    whole: a half-pushed project may lack any part of it)."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _read_exports(root, env, current_env, meta, files, warnings):
    for rel in EXPORTS_FILES:
        path = root / rel
        if not path.is_file():
            continue
        files.append(rel)
        exports = parse_exports(root, rel)
        if current_env is not None and current_env != env:
            warnings.append(f"{rel}: written for environment {current_env!r}, not {env!r}; its IDs were not used")
            return None, None
        if current_env is None and meta is None:
            warnings.append(f"{rel}: cannot tell which environment it belongs to (no {LOCAL_ENV_INFO}); its IDs were not used")
            return None, None
        return exports, rel
    return None, None


def parse_exports(root: Path, rel: str) -> dict:
    """The config object of aws-exports.js (``const awsmobile = {...}; export default awsmobile;``) or of a web
    amplifyconfiguration.json. The CLI writes JSON inside the JavaScript; hand edits with single quotes, bare keys or
    trailing commas are tolerated."""
    text = read_source(root, rel)
    if rel.endswith(".json"):
        data = read_object(root, rel)
        return data
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ImportFailure(rel, "", "no configuration object found (expected `const awsmobile = {...}`)")
    body = text[start:end + 1]
    try:
        data = safe.parse_json(body, rel)
    except SpecError:
        data = _loose_js_object(body, rel)
    if not isinstance(data, dict):
        raise ImportFailure(rel, "", "the configuration is not an object")
    return data


def _loose_js_object(body: str, rel: str) -> Any:
    text = re.sub(r"//[^\n]*|/\*.*?\*/", "", body, flags=re.S)
    text = re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m.group(1).replace("\\'", "'")), text)
    text = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    try:
        return safe.parse_json(text, rel)
    except SpecError as exc:
        raise ImportFailure(rel, "", f"cannot parse the configuration object ({exc.problems[0].message})") from None


def _read_groups(root: Path, files: list[str]) -> tuple[list[dict], str | None]:
    data = read_json(root, GROUPS_FILE, required=False)
    if data is None:
        return [], None
    files.append(GROUPS_FILE)
    if not isinstance(data, list):
        raise ImportFailure(GROUPS_FILE, "", f"must be a JSON list of groups (got {_kind(data)})")
    for i, group in enumerate(data):
        if not isinstance(group, dict) or not isinstance(group.get("groupName"), str) or not group["groupName"]:
            raise ImportFailure(GROUPS_FILE, f"[{i}].groupName", "each group needs a groupName")
        precedence = group.get("precedence")
        if precedence is not None and (isinstance(precedence, bool) or not isinstance(precedence, int)):
            raise ImportFailure(GROUPS_FILE, f"[{i}].precedence", f"must be a whole number (got {precedence!r})")
    return data, GROUPS_FILE


def _read_triggers(root, resource, config, config_file, function_env, files) -> list[Trigger]:
    triggers = config.get("triggers") or {}
    if not isinstance(triggers, dict):
        raise ImportFailure(config_file, "cognitoConfig.triggers" if config_file.endswith("cli-inputs.json") else "triggers",
                            f"must be an object of trigger name → template list (got {_kind(triggers)})")
    out = []
    for name, modules in sorted(triggers.items()):
        key = ("cognitoConfig.triggers." if config_file.endswith("cli-inputs.json") else "triggers.") + name
        if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
            raise ImportFailure(config_file, key, f"must be a list of template names (got {_kind(modules)})")
        function = f"{resource}{name}"
        function_dir = f"amplify/backend/function/{function}"
        params_file = f"{function_dir}/parameters.json"
        params = read_object(root, params_file, required=False)
        if params is not None:
            files.append(params_file)
        merged = dict(params or {})
        env_values = function_env.get(function)
        if isinstance(env_values, dict):
            merged = {**env_values, **merged}
        sources = {}
        for module in modules:
            src = root / function_dir / "src" / f"{module}.js"
            if src.is_file():
                try:
                    sources[module] = read_source(root, f"{function_dir}/src/{module}.js")
                except SpecError:
                    pass  # unreadable trigger source: reported as code to port, without its text
        out.append(Trigger(gen1_name=name, modules=list(modules), function=function, function_dir=function_dir,
                           params=merged, params_file=params_file if params is not None else None, sources=sources))
    return out


def _read_override(root: Path, res_dir: str, files_read: list[str]) -> tuple[str | None, str | None]:
    """The auth resource's override.ts: CDK code that can change any setting after cli-inputs.json is applied."""
    rel = f"{res_dir}/override.ts"
    path = root / rel
    if not path.is_file():
        return None, None
    text = read_source(root, rel)
    files_read.append(rel)
    return rel, text
