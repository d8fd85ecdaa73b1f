"""Value mapping: from the `clientConfig` contract to the data of each format.

Each function returns plain dicts/lists in the key order the official Amplify tools emit, so the
templates only wrap them (``json.dumps`` keeps insertion order). Nothing here reads a key outside the
contract, and no client secret exists in the contract, so nothing secret can reach a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from authstack.cli.config.errors import ConfigError
from authstack.cli.config.settings import ClientSettings
from authstack.spec.facts import AMPLIFY_SOCIAL_NAMES


@dataclass(frozen=True)
class Inputs:
    """Everything a renderer may use: the checked contract, where it came from, and client settings."""

    cc: dict
    source: str
    settings: ClientSettings


# ------------------------------------------------------------------------------------------ clients
def app_client(inp: Inputs, role: str, fmt: str) -> tuple[str, dict] | None:
    """The app client a format is written for (``role`` is ``webClient`` or ``mobileClient``).

    Returns None when the stack has no user pool. Refuses a client with a secret: web and mobile
    apps are public clients, and a secret shipped in an app is no secret.

    :raises ConfigError: when the client has a secret, or when the authentication flow type set in
        `authstack:client` is not allowed by the client (sign-in would fail at run time).
    """
    cc = inp.cc
    if cc["userPool"] is None:
        return None
    name = cc[role]
    if name is None:
        raise ConfigError(f"{inp.source}: clientConfig.{role}: no client named for the {fmt} format")
    client = cc["clients"][name]
    if client["hasSecret"]:
        raise ConfigError(
            f"{inp.source}: clientConfig.clients.{name}.hasSecret: client {name!r} has a secret and cannot be "
            f"written into the {fmt} file (apps are public clients); name a client without a secret in "
            f"authstack:client.{role}")
    flow = inp.settings.authentication_flow_type
    if flow is not None and f"ALLOW_{flow}" not in client["authFlows"]:
        raise ConfigError(
            f"{inp.source}: clientConfig.clients.{name}.authFlows: authstack:client.authenticationFlowType is {flow} "
            f"but client {name!r} does not allow ALLOW_{flow}")
    return name, client


def hosted_ui(cc: dict, client: dict | None) -> dict | None:
    """The hosted-UI (OAuth) settings of a client, or None when it has none usable by an app.

    Present only when the stack has a domain and the client has the ``code`` or ``implicit`` flow
    with at least one sign-in and one sign-out URL (the same rule as the Gen 2 tools, whose schema
    requires both URL lists). ``responseType`` is the first of those flows, with ``implicit``
    renamed ``token`` as the Gen 1 CLI does.
    """
    if client is None or cc["oauthDomain"] is None or client["oauth"] is None:
        return None
    oauth = client["oauth"]
    flows = [f for f in oauth["flows"] if f in ("code", "implicit")]
    if not flows or not oauth["callbackUrls"] or not oauth["logoutUrls"]:
        return None
    return {
        "domain": cc["oauthDomain"],
        "scopes": list(oauth["scopes"]),
        "signIn": list(oauth["callbackUrls"]),
        "signOut": list(oauth["logoutUrls"]),
        "responseType": "token" if flows[0] == "implicit" else "code",
    }


#: Cognito's IdP type of each social provider (Gen 1 vocabulary, as in ``clientConfig.socialProviders``).
_SOCIAL_TYPES = {amplify: cognito for cognito, amplify in AMPLIFY_SOCIAL_NAMES.items()}


def social_providers(cc: dict, client: dict | None) -> list[str]:
    """The social providers one app client can sign in with (Gen 1 vocabulary, in the pool's order).

    ``clientConfig.socialProviders`` lists the pool's; each client allows only those named in its
    ``identityProviders`` (Cognito's SupportedIdentityProviders). Files show sign-in buttons for these, so
    a provider the pool has but the client does not allow would be a button the hosted UI then rejects.
    """
    if client is None:
        return []
    names = set(client["identityProviders"])
    allowed = {idp["type"] for idp in cc["userPoolIdentityProviders"] if idp["name"] in names}
    return [p for p in cc["socialProviders"] if _SOCIAL_TYPES[p] in allowed]


def federation_target(cc: dict, oauth: dict | None) -> str | None:
    """The Gen 1 ``federationTarget``: which pools a federated sign-in lands in.

    Hosted UI alone → ``COGNITO_USER_POOLS``; hosted UI plus identity-pool federation with Google,
    Facebook, Amazon or Apple → ``COGNITO_USER_AND_IDENTITY_POOLS``; that federation alone →
    ``COGNITO_IDENTITY_POOLS``; otherwise no key (as the CLI's `getCognitoConfig()` decides).
    """
    ip = cc["identityPool"]
    idp = ip is not None and any(f["provider"] in ("google", "facebook", "amazon", "apple") for f in ip["federation"])
    if oauth is not None:
        return "COGNITO_USER_AND_IDENTITY_POOLS" if idp else "COGNITO_USER_POOLS"
    return "COGNITO_IDENTITY_POOLS" if idp else None


def password_characters(policy: dict) -> list[str]:
    """Gen 1 ``passwordPolicyCharacters``, in the CLI's order."""
    pairs = (("requireLowercase", "REQUIRES_LOWERCASE"), ("requireUppercase", "REQUIRES_UPPERCASE"),
             ("requireNumbers", "REQUIRES_NUMBERS"), ("requireSymbols", "REQUIRES_SYMBOLS"))
    return [name for key, name in pairs if policy[key]]


def _upper(values: list[str]) -> list[str]:
    return [v.upper() for v in values]


# -------------------------------------------------------------------------------------- aws-exports
def aws_exports(inp: Inputs, fmt: str = "aws-exports") -> dict:
    """The flat Gen 1 object of ``aws-exports.js`` and the web ``amplifyconfiguration.json``.

    Keys and order are the Amplify CLI's (`AMPLIFY_RESERVED_EXPORT_KEYS`). Two keys the CLI never
    writes but both amplify-js v5 and v6 read are added only when the stack needs them, so the
    libraries see what the stack really does:

    - ``aws_mandatory_sign_in: "enable"`` when the identity pool refuses guests (without it v6
      assumes ``allowGuestAccess: true`` and v5 ``mandatorySignIn: false``);
    - ``aws_cognito_sign_up_verification_method: "link"`` when sign-up is verified by link (both
      libraries default to ``code``).
    """
    cc = inp.cc
    region, up, ip = cc["region"], cc["userPool"], cc["identityPool"]
    picked = app_client(inp, "webClient", fmt)
    client = picked[1] if picked else None
    out: dict = {"aws_project_region": region}
    if ip is not None:
        out["aws_cognito_identity_pool_id"] = ip["id"]
    out["aws_cognito_region"] = region
    if up is not None:
        out["aws_user_pools_id"] = up["id"]
        out["aws_user_pools_web_client_id"] = client["id"]
    oauth = hosted_ui(cc, client)
    out["oauth"] = {} if oauth is None else {
        "domain": oauth["domain"],
        "scope": oauth["scopes"],
        "redirectSignIn": ",".join(oauth["signIn"]),
        "redirectSignOut": ",".join(oauth["signOut"]),
        "responseType": oauth["responseType"],
    }
    target = federation_target(cc, oauth)
    if target is not None:
        out["federationTarget"] = target
    if up is not None:
        out["aws_cognito_username_attributes"] = _upper(up["usernameAttributes"])
        out["aws_cognito_social_providers"] = social_providers(cc, client)
        out["aws_cognito_signup_attributes"] = _upper(up["signupAttributes"])
        out["aws_cognito_mfa_configuration"] = up["mfa"]["configuration"]
        out["aws_cognito_mfa_types"] = list(up["mfa"]["types"])
        out["aws_cognito_password_protection_settings"] = {
            "passwordPolicyMinLength": up["passwordPolicy"]["minLength"],
            "passwordPolicyCharacters": password_characters(up["passwordPolicy"]),
        }
        out["aws_cognito_verification_mechanisms"] = _upper(up["verificationMechanisms"])
        if up["verificationMethod"] == "link":
            out["aws_cognito_sign_up_verification_method"] = "link"
    if ip is not None and not ip["allowGuestAccess"]:
        out["aws_mandatory_sign_in"] = "enable"
    return out


# ----------------------------------------------------------------------------------------- mobile
def mobile_config(inp: Inputs, fmt: str = "amplifyconfiguration-mobile") -> dict:
    """The plugin-shaped Gen 1 ``amplifyconfiguration.json`` of iOS, Android and Flutter.

    Same structure and key order as the CLI's Android/Flutter generator, with the native client
    (``clientConfig.mobileClient``) and its redirect URIs (typically ``myapp://``). ``GoogleSignIn`` /
    ``FacebookSignIn`` carry the public IDs of direct identity-pool federation, as the CLI writes them.
    """
    cc = inp.cc
    region, up, ip = cc["region"], cc["userPool"], cc["identityPool"]
    picked = app_client(inp, "mobileClient", fmt)
    client = picked[1] if picked else None
    plugin: dict = {"UserAgent": "aws-amplify-cli/0.1.0", "Version": "0.1.0", "IdentityManager": {"Default": {}}}
    if ip is not None:
        plugin["CredentialsProvider"] = {"CognitoIdentity": {"Default": {"PoolId": ip["id"], "Region": region}}}
    if up is not None:
        plugin["CognitoUserPool"] = {"Default": {"PoolId": up["id"], "AppClientId": client["id"], "Region": region}}
    federation = {f["provider"]: f for f in (ip["federation"] if ip else [])}
    if "google" in federation:
        plugin["GoogleSignIn"] = {"Permissions": "email,profile,openid", "ClientId-WebApp": federation["google"]["clientId"]}
    if "facebook" in federation:
        plugin["FacebookSignIn"] = {"AppId": federation["facebook"]["appId"], "Permissions": "public_profile"}
    default: dict = {}
    oauth = hosted_ui(cc, client)
    if oauth is not None:
        default["OAuth"] = {
            "WebDomain": oauth["domain"],
            "AppClientId": client["id"],
            "SignInRedirectURI": ",".join(oauth["signIn"]),
            "SignOutRedirectURI": ",".join(oauth["signOut"]),
            "Scopes": oauth["scopes"],
        }
    default["authenticationFlowType"] = inp.settings.flow_type
    if up is not None:
        default["socialProviders"] = social_providers(cc, client)
        default["usernameAttributes"] = _upper(up["usernameAttributes"])
        default["signupAttributes"] = _upper(up["signupAttributes"])
        default["passwordProtectionSettings"] = {
            "passwordPolicyMinLength": up["passwordPolicy"]["minLength"],
            "passwordPolicyCharacters": password_characters(up["passwordPolicy"]),
        }
        default["mfaConfiguration"] = up["mfa"]["configuration"]
        default["mfaTypes"] = list(up["mfa"]["types"])
        default["verificationMechanisms"] = _upper(up["verificationMechanisms"])
    plugin["Auth"] = {"Default": default}
    return {"UserAgent": "aws-amplify-cli/2.0", "Version": "1.0", "auth": {"plugins": {"awsCognitoAuthPlugin": plugin}}}


# -------------------------------------------------------------------------------- amplify_outputs
_GEN2_PROVIDERS = {"GOOGLE": "GOOGLE", "FACEBOOK": "FACEBOOK", "AMAZON": "LOGIN_WITH_AMAZON", "APPLE": "SIGN_IN_WITH_APPLE"}
_GEN2_MFA = {"OFF": "NONE", "OPTIONAL": "OPTIONAL", "ON": "REQUIRED"}


def amplify_outputs(inp: Inputs, version: str) -> dict:
    """The Gen 2 ``amplify_outputs.json`` document (auth section), in the key order ``ampx`` writes.

    :param version: ``1.3``, ``1.4`` or ``1.5``. The auth section is the same in all three except
        that ``EMAIL`` as an MFA method needs 1.4 or later.
    :raises ConfigError: when the stack has no user pool (the schema requires ``user_pool_id``) or
        uses EMAIL MFA with version 1.3.
    """
    cc = inp.cc
    up, ip = cc["userPool"], cc["identityPool"]
    if up is None:
        raise ConfigError(f"{inp.source}: clientConfig.userPool: the stack has no user pool, and amplify_outputs.json "
                          f"requires one (auth.user_pool_id); use the aws-exports format for identity-pool-only stacks")
    _, client = app_client(inp, "webClient", "amplify-outputs")
    if version == "1.3" and "EMAIL" in up["mfa"]["types"]:
        raise ConfigError(f"{inp.source}: clientConfig.userPool.mfa.types: EMAIL MFA needs amplify_outputs version 1.4 or later, "
                          f"not 1.3")
    auth: dict = {"user_pool_id": up["id"], "aws_region": cc["region"], "user_pool_client_id": client["id"]}
    if ip is not None:
        auth["identity_pool_id"] = ip["id"]
    auth["mfa_methods"] = list(up["mfa"]["types"])
    auth["standard_required_attributes"] = list(up["signupAttributes"])
    # Gen 2 names plain username sign-in "username"; the list may not be empty.
    auth["username_attributes"] = list(up["usernameAttributes"]) or ["username"]
    auth["user_verification_types"] = list(up["verificationMechanisms"])
    auth["groups"] = [{g["name"]: {"precedence": g["precedence"]}} for g in up["groups"]]
    auth["mfa_configuration"] = _GEN2_MFA[up["mfa"]["configuration"]]
    pw = up["passwordPolicy"]
    auth["password_policy"] = {
        "min_length": pw["minLength"],
        "require_lowercase": pw["requireLowercase"],
        "require_numbers": pw["requireNumbers"],
        "require_symbols": pw["requireSymbols"],
        "require_uppercase": pw["requireUppercase"],
    }
    oauth = hosted_ui(cc, client)
    if oauth is not None:
        auth["oauth"] = {
            "identity_providers": [_GEN2_PROVIDERS[p] for p in social_providers(cc, client)],
            "redirect_sign_in_uri": oauth["signIn"],
            "redirect_sign_out_uri": oauth["signOut"],
            "response_type": oauth["responseType"],
            "scopes": oauth["scopes"],
            "domain": oauth["domain"],
        }
    if ip is not None:
        auth["unauthenticated_identities_enabled"] = ip["allowGuestAccess"]
    passwordless = _gen2_passwordless(inp, up, version)
    if passwordless is not None:
        auth["passwordless"] = passwordless
    return {"auth": auth, "version": version}


def _gen2_passwordless(inp: Inputs, up: dict, version: str) -> dict | None:
    """``auth.passwordless`` (schema 1.4+), in the order ampx writes it (client_config_contributor_v1.js)."""
    pl = up.get("passwordless")
    challenge = inp.settings.preferred_challenge
    if pl is None:
        if challenge is not None:
            raise ConfigError(f"{inp.source}: clientConfig.userPool.passwordless: authstack:client.preferredChallenge "
                              f"is {challenge} but the stack has no userPool.passwordless")
        return None
    if challenge is not None and challenge not in pl["firstFactors"]:
        raise ConfigError(f"{inp.source}: clientConfig.userPool.passwordless.firstFactors: authstack:client."
                          f"preferredChallenge {challenge} is not one of {', '.join(pl['firstFactors'])}")
    if version == "1.3":
        raise ConfigError(f"{inp.source}: clientConfig.userPool.passwordless: passwordless sign-in needs "
                          f"amplify_outputs version 1.4 or later, not 1.3")
    out: dict = {"email_otp_enabled": "EMAIL_OTP" in pl["firstFactors"],
                 "sms_otp_enabled": "SMS_OTP" in pl["firstFactors"]}
    if pl["webAuthn"] is not None:
        out["web_authn"] = {"relying_party_id": pl["webAuthn"]["relyingPartyId"],
                            "user_verification": pl["webAuthn"]["userVerification"]}
    if challenge is not None:
        out["preferred_challenge"] = challenge
    return out


#: Formats that have no place for choice-based sign-in: the Gen 1 shapes, the aws-amplify@5 bootstrap, and .env
#: (its variables are the Gen 1 keys). bootstrap-v6 embeds amplify_outputs.json, passwordless block included.
NO_PASSWORDLESS = ("aws-exports", "amplifyconfiguration", "amplifyconfiguration-mobile", "amplifyconfiguration-dart",
                   "env", "bootstrap")


def unexpressed(cc: dict, formats: list[str]) -> list[str]:
    """What the written files leave out of the stack, one line per format, so nothing is dropped silently."""
    pl = (cc["userPool"] or {}).get("passwordless")
    factors = [f for f in (pl or {}).get("firstFactors", []) if f != "PASSWORD"]
    if not factors:
        return []
    return [f"{name}: cannot express passwordless sign-in ({', '.join(factors)}); aws-amplify v6 reads it from "
            f"amplify_outputs.json (format amplify-outputs)" for name in formats if name in NO_PASSWORDLESS]


# -------------------------------------------------------------------------------------------- .env
def env_vars(inp: Inputs, prefix: str) -> list[tuple[str, str]]:
    """The ``.env`` variables: public IDs only, in a fixed order; a value the stack lacks is left out.

    Lists are comma-joined (redirect URLs, scopes), as in the Gen 1 files.
    """
    cc = inp.cc
    up, ip = cc["userPool"], cc["identityPool"]
    picked = app_client(inp, "webClient", "env")
    client = picked[1] if picked else None
    pairs: list[tuple[str, str | None]] = [
        ("AUTH_REGION", cc["region"]),
        ("USER_POOL_ID", up["id"] if up else None),
        ("USER_POOL_CLIENT_ID", client["id"] if client else None),
        ("IDENTITY_POOL_ID", ip["id"] if ip else None),
        ("ALLOW_GUEST_ACCESS", ("true" if ip["allowGuestAccess"] else "false") if ip else None),
    ]
    oauth = hosted_ui(cc, client)
    if oauth is not None:
        pairs += [
            ("OAUTH_DOMAIN", oauth["domain"]),
            ("OAUTH_SCOPES", ",".join(oauth["scopes"])),
            ("OAUTH_REDIRECT_SIGN_IN", ",".join(oauth["signIn"])),
            ("OAUTH_REDIRECT_SIGN_OUT", ",".join(oauth["signOut"])),
            ("OAUTH_RESPONSE_TYPE", oauth["responseType"]),
            ("SOCIAL_PROVIDERS", ",".join(social_providers(cc, client))),
        ]
    pairs.append(("AUTHENTICATION_FLOW_TYPE", inp.settings.flow_type))
    for entry in federation_entries(cc):
        for key, value in entry["sdk"].items():
            name = _snake(key).upper()
            if not name.startswith(entry["key"].upper() + "_"):  # developerProviderName, not DEVELOPER_DEVELOPER_...
                name = f"{entry['key'].upper()}_{name}"
            pairs.append((name, value))
    return [(prefix + name, value) for name, value in pairs if value is not None]


def dotenv_value(name: str, value: str, source: str) -> str:
    """Quotes a value for dotenv parsers (dotenv + dotenv-expand, as Vite and Next.js use).

    Double quotes keep ``#`` literal; ``$`` is escaped so dotenv-expand does not substitute.
    """
    if any(ch in value for ch in ('"', "\\", "\n", "\r")):
        raise ConfigError(f"{source}: {name}: value {value!r} cannot be written to a .env file")
    return '"' + value.replace("$", "\\$") + '"'


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name)


# -------------------------------------------------------------------------------------- bootstrap
def federation_entries(cc: dict) -> list[dict]:
    """Direct identity-pool federation, keyed for code: one dict per provider with

    - ``key``: the property name in ``FEDERATION_PROVIDERS`` (the provider kind, e.g. ``auth0``; with
      two providers of one kind, the kind plus the logins key made safe, e.g. ``oidc_login_example_com``);
    - ``name``: the ``Auth.federatedSignIn`` / ``refreshHandlers`` name (e.g. the Auth0 domain);
    - ``refreshesItself``: False when the app must supply a refresh handler;
    - ``sdk``: the public IDs the provider SDK needs to start.
    """
    from authstack.cli.config.contract import FEDERATION_PUBLIC_KEYS

    ip = cc["identityPool"]
    entries = ip["federation"] if ip else []
    counts: dict[str, int] = {}
    for f in entries:
        counts[f["provider"]] = counts.get(f["provider"], 0) + 1
    out = []
    for f in entries:
        key = f["provider"]
        if counts[key] > 1:
            key = f"{key}_{re.sub(r'[^A-Za-z0-9]+', '_', f['loginsKey']).strip('_').lower()}"
        out.append({
            "key": key,
            "provider": f["provider"],
            "name": f["federatedSignInName"],
            "loginsKey": f["loginsKey"],
            "refreshesItself": f["amplifyRefreshesItself"],
            "sdk": {k: f[k] for k in FEDERATION_PUBLIC_KEYS[f["provider"]]},
        })
    return out


def bootstrap_data(inp: Inputs) -> dict:
    """What the bootstrap module exports, as plain data (the templates turn it into JS and TS)."""
    cc = inp.cc
    # The bootstrap configures Amplify from aws-exports.js: check the same web client rules here,
    # so a stack that cannot have aws-exports.js cannot have a bootstrap either.
    app_client(inp, "webClient", "bootstrap")
    entries = federation_entries(cc)
    return {
        "stack": cc["stack"],
        "project": cc["project"],
        "providers": {e["key"]: e["name"] for e in entries},
        "required": [e["name"] for e in entries if not e["refreshesItself"]],
        "optional": [e["name"] for e in entries if e["refreshesItself"]],
        "sdk": {e["key"]: e["sdk"] for e in entries if e["sdk"]},
        "clientMetadata": dict(inp.settings.client_metadata),
        "flowType": inp.settings.flow_type,
    }


#: What aws-amplify v6's `signInWithRedirect({ provider })` takes for each social IdP type (its `AuthProvider`).
_V6_SOCIAL = {"Google": "Google", "Facebook": "Facebook", "LoginWithAmazon": "Amazon", "SignInWithApple": "Apple"}
#: The key of each social IdP in ``HOSTED_UI_PROVIDERS`` (the same kind names as ``FEDERATION_PROVIDERS``).
_V6_SOCIAL_KEYS = {"Google": "google", "Facebook": "facebook", "LoginWithAmazon": "amazon", "SignInWithApple": "apple"}
#: v5's ``authenticationFlowType`` in v6's ``signIn({ options: { authFlowType } })`` vocabulary.
_V6_FLOW = {"USER_SRP_AUTH": "USER_SRP_AUTH", "USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH", "CUSTOM_AUTH": "CUSTOM_WITHOUT_SRP"}


def _v6_flow(inp: Inputs, client: dict | None) -> str:
    """v6's ``authFlowType``: the one set in authstack:client, else ``USER_AUTH`` (choice-based sign-in) when the
    pool offers passwordless factors and the app's client allows ALLOW_USER_AUTH, else SRP."""
    if inp.settings.authentication_flow_type is None and client is not None:
        pl = (inp.cc["userPool"] or {}).get("passwordless")
        if pl and any(f != "PASSWORD" for f in pl["firstFactors"]) and "ALLOW_USER_AUTH" in client["authFlows"]:
            return "USER_AUTH"
    return _V6_FLOW[inp.settings.flow_type]


def hosted_ui_providers(cc: dict, client: dict | None) -> dict:
    """The user-pool IdPs the web client can sign in with through the hosted UI, keyed for code, valued as
    v6's ``signInWithRedirect({ provider })`` takes them: ``"Google"`` etc. for social IdPs, ``{"custom": name}``
    for OIDC and SAML IdPs (keyed by their Cognito name, e.g. ``Auth0``). Empty without a usable hosted UI."""
    if hosted_ui(cc, client) is None:
        return {}
    allowed = set(client["identityProviders"])
    out: dict = {}
    for idp in cc["userPoolIdentityProviders"]:
        if idp["name"] not in allowed:
            continue
        if idp["type"] in _V6_SOCIAL:
            out[_V6_SOCIAL_KEYS[idp["type"]]] = _V6_SOCIAL[idp["type"]]
        else:
            out[idp["name"]] = {"custom": idp["name"]}
    return out


def bootstrap_v6_data(inp: Inputs) -> dict:
    """What the aws-amplify v6 bootstrap module exports and embeds, as plain data.

    The module embeds the stack's config rather than importing a sibling file, so it works whichever other
    formats the app writes: the ``amplify_outputs.json`` document when the stack has a user pool (v6's own
    format; carries groups and ``auth.passwordless``), else the ``aws-exports`` object
    (the only shape an identity-pool-only stack has). v6 parses either with ``parseAmplifyConfig``.

    v6 refreshes no federated token by itself (v5's Google and Facebook handlers have no v6 counterpart), so
    every federation provider needs a refresh handler here: ``optional`` is empty on purpose.
    """
    cc = inp.cc
    picked = app_client(inp, "webClient", "bootstrap-v6")
    client = picked[1] if picked else None
    entries = federation_entries(cc)
    if cc["userPool"] is not None:
        config = amplify_outputs(inp, inp.settings.outputs_version)
    else:
        config = aws_exports(inp, "bootstrap-v6")
    return {
        "stack": cc["stack"],
        "project": cc["project"],
        "providers": {e["key"]: e["name"] for e in entries},
        "loginsKeys": {e["name"]: e["loginsKey"] for e in entries},
        "required": [e["name"] for e in entries],
        "optional": [],
        "sdk": {e["key"]: e["sdk"] for e in entries if e["sdk"]},
        "clientMetadata": dict(inp.settings.client_metadata),
        "flowType": inp.settings.flow_type,
        "v6FlowType": _v6_flow(inp, client),
        "preferredChallenge": inp.settings.preferred_challenge,
        "hostedUi": hosted_ui_providers(cc, client),
        "config": config,
    }
