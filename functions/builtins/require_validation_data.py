"""``require-validation-data``: require keys, and optionally allowed values, in ``validationData``.

Clients send ``validationData`` with ``Auth.signUp`` / ``Auth.signIn`` (Amplify) or
``SignUp`` / ``AdminInitiateAuth``. It is client-supplied: use it for invite codes and
similar gates, never as proof of identity. Values are compared in constant time, and secret
values (invite codes) are configured as SHA-256 digests so the code itself never sits in the
function's environment, the Pulumi plan or the stack file.
"""

import hashlib
import hmac

from ..runtime import event as ev
from ..runtime.errors import Reject

DESCRIPTION = "Pre sign-up / pre authentication: require keys and allowed values in validationData."
TRIGGERS = ("preSignUp", "preAuthentication")
POOL_ACTIONS = ()
USES = ()

SETTINGS = {
    "fields": {
        "type": "map", "key": "str", "min_items": 1, "required": True,
        "values": {
            "type": "object",
            "fields": {
                "values": {
                    "type": "list", "items": "str", "default": None,
                    "doc": "Allowed plain values. Default: any value. Not for secrets: they are "
                           "stored in plain text in the function's environment.",
                },
                "sha256": {
                    "type": "list", "items": "sha256", "default": None,
                    "doc": "Allowed values as hex SHA-256 digests (e.g. of invite codes). Default: any "
                           "value. Use this for secrets so only digests are deployed.",
                },
            },
        },
        "doc": "Keys that must be present, each with optional allowed values. Required: a "
               "step with no keys would check nothing.",
    },
    "triggerSources": {
        "type": "list", "items": "triggerSource", "min_items": 1,
        "default": ["PreSignUp_SignUp", "PreAuthentication_Authentication"],
        "doc": "Trigger sources the check applies to; each must be one the step's trigger sends "
               "(checked before deploy: a misspelt source would match nothing and skip the gate). "
               "Default: self-service sign-up and sign-in, the flows where the client sends "
               "validationData; admin-created and federated users carry none and are let through.",
    },
    "message": {
        "type": "message", "default": "The request is missing required information.",
        "doc": "Text shown when a key is missing or a value is not allowed. Default: one message "
               "for both, so a caller cannot probe which key or value was wrong.",
    },
}


def _allowed(candidate: bytes, allowed: list) -> bool:
    # Check every entry (no early exit), so timing does not reveal which one matched.
    found = False
    for entry in allowed:
        found |= hmac.compare_digest(candidate, entry)
    return found


def build(settings: dict):
    rules = []
    for key, rule in sorted(settings["fields"].items()):
        plain = [v.encode() for v in rule.get("values") or []] or None
        digests = [bytes.fromhex(d) for d in rule.get("sha256") or []] or None
        rules.append((key, plain, digests))
    sources = frozenset(settings["triggerSources"])
    message = settings["message"]

    def step(event, context=None):
        if ev.source(event) not in sources:
            return event
        data = ev.mapping(ev.request(event), "validationData", "request")
        ok = True
        for key, plain, digests in rules:
            value = data.get(key)
            if not isinstance(value, str):
                ok = False
                continue
            raw = value.encode("utf-8", "surrogatepass")
            if plain is not None:
                ok &= _allowed(raw, plain)
            if digests is not None:
                ok &= _allowed(hashlib.sha256(raw).digest(), digests)
        if not ok:
            raise Reject(message, "validationData missing a required key or holding a value not allowed")
        return event

    return step
