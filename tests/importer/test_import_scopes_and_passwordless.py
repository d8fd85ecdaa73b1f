"""Gen 1 has no resource servers: a custom scope made outside Amplify is reported and left out, so the written stack
still validates (the spec refuses a scope no resource server defines)."""
from __future__ import annotations

import json
import shutil

from authstack.spec.load import load

from importer_helpers import FIXTURES, complete, run_cli

CLI_INPUTS = "amplify/backend/auth/shopappa1b2c3d4/cli-inputs.json"


def test_custom_scope_is_reported_and_left_out(tmp_path, project):
    gen1 = tmp_path / "gen1"
    shutil.copytree(FIXTURES / "shop-app", gen1)
    doc = json.loads((gen1 / CLI_INPUTS).read_text())
    meta = json.loads(doc["cognitoConfig"]["oAuthMetadata"])
    meta["AllowedOAuthScopes"].append("https://api.shop.example.com/orders.read")
    doc["cognitoConfig"]["oAuthMetadata"] = json.dumps(meta)
    (gen1 / CLI_INPUTS).write_text(json.dumps(doc))
    result = run_cli("import-amplify", str(gen1), "--env", "prod", "--stack", "imported", "--project-dir", str(project),
                     "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    hits = [u for u in summary["unsupported"] if u["value"] == ["https://api.shop.example.com/orders.read"]]
    assert len(hits) == 1 and "authstack:resourceServers" in hits[0]["why"]
    complete(project, summary)
    web = load(project, "imported").spec.clients["web"]
    assert web.oauth.scopes == ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]


def test_custom_auth_chain_points_at_native_passwordless(project):
    # legacy-params has the Gen 1 define/create/verify custom-auth triggers: Gen 1's only way to sign in without a password.
    from importer_helpers import import_json

    summary = import_json("legacy-params", "dev", project)
    notes = [n for n in summary["notes"] if n.startswith("triggers: Gen 1 signs in with custom auth challenges")]
    assert len(notes) == 1 and "userPool.passwordless" in notes[0]
    shop = import_json("shop-app", "prod", project, stack="shop")
    assert not any("custom auth challenges" in n for n in shop["notes"])
