"""Settings checked at packaging time: trigger sources, link URLs, setting docs, what the zips import."""

import ast
import json
import pathlib
import re
import sys

import pytest

from authstack.functions import package
from authstack.functions.package import StepError, bundle, validate_steps
from authstack.functions.runtime.sources import PREFIXES
from authstack.functions.settings import SettingError, check_web_url
from authstack.functions.trigger_sources import SOURCES, TRIGGER_OF
from trigger_helpers import FIXTURES

# --- the source table -------------------------------------------------------------------------

#: Newer than the 2023 guide excerpt in the fixtures (see tests/fixtures/cognito-events/SOURCE.md).
LIVE_GUIDE_ONLY = {"TokenGeneration_ClientCredentials"} | set(SOURCES["customEmailSender"]) | set(SOURCES["customSmsSender"])
#: Trigger names in the guide's tables → trigger keys.
GUIDE_TRIGGERS = {
    "Pre sign-up": "preSignUp", "Post confirmation": "postConfirmation", "Pre authentication": "preAuthentication",
    "Post authentication": "postAuthentication", "Define auth challenge": "defineAuthChallenge",
    "Create auth challenge": "createAuthChallenge", "Verify auth challenge": "verifyAuthChallengeResponse",
    "Pre token generation": "preTokenGeneration", "User migration": "userMigration", "Custom message": "customMessage",
}


def _guide_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (FIXTURES / "trigger-sources.md").read_text().splitlines():
        cells = [c.strip().replace("\\", "") for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and "_" in cells[1]:
            rows.append((GUIDE_TRIGGERS[cells[0]], cells[1]))
    return rows


def test_source_table_matches_the_developer_guide():
    rows = _guide_rows()
    assert len(rows) == 24  # the guide's tables, so a parsing slip cannot pass silently
    for trigger, source in rows:
        assert TRIGGER_OF.get(source) == trigger, source
    assert set(TRIGGER_OF) - {s for _, s in rows} == LIVE_GUIDE_ONLY


def test_source_table_matches_the_runtime_prefixes():
    assert list(SOURCES) == list(PREFIXES)
    for trigger, names in SOURCES.items():
        assert names and all(n.startswith(PREFIXES[trigger]) for n in names)
        assert len(set(names)) == len(names)


def test_sample_events_use_known_sources():
    seen = set()
    for path in sorted(FIXTURES.glob("*.json")):
        source = json.loads(path.read_text())["triggerSource"]
        if source == "PreTokenGen":  # lambda-go placeholder, see SOURCE.md
            continue
        for name in source.split("/"):  # the custom message fixture lists four in one string
            assert name in TRIGGER_OF, f"{path.name}: {name}"
            seen.add(name)
    assert len(seen) >= 10


# --- triggerSources settings ------------------------------------------------------------------

def _source_specs(fields: dict, path=""):
    """Every setting whose name or items mention trigger sources, with its path."""
    for name, spec in fields.items():
        where = f"{path}.{name}" if path else name
        if isinstance(spec, dict) and spec.get("type") == "object":
            yield from _source_specs(spec["fields"], where)
        elif "source" in name.lower():
            yield where, spec


def test_every_trigger_sources_setting_is_an_enum_of_real_sources():
    found = 0
    for use, module in package._MODULES.items():
        for where, spec in _source_specs(module.SETTINGS):
            found += 1
            items = spec["items"]
            kind = items if isinstance(items, str) else items["type"]
            assert kind == "triggerSource", f"{use}.{where} is typed {kind!r}: a typo would silently never match"
            assert spec.get("min_items", 0) >= 1, f"{use}.{where}: an empty list would silently disable the step"
            real = {s for t in module.TRIGGERS for s in SOURCES[t]}
            assert set(items.get("choices", ())) <= real if isinstance(items, dict) else True
            assert set(spec["default"]) <= real
            for trigger in module.TRIGGERS:  # every trigger the step runs on gets a non-empty default
                resolved = validate_steps(trigger, [{"use": use, "with": _minimal(use)}])[0]["with"]
                value = resolved[where]
                assert value and set(value) <= set(SOURCES[trigger]), (use, trigger, value)
    assert found == 3  # require-validation-data, add-to-group, verification-link


def _minimal(use: str) -> dict:
    return {"require-validation-data": {"fields": {"invite": {}}}, "add-to-group": {"group": "members"},
            "verification-link": {"url": "https://app.example.com/verify"}}[use]


def test_defaults_keep_only_the_step_triggers_sources():
    signup = validate_steps("preSignUp", [{"use": "require-validation-data", "with": _minimal("require-validation-data")}])
    signin = validate_steps("preAuthentication", [{"use": "require-validation-data", "with": _minimal("require-validation-data")}])
    assert signup[0]["with"]["triggerSources"] == ["PreSignUp_SignUp"]
    assert signin[0]["with"]["triggerSources"] == ["PreAuthentication_Authentication"]


@pytest.mark.parametrize("use,trigger,sources,path,fragment", [
    ("require-validation-data", "preSignUp", ["PreSignup_SignUp"], "[0]", "did you mean 'PreSignUp_SignUp'?"),
    ("require-validation-data", "preSignUp", ["presignup_signup"], "[0]", "did you mean 'PreSignUp_SignUp'?"),
    ("require-validation-data", "preSignUp", ["PreAuthentication_Authentication"], "[0]",
     "is a preAuthentication source; a preSignUp function never receives it"),
    ("require-validation-data", "preAuthentication", ["PreAuthentication_Authentication", "PreAuthentication_SignIn"], "[1]",
     "not a preAuthentication trigger source"),
    ("require-validation-data", "preSignUp", [], "", "needs at least 1"),
    ("require-validation-data", "preSignUp", "PreSignUp_SignUp", "", "must be a list"),
    ("require-validation-data", "preSignUp", [7], "[0]", "must be a string"),
    ("add-to-group", "postConfirmation", ["PostConfirmation_ConfirmSignup"], "[0]", "did you mean 'PostConfirmation_ConfirmSignUp'?"),
    ("add-to-group", "postConfirmation", ["PreSignUp_SignUp"], "[0]", "is a preSignUp source"),
    ("verification-link", "customMessage", ["CustomMessage_Signup"], "[0]", "did you mean 'CustomMessage_SignUp'?"),
    ("verification-link", "customMessage", ["CustomMessage_AdminCreateUser"], "[0]", "not supported by this step"),
    ("verification-link", "customMessage", ["CustomMessage_SignUp", "CustomMessage_Authentication"], "[1]", "not supported by this step"),
])
def test_unknown_trigger_sources_are_refused_before_deploy(use, trigger, sources, path, fragment):
    settings = dict(_minimal(use), triggerSources=sources)
    with pytest.raises(StepError) as err:
        validate_steps(trigger, [{"use": use, "with": settings}])
    assert err.value.path == "steps[0].with.triggerSources" + path
    assert fragment in err.value.message
    assert "\n" not in str(err.value)


def test_typo_no_longer_skips_the_invite_gate(event, step):
    """The review's case: the misspelt source used to validate and the gate never ran."""
    digest = "0" * 64
    with pytest.raises(StepError):
        validate_steps("preSignUp", [{"use": "require-validation-data",
                                      "with": {"fields": {"invite": {"sha256": [digest]}}, "triggerSources": ["PreSignup_SignUp"]}}])
    gate = step("require-validation-data", "preSignUp",
                {"fields": {"invite": {"sha256": [digest]}}, "triggerSources": ["PreSignUp_SignUp"]})
    from authstack.functions.runtime.errors import Reject
    with pytest.raises(Reject):
        gate(event("lambda-go-presignup"))  # no invite in validationData: refused


def test_valid_sources_are_kept_in_order_without_duplicates():
    settings = dict(_minimal("add-to-group"), triggerSources=[
        "PostConfirmation_ConfirmForgotPassword", "PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"])
    resolved = validate_steps("postConfirmation", [{"use": "add-to-group", "with": settings}])[0]["with"]
    assert resolved["triggerSources"] == ["PostConfirmation_ConfirmForgotPassword", "PostConfirmation_ConfirmSignUp"]


def test_enum_settings_suggest_the_closest_choice():
    with pytest.raises(StepError) as err:
        validate_steps("preTokenGeneration", [{"use": "token-claims", "with": {"groups": "passthru"}}])
    assert err.value.path == "steps[0].with.groups"
    assert "did you mean 'passthrough'?" in err.value.message and "one of: passthrough, suppress" in err.value.message


# --- URLs ---------------------------------------------------------------------------------------

GOOD_URLS = ["https://app.example.com/verify", "https://app.example.com:8443/v?lang=en", "http://localhost:3000/verify",
             "http://LOCALHOST/verify", "https://xn--bcher-kva.example/v"]
BAD_URLS = {
    "http://app.example.com/verify": "http is only allowed for localhost",
    "http://127.0.0.1:3000/verify": "http is only allowed for localhost",  # as for OAuth redirect URLs
    "http://localhost.evil.example/verify": "http is only allowed for localhost",
    "http://localhost@evil.example/verify": "http is only allowed for localhost",
    "https://app.example.com/v#frag": "fragment",
    "myapp://verify": "must start with https://",  # any installed app could claim the scheme and the code
    "javascript:alert(1)": "must start with https://",
    "app.example.com/verify": "not an absolute URL",
    "https:///verify": "has no host",
    "https://app.example.com@evil.example/verify": "user name or password",
    "https://app.example.com:99999/v": "Port out of range",
    "https://app.example.com/ v": "without spaces",
    "https://[::1/v": "Invalid IPv6 URL",
}


@pytest.mark.parametrize("url", GOOD_URLS)
def test_good_link_urls(url):
    assert check_web_url(url, "url") == url


@pytest.mark.parametrize("url,fragment", sorted(BAD_URLS.items()))
def test_bad_link_urls_name_the_url(url, fragment):
    with pytest.raises(SettingError) as err:
        check_web_url(url, "url")
    assert fragment in err.value.message and "\n" not in err.value.message


#: URLs that only the scheme/host rules decide: the link rule and the spec's redirect rule must agree on them.
SPEC_COMPARABLE = [u for u in GOOD_URLS + sorted(BAD_URLS)
                   if re.match(r"^https?://[^@\s/\[]+(/[^\s]*)?$", u, re.I) and ":99999" not in u]


@pytest.mark.parametrize("url", SPEC_COMPARABLE)
def test_http_rule_is_the_spec_redirect_rule(url):
    """A link is accepted exactly when the spec accepts it as an OAuth redirect URL: one
    meaning of "http only for localhost" (127.0.0.1 is refused by both)."""
    from authstack.spec.clients import check_redirect_url

    try:
        check_redirect_url(url)
        spec_ok = True
    except ValueError:
        spec_ok = False
    try:
        check_web_url(url, "url")
        ours = True
    except SettingError:
        ours = False
    assert ours == spec_ok


@pytest.mark.parametrize("use,trigger,extra", [
    ("verification-link", "customMessage", {}),
    ("user-migration", "userMigration", {}),
])
def test_both_url_settings_use_the_link_rule(use, trigger, extra):
    for url, fragment in (("http://127.0.0.1:8080/x", "localhost"), ("myapp://x", "https://")):
        with pytest.raises(StepError) as err:
            validate_steps(trigger, [{"use": use, "with": {"url": url, **extra}}])
        assert err.value.path == "steps[0].with.url" and fragment in err.value.message
    validate_steps(trigger, [{"use": use, "with": {"url": "http://localhost:8080/x", **extra}}])


def test_verification_url_cannot_carry_the_parameters_the_step_adds():
    with pytest.raises(StepError) as err:
        validate_steps("customMessage", [{"use": "verification-link", "with": {"url": "https://a.example/v?code=1"}}])
    assert err.value.path == "steps[0].with.url" and "'code'" in err.value.message


# --- docs and shipped imports ----------------------------------------------------------------------

def _all_fields(fields: dict, path=""):
    for name, spec in fields.items():
        where = f"{path}.{name}" if path else name
        yield where, spec
        if isinstance(spec, dict):
            if spec.get("type") == "object":
                yield from _all_fields(spec["fields"], where)
            if isinstance(spec.get("values"), dict) and spec["values"].get("type") == "object":
                yield from _all_fields(spec["values"]["fields"], where + ".<key>")


@pytest.mark.parametrize("use", sorted(package._MODULES))
def test_every_setting_documents_its_default_or_that_it_is_required(use):
    for where, spec in _all_fields(package._MODULES[use].SETTINGS):
        doc = spec.get("doc", "")
        assert len(doc) >= 30, f"{use}.{where}: no doc"
        if spec.get("required"):
            assert "Required" in doc, f"{use}.{where}: doc must say it is required"
        else:
            assert "Default:" in doc, f"{use}.{where}: doc must say its default"


_ALLOWED_ROOTS = set(sys.stdlib_module_names) | {"authstack_triggers", "authstack_custom", "boto3"}


@pytest.mark.parametrize("use", sorted(package._MODULES))
def test_shipped_files_import_only_the_standard_library_and_their_package(use, tmp_path, monkeypatch):
    module = package._MODULES[use]
    trigger = module.TRIGGERS[0]
    others = {"user-migration": {"url": "https://l.example"}, "email-domain-allowlist": {"domains": ["a.example"]},
              "email-domain-denylist": {"domains": ["a.example"]}, "token-claims": {}, "auto-confirm": {},
              "email-otp-challenge": {}, "pass-through": {}, "decrypt-code": {}}
    settings = others[use] if use in others else _minimal(use)
    wheelhouse = None
    allowed = _ALLOWED_ROOTS | set(getattr(module, "WHEELS", ()))  # shipped from the trigger's wheelhouse
    if getattr(module, "WHEELS", ()):
        import zipfile

        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        (tmp_path / "wheels").mkdir()
        for name in module.WHEELS:
            with zipfile.ZipFile(tmp_path / "wheels" / f"{name}-1.0-py3-none-any.whl", "w") as archive:
                archive.writestr(f"{name}/__init__.py", "")
        wheelhouse = "wheels"
    for name, local in bundle(trigger, [{"use": use, "with": settings}], tmp_path, wheelhouse).files.items():
        for node in ast.walk(ast.parse(local.read_bytes())):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [node.module.split(".")[0]]
            else:
                continue
            assert set(roots) <= allowed, f"{name} imports {roots}: not available in the Lambda zip"


def test_auto_confirm_does_not_ship_the_domain_list_step(tmp_path):
    files = bundle("preSignUp", [{"use": "auto-confirm"}], tmp_path).files
    assert "authstack_triggers/builtins/_email.py" in files
    assert "authstack_triggers/builtins/_domain_list.py" not in files
    assert not any(pathlib.PurePosixPath(f).name == "trigger_sources.py" for f in files)
