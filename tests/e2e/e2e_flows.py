"""Runs one runtime's flows against the emulated stack and hands the tests its results with the calls seen on the
wire (the recording proxy in front of moto), split by step."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from e2e_helpers import make_app, rs256_jwt, run_driver


@dataclass
class Run:
    runtime: str
    flows: dict          # the driver's output of the "flows" phase
    reload: dict         # ... of the "reload" phase (a second Node process on the same storage)
    wire: list[dict]     # every call the flows phase made
    reload_wire: list[dict]
    logins: dict         # federatedSignIn name -> {token, identity_id?}
    refreshed: dict
    keys: dict           # name -> RSA key of the JWTs signed here
    payload: dict
    seconds: float


def _federation(cc: dict) -> dict:
    return {f["federatedSignInName"]: f for f in cc["identityPool"]["federation"]}


def tokens_for(emulator, cc: dict, who: str) -> tuple[dict, dict, dict]:
    """A token per federation provider, as each provider would hand it to the app: an RS256 JWT for Auth0 and Google
    (signed here), opaque access tokens for Facebook and Amazon, and for developer identities the OpenID token and
    identity ID the app's backend gets from GetOpenIdTokenForDeveloperIdentity."""
    now = int(time.time())
    logins, refreshed, keys = {}, {}, {}
    for name, f in _federation(cc).items():
        if f["provider"] == "auth0":
            claims = {"iss": f"https://{f['domain']}/", "aud": f["clientId"], "sub": f"auth0|{who}", "iat": now, "exp": now + 3600}
            token, key = rs256_jwt(claims)
            fresh, _ = rs256_jwt({**claims, "iat": now + 1, "exp": now + 7200}, key)
            keys[name] = key
        elif f["provider"] == "google":
            claims = {"iss": "https://accounts.google.com", "aud": f["clientId"], "sub": f"1000{abs(hash(who)) % 10**9}", "iat": now, "exp": now + 3600}
            token, key = rs256_jwt(claims)
            fresh, _ = rs256_jwt({**claims, "iat": now + 1}, key)
            keys[name] = key
        elif f["provider"] == "facebook":
            token, fresh = f"EAAGe2e{who}FacebookAccessToken", f"EAAGe2e{who}FacebookAccessTokenRefreshed"
        elif f["provider"] == "amazon":
            token, fresh = f"Atza|IwEBIe2e{who}AmazonAccessToken", f"Atza|IwEBIe2e{who}AmazonAccessTokenRefreshed"
        elif f["provider"] == "developer":
            ci = emulator.client("cognito-identity")
            got = ci.get_open_id_token_for_developer_identity(
                IdentityPoolId=cc["identityPool"]["id"], Logins={f["developerProviderName"]: f"user-{who}"})
            again = ci.get_open_id_token_for_developer_identity(
                IdentityPoolId=cc["identityPool"]["id"], IdentityId=got["IdentityId"], Logins={f["developerProviderName"]: f"user-{who}"})
            logins[name] = {"token": got["Token"], "identity_id": got["IdentityId"]}
            refreshed[name] = {"token": again["Token"], "identity_id": again["IdentityId"]}
            continue
        else:
            raise AssertionError(f"no test token for provider {f['provider']}")
        logins[name] = {"token": token}
        refreshed[name] = {"token": fresh}
    return logins, refreshed, keys


def run(runtime: str, driver: str, node_bin: Path, emulator, stack, workdir: Path) -> Run:
    files = {k: v for k, v in stack.files.items() if k.endswith((".js", ".ts", ".json"))}
    app = make_app(workdir / f"app-{runtime}", files, runtime, driver)
    logins, refreshed, keys = tokens_for(emulator, stack.cc, runtime)
    payload = {
        "endpoint": emulator.url,
        "username": f"{runtime}.user@example.com",
        "password": "Correct-Horse-7-battery",
        "validationData": {"invite": f"e2e-invite-{runtime}"},
        "logins": logins,
        "refreshed": refreshed,
        "storageFile": str(app / "storage.json"),
    }
    t = time.monotonic()
    mark = emulator.mark()
    flows = run_driver(node_bin, app, driver, {**payload, "phase": "flows"})
    wire = emulator.since(mark)
    mark = emulator.mark()
    reload = run_driver(node_bin, app, driver, {**payload, "phase": "reload"})
    reload_wire = emulator.since(mark)
    return Run(runtime=runtime, flows=flows, reload=reload, wire=wire, reload_wire=reload_wire, logins=logins,
               refreshed=refreshed, keys=keys, payload=payload, seconds=time.monotonic() - t)
