"""The packaging API the Pulumi program calls: files, environment, IAM actions, errors with paths, zip."""

import dataclasses
import io
import json
import pathlib
import zipfile

import pytest

from authstack.functions import package
from authstack.functions.package import BUILTINS, Bundle, StepError, bundle, external_grants, validate_steps, zip_bytes

RUNTIME = {"index.py", "authstack_triggers/runtime/chain.py", "authstack_triggers/runtime/errors.py",
           "authstack_triggers/runtime/event.py", "authstack_triggers/runtime/sources.py"}

MINIMAL = {
    "email-domain-allowlist": ("preSignUp", {"domains": ["example.com"]}),
    "email-domain-denylist": ("preSignUp", {"domains": ["example.com"]}),
    "require-validation-data": ("preAuthentication", {"fields": {"k": {}}}),
    "auto-confirm": ("preSignUp", {}),
    "add-to-group": ("postConfirmation", {"group": "g"}),
    "token-claims": ("preTokenGeneration", {}),
    "verification-link": ("customMessage", {"url": "https://app.example.com/v"}),
    "email-otp-challenge": ("verifyAuthChallengeResponse", {}),
    "user-migration": ("userMigration", {"url": "https://legacy.example.com"}),
    "pass-through": ("preTokenGeneration", {}),
}


@pytest.fixture
def project(tmp_path):
    (tmp_path / "functions" / "custom").mkdir(parents=True)
    (tmp_path / "functions" / "custom" / "check_invite.py").write_text("def handler(event, context):\n    return event\n")
    return tmp_path


def test_builtins_listing_is_complete():
    # decrypt-code needs a wheelhouse: its bundle is built for real in test_trigger_decrypt_code.py.
    assert set(BUILTINS) == set(MINIMAL) | {"decrypt-code"}
    assert all(isinstance(d, str) and d and "\n" not in d for d in BUILTINS.values())


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_each_bundle_holds_only_runtime_and_its_builtin(name, project):
    trigger, settings = MINIMAL[name]
    b = bundle(trigger, [{"use": name, "with": settings}], project)
    module = name.replace("-", "_")
    expected = RUNTIME | {f"authstack_triggers/builtins/{module}.py"}
    expected |= {f"authstack_triggers/builtins/{m}.py" for m in package._MODULES[name].USES}
    assert set(b.files) == expected
    assert all(path.is_file() for path in b.files.values())
    assert b.handler == "index.handler"
    assert list(b.files) == sorted(b.files)


def test_two_step_bundle_env_and_files(project):
    steps = [{"use": "email-domain-allowlist", "with": {"domains": ["Example.COM."]}},
             {"handler": "functions/custom/check_invite.py"}]
    b = bundle("preSignUp", steps, project)
    assert b.files["authstack_custom/functions/custom/check_invite.py"] == project / "functions/custom/check_invite.py"
    assert b.environment["AUTHSTACK_TRIGGER"] == "preSignUp"
    assert json.loads(b.environment["AUTHSTACK_STEPS"]) == [
        {"use": "email-domain-allowlist",
         "with": {"domains": ["example.com"], "message": "Sign-up is not allowed for this email domain.", "subdomains": False}},
        {"handler": "authstack_custom.functions.custom.check_invite"}]
    assert b.environment["AUTHSTACK_STEPS"] == json.dumps(json.loads(b.environment["AUTHSTACK_STEPS"]), sort_keys=True, separators=(",", ":"))
    assert b.pool_actions == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.handler = "x"  # type: ignore[misc]


def test_pool_actions_are_merged_sorted_and_unique(project):
    steps = [{"use": "add-to-group", "with": {"group": "a"}}, {"use": "add-to-group", "with": {"group": "b"}}]
    assert bundle("postConfirmation", steps, project).pool_actions == sorted(set(package._MODULES["add-to-group"].POOL_ACTIONS))


def test_digest_not_plain_secret_in_environment(project):
    import hashlib
    digest = hashlib.sha256(b"invite-code-xyz").hexdigest()
    b = bundle("preSignUp", [{"use": "require-validation-data", "with": {"fields": {"invite": {"sha256": [digest]}}}}], project)
    assert "invite-code-xyz" not in b.environment["AUTHSTACK_STEPS"] and digest in b.environment["AUTHSTACK_STEPS"]


@pytest.mark.parametrize("trigger,steps,path,fragment", [
    ("preSignUp", [{"use": "email-domain-alowlist", "with": {"domains": ["a.com"]}}], "steps[0].use", "did you mean 'email-domain-allowlist'"),
    ("postConfirmation", [{"use": "email-domain-allowlist", "with": {"domains": ["a.com"]}}], "steps[0].use", "runs on preSignUp, not postConfirmation"),
    ("preSignUp", [{"use": "auto-confirm"}, {"use": "email-domain-allowlist", "with": {"domains": "a.com"}}], "steps[1].with.domains", "must be a list"),
    ("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": ["a.com", "not a domain"]}}], "steps[0].with.domains[1]", "not a domain"),
    ("preSignUp", [{"use": "email-domain-allowlist", "with": {}}], "steps[0].with.domains", "required"),
    ("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": ["a.com"], "subdomain": True}}], "steps[0].with.subdomain", "did you mean 'subdomains'"),
    ("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": ["a.com"], "subdomains": "yes"}}], "steps[0].with.subdomains", "true or false"),
    ("preSignUp", [{"use": "auto-confirm", "handler": "x.py"}], "steps[0]", "exactly one"),
    ("preSignUp", [{"handler": "x.py", "with": {}}], "steps[0].with", "built-ins only"),
    ("preSignUp", [{"uses": "auto-confirm"}], "steps[0].uses", "unknown key"),
    ("preSignUp", [], "steps", "non-empty"),
    ("preSignUp", ["auto-confirm"], "steps[0]", "mapping"),
    ("preSignup", [{"use": "auto-confirm"}], "trigger", "did you mean 'preSignUp'"),
    ("preSignUp", [{"handler": "../outside.py"}], "steps[0].handler", "inside the project"),
    ("preSignUp", [{"handler": "/abs/x.py"}], "steps[0].handler", "relative"),
    ("preSignUp", [{"handler": "functions/custom/check_invite.js"}], "steps[0].handler", ".py"),
    ("preSignUp", [{"handler": "my-functions/x.py"}], "steps[0].handler", "not a valid Python module name"),
    ("createAuthChallenge", [{"use": "email-otp-challenge"}], "steps[0].with.fromAddress", "required on createAuthChallenge"),
    ("postConfirmation", [{"use": "add-to-group", "with": {"group": "x" * 3000}}], "steps[0].with.group", "valid group"),
])
def test_step_errors_name_the_path(trigger, steps, path, fragment):
    with pytest.raises(StepError) as err:
        validate_steps(trigger, steps)
    assert err.value.path == path
    assert fragment in err.value.message
    assert str(err.value).startswith(f"{path}: ")


def test_oversized_settings_rejected_before_deploy():
    domains = [f"domain-number-{i}.example.com" for i in range(200)]
    with pytest.raises(StepError) as err:
        validate_steps("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": domains}}])
    assert err.value.path == "steps" and "4096" in err.value.message


def test_custom_handler_file_checks(project):
    with pytest.raises(StepError, match="file not found: functions/custom/missing.py") as err:
        bundle("preSignUp", [{"handler": "functions/custom/missing.py"}], project)
    assert err.value.path == "steps[0].handler"
    (project / "functions/custom/no_handler.py").write_text("def main(event, context):\n    return event\n")
    with pytest.raises(StepError, match="no top-level 'def handler"):
        bundle("preSignUp", [{"handler": "functions/custom/no_handler.py"}], project)
    (project / "functions/custom/broken.py").write_text("def handler(event, context)\n")
    with pytest.raises(StepError, match="broken.py line 1"):
        bundle("preSignUp", [{"handler": "functions/custom/broken.py"}], project)
    (project / "functions/custom/async_h.py").write_text("async def handler(event, context):\n    return event\n")
    with pytest.raises(StepError, match="plain def"):
        bundle("preSignUp", [{"handler": "functions/custom/async_h.py"}], project)
    (project / "link.py").symlink_to("/etc/hostname")
    with pytest.raises(StepError, match="outside the project root"):
        bundle("preSignUp", [{"handler": "link.py"}], project)
    # validate_steps needs no files at all
    validate_steps("preSignUp", [{"handler": "functions/custom/missing.py"}])


def test_zip_is_deterministic_and_matches_files(project, tmp_path):
    steps = [{"use": "email-domain-allowlist", "with": {"domains": ["example.com"]}},
             {"handler": "functions/custom/check_invite.py"}]
    first = zip_bytes(bundle("preSignUp", steps, project))
    (project / "functions/custom/check_invite.py").touch()  # mtime changes must not matter
    second = zip_bytes(bundle("preSignUp", steps, project))
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    b = bundle("preSignUp", steps, project)
    for info in infos:
        assert archive.read(info) == b.files[info.filename].read_bytes()


def test_external_grants():
    grants = external_grants("createAuthChallenge", [{"use": "email-otp-challenge", "with": {"fromAddress": "No-Reply@Example.com"}}])
    assert grants == [{"actions": ["ses:SendEmail"], "kind": "ses-identity", "names": ["No-Reply@Example.com", "example.com"]}]
    assert external_grants("defineAuthChallenge", [{"use": "email-otp-challenge"}]) == []
    grants = external_grants("userMigration", [{"use": "user-migration", "with": {"url": "https://l.example", "authorizationParameter": "/legacy/auth"}}])
    assert grants == [{"actions": ["ssm:GetParameter"], "kind": "ssm-parameter", "names": ["legacy/auth"]}]


def test_package_module_does_not_import_pulumi():
    import subprocess
    import sys
    code = "import sys, functions.package; print(any(m.startswith('pulumi') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_bundle_signature_is_as_specified():
    import inspect
    assert list(inspect.signature(bundle).parameters) == ["trigger", "steps", "root", "wheelhouse", "runtime"]
    assert [f.name for f in dataclasses.fields(Bundle)] == ["files", "handler", "environment", "pool_actions"]


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_each_builtin_zip_stays_under_8_kb(name, project):
    """Issue 5's size aim, checked on the deterministic zip (bytes, not time, so it is stable)."""
    trigger, settings = MINIMAL[name]
    assert len(zip_bytes(bundle(trigger, [{"use": name, "with": settings}], project))) < 8192
