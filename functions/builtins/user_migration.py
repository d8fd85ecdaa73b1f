"""``user-migration``: move users from a legacy store into the pool the first time they sign in.

Cognito calls this trigger when a user who is not in the pool signs in
(``UserMigration_Authentication``, with the password) or asks for a password reset
(``UserMigration_ForgotPassword``, without one). The step asks a *legacy store* and, if it
vouches for the user, returns their attributes; Cognito then creates the user silently.

The store is anything with two methods (see ``LegacyStore``); ``HttpLegacyStore`` is the
example that ships: it POSTs JSON to your legacy service. The password is sent only to that
service, never logged, and never returned.
"""

import json

from ..runtime import event as ev
from ..runtime.errors import Reject

DESCRIPTION = "User migration: import users from a legacy store (HTTP example) at first sign-in."
TRIGGERS = ("userMigration",)
POOL_ACTIONS = ()
USES = ()

SETTINGS = {
    "url": {
        "type": "url", "required": True,
        "doc": "Legacy service endpoint for HttpLegacyStore. Required. Must be https (http only "
               "for localhost, as for OAuth redirect URLs), because the password is sent to it.",
    },
    "timeoutSeconds": {
        "type": "number", "min": 0.5, "max": 4.5, "default": 3.0,
        "doc": "How long to wait for the legacy service. Default: 3 s, inside Cognito's fixed 5 s "
               "limit with room for the rest of the function.",
    },
    "authorizationParameter": {
        "type": "str", "default": None,
        "doc": "Name of an SSM SecureString parameter whose value is sent as the Authorization "
               "header. Default: none. The secret never enters the environment or the plan; the "
               "function needs ssm:GetParameter on it.",
    },
    "attributes": {
        "type": "list", "items": "str",
        "default": ["email", "email_verified", "name", "phone_number", "phone_number_verified"],
        "doc": "Attributes copied from the legacy store's answer. Default: the standard contact "
               "attributes; anything else the store returns is dropped, so the store cannot set "
               "attributes the pool does not expect.",
    },
}

#: Attributes Cognito owns; a store must never set them.
_FORBIDDEN = frozenset({"sub", "username", "cognito:user_status", "cognito:mfa_enabled"})


class LegacyStoreError(Exception):
    """The legacy store could not answer (down, timed out, bad reply)."""


class LegacyStore:
    """The interface a legacy store implements. Return attributes, or ``None`` for "no such user"."""

    def authenticate(self, username: str, password: str) -> dict | None:
        """Attributes of the user if ``password`` is right, else ``None``."""
        raise NotImplementedError

    def lookup(self, username: str) -> dict | None:
        """Attributes of the user (for forgot-password), or ``None`` if unknown."""
        raise NotImplementedError


class HttpLegacyStore(LegacyStore):
    """POST ``{"action", "username"[, "password"]}`` as JSON to ``url``.

    The service answers 200 with ``{"attributes": {...}}`` for a known user (and right password),
    or 401/403/404 for "no". Anything else is a ``LegacyStoreError``.
    """

    def __init__(self, url: str, timeout: float = 3.0, authorization=None) -> None:
        self.url = url
        self.timeout = timeout
        self._authorization = authorization  # a callable, so the secret is fetched only when used

    def authenticate(self, username, password):
        return self._call({"action": "authenticate", "username": username, "password": password})

    def lookup(self, username):
        return self._call({"action": "lookup", "username": username})

    def _call(self, payload: dict):
        import urllib.error  # heavy (http.client, ssl); only the migration path pays for it
        import urllib.request

        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._authorization is not None:
            headers["Authorization"] = self._authorization()
        req = urllib.request.Request(self.url, data=json.dumps(payload).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as reply:  # noqa: S310 - https enforced at packaging
                body = json.loads(reply.read(65536) or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403, 404):
                return None
            raise LegacyStoreError(f"HTTP {exc.code}") from None
        except (OSError, ValueError) as exc:
            raise LegacyStoreError(type(exc).__name__) from None
        attributes = body.get("attributes") if isinstance(body, dict) else None
        if not isinstance(attributes, dict):
            raise LegacyStoreError("reply has no attributes object")
        return attributes


def _ssm_secret(name: str, client=None):
    state = {"client": client, "value": None}

    def read() -> str:
        if state["value"] is None:
            if state["client"] is None:
                import boto3  # in the Lambda runtime; imported on first use

                state["client"] = boto3.client("ssm")
            reply = state["client"].get_parameter(Name=name, WithDecryption=True)
            state["value"] = reply["Parameter"]["Value"]
        return state["value"]

    return read


def _attributes(found: dict, allowed: list) -> dict:
    """Cognito takes string attributes only; lists, objects and nulls from the store are dropped."""
    out = {}
    for key in allowed:
        value = found.get(key)
        if key in _FORBIDDEN or not isinstance(value, (str, bool, int, float)):
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


def build(settings: dict, store=None, ssm=None):
    if store is None:
        secret = settings.get("authorizationParameter")
        store = HttpLegacyStore(settings["url"], settings["timeoutSeconds"], _ssm_secret(secret, ssm) if secret else None)
    allowed = settings["attributes"]

    def step(event, context=None):
        source = ev.source(event)
        username = ev.text(event, "userName", "event", required=True)
        request = ev.request(event)
        try:
            if source == "UserMigration_Authentication":
                password = ev.text(request, "password", "request", required=True)
                found = store.authenticate(username, password)
            else:
                found = store.lookup(username)
        except LegacyStoreError as exc:
            raise Reject("Sign-in is temporarily unavailable. Please try again.", f"legacy store: {exc}") from None
        except Exception as exc:
            raise Reject("Sign-in is temporarily unavailable. Please try again.",
                         f"legacy store failed: {type(exc).__name__}") from None
        if not found:
            raise Reject("Incorrect username or password.", "legacy store does not vouch for the user")
        if not isinstance(found, dict):  # a custom store's bug, not the user's
            raise Reject("Sign-in is temporarily unavailable. Please try again.",
                         f"legacy store returned {type(found).__name__}, expected attributes")
        response = ev.response(event)
        response["userAttributes"] = _attributes(found, allowed)
        response["messageAction"] = "SUPPRESS"  # the user already knows their account
        if source == "UserMigration_Authentication":
            response["finalUserStatus"] = "CONFIRMED"  # the legacy store checked the password
        else:
            response.pop("finalUserStatus", None)  # Cognito sends a reset code; status is RESET_REQUIRED
        for key in ("desiredDeliveryMediums", "forceAliasCreation"):
            response.pop(key, None)
        return event

    return step
