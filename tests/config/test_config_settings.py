"""`authstack:client` has one source of truth: `authstack config` and `authstack validate` give the same verdict.

`cli.config.settings` validates the section with the spec's model (`spec.client_files.ClientFiles`) but reads the
files itself (importing `spec.load` would cost the cold start ~0.08 s). These tests hold the two paths together: one
table of good and bad sections, and of project defaults with stack overrides, goes through the spec's loader
(`spec.load.load`, what `authstack validate` runs) and through the generator's (`load_project`); both must accept or
refuse each one alike, with the same message and the same effective values (and the editor's JSON Schema, generated
from the same model, flags the same ones).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from authstack.cli.config import ConfigError
from authstack.cli.config.formats import FORMAT_NAMES
from authstack.cli.config.settings import NO_DEFAULT, check_flag, load_project
from authstack.cli.config.settings import read_project as read_project_settings
from authstack.spec.client_files import FORMATS as SPEC_FORMATS
from authstack.spec.client_files import ClientFiles
from authstack.spec.errors import SpecError
from authstack.spec.load import load, read_project

ABSENT = object()

#: (id, authstack:client in the stack file). Good and bad, covering every key and each rule.
SECTIONS: list[tuple[str, Any]] = [
    ("empty", {}),
    ("every-key", {"formats": ["env", "bootstrap"], "outDir": "web/src", "envPrefix": "NEXT_PUBLIC_",
                   "clientMetadata": {"app": "web"}, "authenticationFlowType": "CUSTOM_AUTH", "outputsVersion": "1.4",
                   "webClient": "web", "mobileClient": "web"}),
    ("no-prefix", {"envPrefix": ""}),
    ("react-prefix", {"envPrefix": "REACT_APP_"}),
    ("version-number", {"outputsVersion": 1.3}),
    ("lower-prefix", {"envPrefix": "vite"}),
    ("prefix-without-underscore", {"envPrefix": "VITE"}),
    ("prefix-digit-first", {"envPrefix": "1_"}),
    ("prefix-not-string", {"envPrefix": 5}),
    ("empty-out-dir", {"outDir": ""}),
    ("blank-out-dir", {"outDir": "  "}),
    ("out-dir-not-string", {"outDir": ["web"]}),
    ("no-formats", {"formats": []}),
    ("unknown-format", {"formats": ["env", "swift"]}),
    ("formats-not-list", {"formats": "env"}),
    ("formats-null", {"formats": None}),
    ("metadata-number", {"clientMetadata": {"tier": 3}}),
    ("metadata-list", {"clientMetadata": ["a"]}),
    ("bad-flow", {"authenticationFlowType": "PASSWORDLESS"}),
    ("bad-version", {"outputsVersion": "1.6"}),
    ("unknown-key", {"fromats": ["env"]}),
    ("section-null", None),
    ("section-list", ["env"]),
]


def _project(directory: Path, project_config: dict, stack_value: Any) -> Path:
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump({"name": "authstack", "runtime": "python",
                                                           "config": {"aws:region": "eu-west-1", **project_config}}))
    config: dict = {"aws:region": "eu-west-1"}
    if stack_value is not ABSENT:
        config["authstack:client"] = stack_value
    (directory / "Pulumi.t.yaml").write_text(yaml.safe_dump({"config": config}))
    return directory


def _verdicts(directory: Path) -> tuple[Any, Any]:
    """(spec's verdict, generator's verdict): the effective section, or the problem without its file name."""
    try:
        spec_side: Any = load(directory, "t").spec.client
    except SpecError as exc:
        spec_side = [str(p).split(": ", 1)[1] for p in exc.problems]
    try:
        ours: Any = load_project(directory, "t").settings
    except ConfigError as exc:
        ours = str(exc)
    return spec_side, ours


def _same(spec_side: Any, ours: Any, case: str) -> None:
    if isinstance(spec_side, list):
        assert isinstance(ours, str), f"{case}: validate refuses ({spec_side}) but config accepts ({ours})"
        # One line: the spec's first problem, worded as `authstack validate` words it.
        assert ours.split(": ", 1)[1].startswith(spec_side[0]), (case, ours, spec_side)
        return
    assert not isinstance(ours, str), f"{case}: validate accepts but config refuses: {ours}"
    given = spec_side.model_fields_set
    assert ours.env_prefix == spec_side.env_prefix, case
    assert ours.outputs_version == spec_side.outputs_version, case
    assert ours.client_metadata == spec_side.client_metadata, case
    assert ours.flow_type == spec_side.authentication_flow_type, case
    assert ours.formats == (tuple(spec_side.formats) if "formats" in given else None), case
    assert ours.out_dir == (spec_side.out_dir if "out_dir" in given else None), case


@pytest.fixture(scope="module")
def editor_schema():
    """The stack-file JSON Schema editors use, generated from the model now (not the committed copy)."""
    import jsonschema

    from authstack.spec.json_schema import stack_file_schema

    return jsonschema.Draft202012Validator(stack_file_schema())


@pytest.mark.parametrize("case,section", SECTIONS, ids=[c for c, _ in SECTIONS])
def test_config_and_validate_agree_on_the_stack_section(tmp_path: Path, editor_schema, case: str, section: Any) -> None:
    directory = _project(tmp_path / "p", {}, section)
    spec_side, ours = _verdicts(directory)
    _same(spec_side, ours, case)
    if isinstance(ours, str):
        assert ours.startswith("Pulumi.t.yaml: authstack:client"), ours
    # A third judge from the same model: the editor's schema flags exactly what both commands refuse.
    stack_doc = yaml.safe_load((directory / "Pulumi.t.yaml").read_text())
    assert editor_schema.is_valid(stack_doc) is (not isinstance(ours, str)), case


def test_the_table_has_both_verdicts() -> None:
    """The agreement above must not hold only because everything is accepted (or refused)."""
    verdicts = set()
    for _, section in SECTIONS:
        try:
            ClientFiles.model_validate(section)
            verdicts.add("ok")
        except Exception:  # noqa: BLE001 - any refusal
            verdicts.add("refused")
    assert verdicts == {"ok", "refused"}


_DEFAULT = {"formats": ["env"], "envPrefix": "NEXT_PUBLIC_"}

#: (id, Pulumi.yaml config, the stack's authstack:client or ABSENT, what config must end up with or refuse).
PROJECT_CASES = [
    ("default-applies", {"authstack:client": {"value": _DEFAULT}}, ABSENT, ("NEXT_PUBLIC_", ("env",))),
    ("default-key-form", {"authstack:client": {"default": _DEFAULT}}, ABSENT, ("NEXT_PUBLIC_", ("env",))),
    ("bare-key", {"client": {"value": _DEFAULT}}, ABSENT, ("NEXT_PUBLIC_", ("env",))),
    ("stack-replaces-whole-key", {"authstack:client": {"value": _DEFAULT}}, {"formats": ["aws-exports"]},
     ("VITE_", ("aws-exports",))),
    ("stack-empty-section", {"authstack:client": {"value": _DEFAULT}}, {}, ("VITE_", None)),
    ("bad-default-overridden", {"authstack:client": {"value": {"envPrefix": "next"}}}, {"envPrefix": "REACT_APP_"},
     ("REACT_APP_", None)),
    ("bad-default", {"authstack:client": {"value": {"envPrefix": "next"}}}, ABSENT,
     "Pulumi.yaml: authstack:client.envPrefix: must be upper-case letters"),
    ("no-default", {}, ABSENT, ("VITE_", None)),
]


@pytest.mark.parametrize("case,project_config,stack_value,want", PROJECT_CASES, ids=[c[0] for c in PROJECT_CASES])
def test_project_defaults_and_whole_key_override_as_the_spec_reads_them(tmp_path: Path, case: str, project_config: dict,
                                                                         stack_value: Any, want: Any) -> None:
    directory = _project(tmp_path / "p", project_config, stack_value)
    spec_side, ours = _verdicts(directory)
    _same(spec_side, ours, case)
    if isinstance(want, str):
        assert ours.startswith(want), ours  # names the file the bad value is in
    else:
        assert (ours.env_prefix, ours.formats) == want
    # The project name and default come out of Pulumi.yaml as the spec's reader sees them.
    name, defaults = read_project(directory)
    our_name, our_default = read_project_settings(directory)
    assert our_name == name == "authstack"
    assert our_default == defaults.get("client", our_default)
    assert (our_default is NO_DEFAULT) is ("client" not in defaults)


FLAG_CASES = [("--env-prefix", v) for v in ("VITE_", "", "NEXT_PUBLIC_", "vite", "VITE", "_X_")] + \
             [("--outputs-version", v) for v in ("1.3", "1.5", "1.6", "2")] + \
             [("--format", v) for v in (("env",), ("env", "bootstrap"), ("swift",), ("env", "Env"))]


@pytest.mark.parametrize("flag,value", FLAG_CASES)
def test_flags_follow_the_rule_of_the_key_they_override(flag: str, value: Any) -> None:
    key = {"--env-prefix": "envPrefix", "--outputs-version": "outputsVersion", "--format": "formats"}[flag]
    try:
        ClientFiles.model_validate({key: list(value) if flag == "--format" else value})
        model_ok = True
    except Exception:  # noqa: BLE001
        model_ok = False
    try:
        got = check_flag(flag, value)
        assert got == (tuple(value) if flag == "--format" else value)
        flag_ok = True
    except ConfigError as exc:
        assert str(exc).startswith(f"{flag}: "), exc
        flag_ok = False
    assert flag_ok is model_ok


def test_the_generators_formats_are_the_specs() -> None:
    assert FORMAT_NAMES == SPEC_FORMATS


def test_client_files_keeps_the_spec_models_rules() -> None:
    """ClientFiles skips SpecModel only to spare the cold start its attribute-docstring scan: every other setting
    (camelCase keys, unknown keys refused, frozen) must stay the same as the rest of the spec's."""
    from authstack.spec.base import SpecModel

    theirs = dict(SpecModel.model_config)
    assert theirs.pop("use_attribute_docstrings") is True
    assert dict(ClientFiles.model_config) == theirs
    assert all(f.description and "@default" in f.description for f in ClientFiles.model_fields.values())
