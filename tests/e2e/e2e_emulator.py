"""A local Cognito for the end-to-end tests: moto's server on loopback, a recording proxy in front of it, and the
resources of a stack created in it from `authstack plan --format json`.

Nothing here knows the test stack: the plan says what to create. Each plan resource type the emulator can create
has one function below; a type it does not know fails the suite (a stack that grows a resource must grow its
emulation too), and plan inputs moto has no API for are listed in `Emulated.not_applied`, never dropped silently.

Facts about moto relied on (checked with moto 5.2.5, see tests/e2e/README.md for the sources):
- one server answers every service; unsigned requests (what Amplify sends to Cognito) land in us-east-1;
- `SetIdentityPoolRoles` is not implemented, so role attachments cannot be emulated.
"""
from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

#: A driver requests ``<proxy>/authstack-step/<name>`` before each step; the log then splits by step.
STEP_PATH = "/authstack-step/"
STEP = "(step)"
#: Credentials for the emulator's own (signed) calls; moto accepts any.
DUMMY = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}


# ------------------------------------------------------------------------------------------- server
class Emulator:
    """moto's ThreadedMotoServer on 127.0.0.1 (a free port) plus a recording proxy, also on loopback."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._proxy: ThreadingHTTPServer | None = None
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def start(self) -> "Emulator":
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.moto_url = f"http://{host}:{port}"
        self._proxy = ThreadingHTTPServer(("127.0.0.1", 0), _recording_handler(host, port, self._record))
        self._proxy.daemon_threads = True
        threading.Thread(target=self._proxy.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._proxy.server_address[1]}"
        return self

    def stop(self) -> None:
        if self._proxy is not None:
            self._proxy.shutdown()
            self._proxy.server_close()
        self._moto.stop()

    def client(self, service: str):
        """A boto3 client of the emulator itself (not through the proxy), for setting up and reading back."""
        import boto3

        return boto3.client(service, region_name="us-east-1", endpoint_url=self.moto_url, **DUMMY)

    def _record(self, call: dict) -> None:
        with self._lock:
            self.calls.append(call)

    def mark(self) -> int:
        """Where the call log is now: `since(mark)` gives the calls made after it."""
        with self._lock:
            return len(self.calls)

    def by_step(self, calls: list[dict]) -> dict[str, list[dict]]:
        """Calls grouped by the step marker that precedes them."""
        steps: dict[str, list[dict]] = {"(start)": []}
        current = "(start)"
        for call in calls:
            if call["action"] == STEP:
                current = call["step"]
                steps[current] = []
            else:
                steps[current].append(call)
        return steps

    def since(self, mark: int, action: str | None = None) -> list[dict]:
        with self._lock:
            calls = self.calls[mark:]
        return [c for c in calls if action is None or c["action"] == action]


def _recording_handler(host: str, port: int, record: Callable[[dict], None]):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith(STEP_PATH):  # a driver marking where its next step starts; not for moto
                record({"action": STEP, "step": self.path[len(STEP_PATH):], "body": None})
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = self.headers.get("X-Amz-Target", "")
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = None
            auth = self.headers.get("Authorization", "")
            record({
                "action": target.split(".")[-1] if target else _query_action(self.path, body),
                "target": target,
                "path": self.path,
                "body": parsed,
                "raw": body.decode("utf-8", "replace") if parsed is None else None,
                "accessKeyId": auth.split("Credential=")[1].split("/")[0] if "Credential=" in auth else None,
            })
            upstream = http.client.HTTPConnection(host, port, timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
            headers["Host"] = f"{host}:{port}"
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(key, value)
            # Browsers' CORS checks are not in play under Node; moto answers them anyway.
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        do_POST = do_GET = do_PUT = do_DELETE = _forward

        def do_OPTIONS(self) -> None:
            self._forward()

    return Handler


def _query_action(path: str, body: bytes) -> str:
    """The Action of a query-protocol request (STS, IAM), from the form body or the query string."""
    from urllib.parse import parse_qs, urlsplit

    fields = parse_qs(body.decode("utf-8", "replace")) if body else {}
    fields.update(parse_qs(urlsplit(path).query))
    return (fields.get("Action") or [""])[0]


# ----------------------------------------------------------------------------------- plan → moto
@dataclass
class Emulated:
    """What was created: placeholder → real value of every ID the plan's outputs name, and what moto could not take."""

    ids: dict[str, str] = field(default_factory=dict)
    not_applied: list[str] = field(default_factory=list)
    created: dict[str, dict] = field(default_factory=dict)  # urn → the API response (or the arguments)

    def real(self, value: Any) -> Any:
        """`value` (any JSON) with every placeholder ID replaced by the emulator's (also inside strings)."""
        if isinstance(value, str):
            for fake in sorted(self.ids, key=len, reverse=True):
                value = value.replace(fake, self.ids[fake])
            return value
        if isinstance(value, list):
            return [self.real(v) for v in value]
        if isinstance(value, dict):
            return {self.real(k): self.real(v) for k, v in value.items()}
        return value


def _pascal(value: Any, renames: dict[str, str] | None = None) -> Any:
    """Pulumi's camelCase input keys as the Cognito API's PascalCase parameters (recursively)."""
    renames = renames or {}
    if isinstance(value, dict):
        return {renames.get(k, k[:1].upper() + k[1:]): _pascal(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal(v, renames) for v in value]
    return value


def _take(inputs: dict, mapping: dict[str, str], urn: str, done: Emulated, ignored: dict[str, str]) -> dict:
    """API arguments from plan inputs by ``mapping`` (input → parameter); inputs in ``ignored`` are listed as not
    applied with the reason; any other input fails (the emulation would silently differ from the plan)."""
    args = {}
    for key, value in inputs.items():
        if key in mapping:
            args[mapping[key]] = value
        elif key in ignored:
            done.not_applied.append(f"{urn.split('::')[-1]}.{key}: {ignored[key]}")
        else:
            raise AssertionError(f"the emulator does not know input {key!r} of {urn}: teach tests/e2e/e2e_emulator.py")
    return args


def _user_pool(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {
        "name": "PoolName", "autoVerifiedAttributes": "AutoVerifiedAttributes", "usernameAttributes": "UsernameAttributes",
        "aliasAttributes": "AliasAttributes", "mfaConfiguration": "MfaConfiguration", "schemas": "Schema",
        "passwordPolicy": "Policies", "accountRecoverySetting": "AccountRecoverySetting",
        "adminCreateUserConfig": "AdminCreateUserConfig", "usernameConfiguration": "UsernameConfiguration",
        "verificationMessageTemplate": "VerificationMessageTemplate", "deletionProtection": "DeletionProtection",
        "userAttributeUpdateSettings": "UserAttributeUpdateSettings", "emailConfiguration": "EmailConfiguration",
        "userPoolTier": "UserPoolTier", "userPoolAddOns": "UserPoolAddOns", "signInPolicy": "SignInPolicy",
    }, r["urn"], done, {"lambdaConfig": "moto never invokes Lambda triggers",
                        "webAuthnConfiguration": "moto 5.2.5 has no passkeys (SetUserPoolMfaConfig WebAuthnConfiguration)",
                        "softwareTokenMfaConfiguration": "MFA factors are not emulated"})
    if "Policies" in args:
        args["Policies"] = {"PasswordPolicy": _pascal(args["Policies"])}
    if "SignInPolicy" in args:  # the API nests it: UserPoolPolicyType {PasswordPolicy, SignInPolicy}
        args.setdefault("Policies", {})["SignInPolicy"] = _pascal(args.pop("SignInPolicy"))
    for key in list(args):
        if key not in ("PoolName", "Policies"):
            args[key] = _pascal(args[key], {"attributesRequireVerificationBeforeUpdates": "AttributesRequireVerificationBeforeUpdate"})
    for schema in args.get("Schema", []):
        schema.setdefault("StringAttributeConstraints", {})
    pool = em.client("cognito-idp").create_user_pool(**args)["UserPool"]
    out = r["outputs"]
    done.ids[out["id"]] = pool["Id"]
    done.ids[out["arn"]] = pool["Arn"]
    done.created[r["urn"]] = pool


def _user_pool_client(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {
        "userPoolId": "UserPoolId", "name": "ClientName", "generateSecret": "GenerateSecret",
        "explicitAuthFlows": "ExplicitAuthFlows", "supportedIdentityProviders": "SupportedIdentityProviders",
        "preventUserExistenceErrors": "PreventUserExistenceErrors", "enableTokenRevocation": "EnableTokenRevocation",
        "accessTokenValidity": "AccessTokenValidity", "idTokenValidity": "IdTokenValidity",
        "refreshTokenValidity": "RefreshTokenValidity", "tokenValidityUnits": "TokenValidityUnits",
        "allowedOauthFlowsUserPoolClient": "AllowedOAuthFlowsUserPoolClient", "allowedOauthFlows": "AllowedOAuthFlows",
        "allowedOauthScopes": "AllowedOAuthScopes", "callbackUrls": "CallbackURLs", "logoutUrls": "LogoutURLs",
        "readAttributes": "ReadAttributes", "writeAttributes": "WriteAttributes",
    }, r["urn"], done, {})
    if "TokenValidityUnits" in args:
        args["TokenValidityUnits"] = _pascal(args["TokenValidityUnits"])
    client = em.client("cognito-idp").create_user_pool_client(**args)["UserPoolClient"]
    done.ids[r["outputs"]["id"]] = client["ClientId"]
    done.created[r["urn"]] = client


def _oidc_provider(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {"url": "Url", "clientIdLists": "ClientIDList", "thumbprintLists": "ThumbprintList"}, r["urn"], done, {})
    arn = em.client("iam").create_open_id_connect_provider(**args)["OpenIDConnectProviderArn"]
    done.ids[r["outputs"]["arn"]] = arn
    done.created[r["urn"]] = {"Arn": arn, **args}


def _role(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {"assumeRolePolicy": "AssumeRolePolicyDocument", "name": "RoleName"}, r["urn"], done, {})
    args.setdefault("RoleName", r["outputs"].get("name") or r["outputs"]["id"])
    role = em.client("iam").create_role(**args)["Role"]
    done.ids[r["outputs"]["arn"]] = role["Arn"]
    done.created[r["urn"]] = role


def _identity_pool(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {
        "identityPoolName": "IdentityPoolName", "allowUnauthenticatedIdentities": "AllowUnauthenticatedIdentities",
        "allowClassicFlow": "AllowClassicFlow", "developerProviderName": "DeveloperProviderName",
        "openidConnectProviderArns": "OpenIdConnectProviderARNs", "supportedLoginProviders": "SupportedLoginProviders",
        "cognitoIdentityProviders": "CognitoIdentityProviders", "samlProviderArns": "SamlProviderARNs",
    }, r["urn"], done, {})
    if "CognitoIdentityProviders" in args:
        args["CognitoIdentityProviders"] = _pascal(args["CognitoIdentityProviders"])
    pool = em.client("cognito-identity").create_identity_pool(**args)
    done.ids[r["outputs"]["id"]] = pool["IdentityPoolId"]
    if "arn" in r["outputs"]:
        done.ids[r["outputs"]["arn"]] = r["outputs"]["arn"].replace(r["outputs"]["id"], pool["IdentityPoolId"])
    done.created[r["urn"]] = pool


def _role_attachment(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    # moto has no SetIdentityPoolRoles: every identity gets the same credentials there (see the skips).
    done.not_applied.append(f"{r['urn'].split('::')[-1]}: SetIdentityPoolRoles is not implemented by moto "
                            f"(roles {sorted(inputs.get('roles', {}))}, role mappings {len(inputs.get('roleMappings', []))})")
    done.created[r["urn"]] = inputs


def _resource_server(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {"userPoolId": "UserPoolId", "identifier": "Identifier", "name": "Name", "scopes": "Scopes"},
                 r["urn"], done, {})
    if "Scopes" in args:
        args["Scopes"] = _pascal(args["Scopes"])
    server = em.client("cognito-idp").create_resource_server(**args)["ResourceServer"]
    done.created[r["urn"]] = server


def _domain(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {"domain": "Domain", "userPoolId": "UserPoolId", "certificateArn": "CertificateArn"},
                 r["urn"], done, {"managedLoginVersion": "not read back"})
    if "CertificateArn" in args:
        args["CustomDomainConfig"] = {"CertificateArn": args.pop("CertificateArn")}
    em.client("cognito-idp").create_user_pool_domain(**args)
    done.created[r["urn"]] = args


def _log_group(em: Emulator, r: dict, done: Emulated) -> None:
    inputs = done.real(r["inputs"])
    args = _take(inputs, {"name": "logGroupName", "retentionInDays": "retentionInDays"}, r["urn"], done, {"tags": "not read back"})
    logs = em.client("logs")
    logs.create_log_group(logGroupName=args["logGroupName"])
    if "retentionInDays" in args:
        logs.put_retention_policy(logGroupName=args["logGroupName"], retentionInDays=args["retentionInDays"])
    done.created[r["urn"]] = args


def _not_in_moto(reason: str) -> Callable[[Emulator, dict, Emulated], None]:
    def record(em: Emulator, r: dict, done: Emulated) -> None:
        done.not_applied.append(f"{r['urn'].split('::')[-1]}: {reason}")
        done.created[r["urn"]] = done.real(r["inputs"])
    return record


CREATORS: dict[str, Callable[[Emulator, dict, Emulated], None]] = {
    "aws:cognito/resourceServer:ResourceServer": _resource_server,
    "aws:cognito/userPoolDomain:UserPoolDomain": _domain,
    "aws:cognito/riskConfiguration:RiskConfiguration": _not_in_moto("moto 5.2.5 has no SetRiskConfiguration"),
    "aws:cognito/logDeliveryConfiguration:LogDeliveryConfiguration": _not_in_moto(
        "moto 5.2.5 has no SetLogDeliveryConfiguration"),
    "aws:cloudwatch/logGroup:LogGroup": _log_group,
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": _not_in_moto(
        "resource-scoped log policies (resourceArn) are not emulated"),
    "aws:cognito/userPool:UserPool": _user_pool,
    "aws:cognito/userPoolClient:UserPoolClient": _user_pool_client,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": _oidc_provider,
    "aws:iam/role:Role": _role,
    "aws:cognito/identityPool:IdentityPool": _identity_pool,
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": _role_attachment,
}


def create_from_plan(em: Emulator, plan: dict) -> Emulated:
    """Creates every resource of an `authstack plan --format json` document in the emulator, dependencies first."""
    resources = {r["urn"]: r for r in plan["resources"] if r.get("custom")}
    done = Emulated()
    order: list[str] = []
    seen: set[str] = set()

    def visit(urn: str) -> None:
        if urn in seen or urn not in resources:
            return
        seen.add(urn)
        for dep in resources[urn].get("dependencies", []):
            visit(dep)
        order.append(urn)

    for urn in sorted(resources):
        visit(urn)
    for urn in order:
        r = resources[urn]
        creator = CREATORS.get(r["type"])
        if creator is None:
            raise AssertionError(f"the emulator cannot create {r['type']} ({urn}): teach tests/e2e/e2e_emulator.py")
        creator(em, r, done)
    return done


def outputs_document(plan: dict, done: Emulated) -> dict:
    """What `pulumi stack output --json` would print for the emulated stack: the plan's outputs, real IDs in."""
    return done.real(plan["outputs"])
