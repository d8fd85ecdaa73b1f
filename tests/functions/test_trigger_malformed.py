"""Hypothesis: mangled real events never make a trigger fail with anything but ``Reject``.

Each case takes a real sample event, replaces or deletes a few keys at any depth (or builds a
random object), runs the runtime's envelope check, then the built-in step itself. Any
exception other than ``Reject`` is a bug: in production it would be logged as an unexpected
failure instead of a clear "malformed event" line.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authstack.functions.runtime.chain import Chain
from authstack.functions.runtime.errors import Reject
from trigger_helpers import load_event, make_step

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


class _Anything:
    """Stands in for AWS clients, senders and stores: accepts any call."""

    def __getattr__(self, name):
        return lambda *a, **k: {"email": "a@example.com"}

    def __call__(self, *a, **k):
        return None


CASES = [
    ("email-domain-allowlist", "preSignUp", {"domains": ["example.com"]}, {}, ["powertools-cognitoPreSignUpEvent", "lambda-go-presignup"]),
    ("email-domain-denylist", "preSignUp", {"domains": ["evil.com"]}, {}, ["powertools-cognitoPreSignUpEvent"]),
    ("require-validation-data", "preAuthentication", {"fields": {"k1": {"values": ["v1"]}}}, {}, ["lambda-go-preauthentication"]),
    ("auto-confirm", "preSignUp", {"domains": ["example.com"]}, {}, ["lambda-go-presignup", "powertools-cognitoPreSignUpEvent"]),
    ("add-to-group", "postConfirmation", {"group": "g"}, {"client": _Anything()}, ["lambda-go-postconfirmation"]),
    ("token-claims", "preTokenGeneration", {"idToken": {"add": {"a": 1}, "fromClientMetadata": {"b": "k"}},
                                             "accessToken": {"addScopes": ["s"]}},
     {}, ["lambda-go-pretokengen-v2_0", "powertools-cognitoPreTokenGenerationEvent"]),
    ("verification-link", "customMessage", {"url": "https://x.example/v"}, {}, ["lambda-go-custommessage"]),
    ("email-otp-challenge", "defineAuthChallenge", {}, {}, ["powertools-cognitoDefineAuthChallengeEvent", "lambda-go-define-auth-challenge"]),
    ("email-otp-challenge", "createAuthChallenge", {"fromAddress": "a@example.com"}, {"send": _Anything()},
     ["lambda-go-create-auth-challenge", "powertools-cognitoCreateAuthChallengeEvent"]),
    ("email-otp-challenge", "verifyAuthChallengeResponse", {}, {}, ["powertools-cognitoVerifyAuthChallengeResponseEvent"]),
    ("user-migration", "userMigration", {"url": "https://legacy.example"}, {"store": _Anything()}, ["lambda-go-migrateuser"]),
]
SOURCES = {"lambda-go-custommessage": "CustomMessage_SignUp"}


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _mangle(data, event):
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(event) if p]
        path = data.draw(st.sampled_from(paths))
        parent = event
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(json_values)
    return event


def _run(use, trigger, settings_, inject, event):
    chain = Chain(trigger, [])
    try:
        chain(event)  # the runtime's envelope check, as in production
    except Reject:
        return
    result = make_step(use, trigger, settings_, **inject)(event)
    assert isinstance(result, dict)


@pytest.mark.parametrize("use,trigger,settings_,inject,fixtures", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_real_events_only_ever_reject(use, trigger, settings_, inject, fixtures, data):
    name = data.draw(st.sampled_from(fixtures))
    event = load_event(name)
    if name in SOURCES:
        event["triggerSource"] = SOURCES[name]
    event = _mangle(data, event)
    try:
        _run(use, trigger, settings_, inject, event)
    except Reject:
        pass


@pytest.mark.parametrize("use,trigger,settings_,inject,fixtures", CASES[:1] + CASES[5:6], ids=["allowlist", "token-claims"])
@settings(max_examples=60, deadline=None)
@given(event=json_values | st.dictionaries(st.sampled_from(["triggerSource", "request", "response", "version", "userName"]),
                                           json_values, max_size=5))
def test_random_objects_only_ever_reject(use, trigger, settings_, inject, fixtures, event):
    try:
        _run(use, trigger, settings_, inject, event)
    except Reject:
        pass
