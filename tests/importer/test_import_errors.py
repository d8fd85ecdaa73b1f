"""Bad input: one line naming the file (and key), exit 2, nothing written."""
from __future__ import annotations

import shutil

from importer_helpers import FIXTURES, run_cli

RES = "amplify/backend/auth/shopappa1b2c3d4/cli-inputs.json"


def _copy(tmp_path, name="shop-app"):
    dst = tmp_path / "gen1"
    shutil.copytree(FIXTURES / name, dst)
    return dst


def _run(gen1, project, *extra):
    return run_cli("import-amplify", str(gen1), "--env", "prod", "--stack", "imported", "--project-dir", str(project), *extra)


def test_malformed_json_names_the_file_and_writes_nothing(tmp_path, project):
    gen1 = _copy(tmp_path)
    (gen1 / RES).write_text('{"version": "1", "cognitoConfig": {"userPoolName": }', encoding="utf-8")
    result = _run(gen1, project)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and RES in lines[0] and "not valid JSON (line 1" in lines[0]
    assert "Traceback" not in result.output
    assert not (project / "Pulumi.imported.yaml").exists()
    assert sorted(p.name for p in project.iterdir()) == ["Pulumi.yaml", "gen1"]  # no temp file left either


def test_bad_type_names_the_key(tmp_path, project):
    gen1 = _copy(tmp_path)
    text = (gen1 / RES).read_text().replace('"mfaConfiguration": "OPTIONAL"', '"mfaConfiguration": "SOMETIMES"')
    (gen1 / RES).write_text(text)
    result = _run(gen1, project)
    assert result.exit_code == 2
    assert f"{RES}: cognitoConfig.mfaConfiguration: must be OFF, ON or OPTIONAL" in result.stderr
    assert not (project / "Pulumi.imported.yaml").exists()


def test_string_encoded_field_that_does_not_parse(tmp_path, project):
    gen1 = _copy(tmp_path, "legacy-params")
    path = gen1 / "amplify/backend/auth/legacyauth9f8e/parameters.json"
    path.write_text(path.read_text().replace('"triggers": "{', '"triggers": "{oops'))
    result = run_cli("import-amplify", str(gen1), "--env", "dev", "--stack", "imported", "--project-dir", str(project))
    assert result.exit_code == 2
    assert "amplify/backend/auth/legacyauth9f8e/parameters.json: triggers: is a JSON string that does not parse" in result.stderr


def test_existing_stack_needs_force(project):
    target = project / "Pulumi.imported.yaml"
    target.write_text("config: {}\n")
    result = _run(FIXTURES / "shop-app", project)
    assert result.exit_code == 2 and "already exists; pass --force" in result.stderr
    assert target.read_text() == "config: {}\n"
    forced = _run(FIXTURES / "shop-app", project, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text().startswith("# Imported from")


def test_unknown_env_and_json_error_summary(project):
    result = _run(FIXTURES / "shop-app", project, "--json")  # fine
    assert result.exit_code == 0
    bad = run_cli("import-amplify", str(FIXTURES / "shop-app"), "--env", "qa", "--stack", "other", "--project-dir",
                  str(project), "--json")
    assert bad.exit_code == 2
    assert "amplify/team-provider-info.json: qa: no environment named 'qa' (environments: dev, prod)" in bad.stderr
    assert not (project / "Pulumi.other.yaml").exists()


def test_meta_of_another_env_is_not_used(project):
    """The checked-out environment is prod: importing dev must not adopt prod's pool."""
    result = run_cli("import-amplify", str(FIXTURES / "shop-app"), "--env", "dev", "--stack", "dev", "--project-dir",
                     str(project), "--json")
    assert result.exit_code == 0, result.output
    import json
    summary = json.loads(result.stdout)
    assert summary["adopted"] == {}
    assert any("belongs to environment 'prod', not 'dev'" in w for w in summary["warnings"])
    text = (project / "Pulumi.dev.yaml").read_text()
    assert "Sh0pPr0d1" not in text and "shopapp-dev" in text  # dev's own domain prefix, derived from Gen 1's rule


def test_no_region_anywhere(tmp_path, project):
    result = run_cli("import-amplify", str(FIXTURES / "amplify-ui-env/environments/auth/auth-with-federated"), "--env", "dev",
                     "--stack", "x", "--project-dir", str(project))
    assert result.exit_code == 2 and "pass --region" in result.stderr


def test_human_report_lists_unsupported_and_runbook(project):
    result = _run(FIXTURES / "shop-app", project)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "cannot express" in out and "verification-link" in out
    assert "AuthRoleArn" not in out.split("Notes")[0]  # the roles are adopted by ARN: nothing to report as lost
    assert "After the import" in out and "clients.web.preventUserExistenceErrors: imported as false" in out
    assert "Runbook" in out and "deletionPolicy" in out
    assert "pulumi config set --secret --path 'authstack:identityProviders.google.clientSecret' " in out
    assert "Set what this import could not copy" in out and "refuse it (exit 2)" in out
    assert "amplify override project" in out  # the root stack owns the adopted auth/unauth roles
    assert (out.index("Protect the pool") < out.index("authstack plan --stack imported")
            < out.index("pulumi up --stack imported") < out.index('changes listed under "After the import"')
            < out.index("Only now detach Amplify"))
