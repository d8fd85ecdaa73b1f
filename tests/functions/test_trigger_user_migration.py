"""user-migration with an in-memory store and with the HTTP example against a local server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from authstack.functions.builtins.user_migration import HttpLegacyStore, LegacyStore
from authstack.functions.runtime.errors import Reject

USERS = {"alice": {"password": "correct horse", "attributes": {
    "email": "alice@example.com", "email_verified": True, "sub": "forged", "custom:plan": "gold", "name": "Alice"}}}


class MemoryStore(LegacyStore):
    def authenticate(self, username, password):
        user = USERS.get(username)
        return dict(user["attributes"]) if user and user["password"] == password else None

    def lookup(self, username):
        user = USERS.get(username)
        return dict(user["attributes"]) if user else None


def _migrate(event, source="UserMigration_Authentication", user="alice", password="correct horse"):
    sample = event("lambda-go-migrateuser", triggerSource=source, userName=user)
    sample["request"]["password"] = password
    if source != "UserMigration_Authentication":
        del sample["request"]["password"]
    return sample


def test_sign_in_migrates_known_user_with_filtered_attributes(event, step):
    migrate = step("user-migration", "userMigration", {"url": "https://legacy.example.com/users"}, store=MemoryStore())
    out = migrate(_migrate(event))["response"]
    assert out == {"userAttributes": {"email": "alice@example.com", "email_verified": "true", "name": "Alice"},
                   "finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS"}


def test_wrong_password_and_unknown_user_look_the_same(event, step):
    migrate = step("user-migration", "userMigration", {"url": "https://legacy.example.com/users"}, store=MemoryStore())
    with pytest.raises(Reject) as wrong:
        migrate(_migrate(event, password="nope"))
    with pytest.raises(Reject) as unknown:
        migrate(_migrate(event, user="bob"))
    assert str(wrong.value) == str(unknown.value) == "Incorrect username or password."


def test_forgot_password_uses_lookup_and_leaves_status_to_cognito(event, step):
    migrate = step("user-migration", "userMigration", {"url": "https://legacy.example.com/users", "attributes": ["email", "custom:plan"]},
                   store=MemoryStore())
    out = migrate(_migrate(event, "UserMigration_ForgotPassword"))["response"]
    assert out == {"userAttributes": {"email": "alice@example.com", "custom:plan": "gold"}, "messageAction": "SUPPRESS"}


class _Legacy(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append((self.headers.get("Authorization"), body))
        if body["username"] == "broken":
            self.send_response(500)
            self.end_headers()
            return
        if body["action"] == "authenticate":
            found = MemoryStore().authenticate(body["username"], body["password"])
        else:
            found = MemoryStore().lookup(body["username"])
        self.send_response(200 if found else 401)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"attributes": found} if found else {}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def legacy_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Legacy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Legacy.seen = []
    yield f"http://localhost:{server.server_address[1]}/migrate"  # http is accepted for localhost only
    server.shutdown()
    server.server_close()


def test_http_store_end_to_end_with_ssm_authorization(event, step, legacy_url):
    import botocore.session
    from botocore.stub import Stubber

    ssm = botocore.session.get_session().create_client("ssm", region_name="us-east-1",
                                                         aws_access_key_id="t", aws_secret_access_key="t")
    with Stubber(ssm) as stub:
        stub.add_response("get_parameter", {"Parameter": {"Value": "Bearer token-123"}},
                          {"Name": "/legacy/auth", "WithDecryption": True})
        migrate = step("user-migration", "userMigration", {"url": legacy_url, "authorizationParameter": "/legacy/auth"}, ssm=ssm)
        out = migrate(_migrate(event))["response"]
        assert out["userAttributes"]["email"] == "alice@example.com"
        with pytest.raises(Reject, match="Incorrect"):
            migrate(_migrate(event, password="nope"))
        with pytest.raises(Reject, match="temporarily unavailable"):
            migrate(_migrate(event, user="broken"))
        stub.assert_no_pending_responses()  # the secret is read once per cold start
    assert [s[0] for s in _Legacy.seen] == ["Bearer token-123"] * 3
    assert _Legacy.seen[0][1] == {"action": "authenticate", "username": "alice", "password": "correct horse"}


def test_http_store_unreachable_is_user_safe(event, step):
    store = HttpLegacyStore("http://localhost:9/migrate", timeout=0.5)  # discard port: refused
    migrate = step("user-migration", "userMigration", {"url": "http://localhost:9/migrate"}, store=store)
    with pytest.raises(Reject, match="temporarily unavailable") as err:
        migrate(_migrate(event))
    assert "correct horse" not in err.value.reason


def test_timeout_bounded_below_cognito_limit():
    from authstack.functions.package import StepError, validate_steps

    with pytest.raises(StepError) as err:
        validate_steps("userMigration", [{"use": "user-migration", "with": {"url": "https://l.example", "timeoutSeconds": 6}}])
    assert err.value.path == "steps[0].with.timeoutSeconds"


class _OddStore(LegacyStore):
    def __init__(self, answer):
        self.answer = answer

    def authenticate(self, username, password):
        return self.answer

    lookup = None


def test_store_answer_of_the_wrong_type_is_a_clear_user_safe_failure(event, step, capsys):
    from authstack.functions.runtime.chain import Chain

    migrate = step("user-migration", "userMigration", {"url": "https://legacy.example.com/users"}, store=_OddStore(["alice"]))
    with pytest.raises(Reject, match="temporarily unavailable") as err:
        Chain("userMigration", [("steps[0] user-migration", migrate)])(_migrate(event))
    assert err.value.reason == "legacy store returned list, expected attributes"
    assert capsys.readouterr().err.strip() == "authstack: steps[0] user-migration rejected: legacy store returned list, expected attributes"


def test_non_string_attributes_from_the_store_are_dropped_not_stringified(event, step):
    answer = {"email": "a@example.com", "name": {"first": "A"}, "phone_number": None, "email_verified": False}
    migrate = step("user-migration", "userMigration", {"url": "https://legacy.example.com/users"}, store=_OddStore(answer))
    assert migrate(_migrate(event))["response"]["userAttributes"] == {"email": "a@example.com", "email_verified": "false"}
