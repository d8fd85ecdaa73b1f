"""The step chain: order, short-circuit, custom handlers, config errors, log lines."""

import json
import textwrap

import pytest

from authstack.functions.package import validate_steps
from authstack.functions.runtime.chain import Chain, from_environment, load
from authstack.functions.runtime.errors import GENERIC_MESSAGE, Reject


@pytest.fixture
def custom(tmp_path, monkeypatch):
    """Write custom handler modules and make them importable, as the zip does."""
    monkeypatch.syspath_prepend(str(tmp_path))
    made = []

    def write(name, body):
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(body))
        made.append(name)
        return name

    yield write
    import sys
    for name in made:
        sys.modules.pop(name, None)


def test_steps_run_in_order_each_seeing_the_previous_result(event, custom):
    first = custom("chain_first", """
        def handler(event, context):
            event["response"]["order"] = ["first"]
            return event
    """)
    second = custom("chain_second", """
        def handler(event, context):
            event["response"]["order"].append("second")
            event = dict(event)      # a new object is fine too
            event["replaced"] = True
            return event
    """)
    third = custom("chain_third", """
        def handler(event, context):
            event["response"]["order"].append("third")   # returns None: changed in place
    """)
    chain = load("preSignUp", json.dumps([{"handler": first}, {"handler": second}, {"handler": third}]))
    out = chain(event("powertools-cognitoPreSignUpEvent"))
    assert out["response"]["order"] == ["first", "second", "third"] and out["replaced"] is True


def test_reject_short_circuits_and_logs_one_line(event, custom, capsys):
    after = custom("chain_after", """
        CALLS = []
        def handler(event, context):
            CALLS.append(1)
            return event
    """)
    steps = validate_steps("preSignUp", [{"use": "email-domain-allowlist", "with": {"domains": ["example.org"]}}])
    chain = load("preSignUp", json.dumps(steps + [{"handler": after}]))
    with pytest.raises(Reject, match="not allowed") as err:
        chain(event("powertools-cognitoPreSignUpEvent"))
    import sys
    assert sys.modules[after].CALLS == []
    assert err.value.__cause__ is None and err.value.__context__ is None
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == ["authstack: steps[0] email-domain-allowlist rejected: email domain not in allowlist"]
    assert "user@example.com" not in lines[0]


def test_amplify_style_exception_message_reaches_client(event, custom):
    deny = custom("chain_deny", """
        def handler(event, context):
            raise Exception("Invitation required.")
    """)
    with pytest.raises(Reject, match="^Invitation required.$"):
        load("preSignUp", json.dumps([{"handler": deny}]))(event("powertools-cognitoPreSignUpEvent"))


def test_bug_in_custom_handler_gives_generic_error_and_one_log_line(event, custom, capsys):
    buggy = custom("chain_buggy", """
        def handler(event, context):
            return event["request"]["userAttributes"]["secret-attr"]
    """)
    with pytest.raises(Reject) as err:
        load("preSignUp", json.dumps([{"handler": buggy}]))(event("powertools-cognitoPreSignUpEvent"))
    assert str(err.value) == GENERIC_MESSAGE
    log = capsys.readouterr().err.strip().splitlines()
    assert len(log) == 1 and "KeyError at chain_buggy.py:3" in log[0] and "secret-attr" not in log[0]


def test_handler_returning_non_event_is_refused(event, custom, capsys):
    bad = custom("chain_bad_return", """
        def handler(event, context):
            return "ok"
    """)
    with pytest.raises(Reject, match=GENERIC_MESSAGE):
        load("preSignUp", json.dumps([{"handler": bad}]))(event("powertools-cognitoPreSignUpEvent"))
    assert "returned str, expected the event" in capsys.readouterr().err


def test_event_of_another_trigger_is_refused(event):
    chain = Chain("preSignUp", [])
    with pytest.raises(Reject, match="Invalid request"):
        chain(event("powertools-cognitoPreAuthenticationEvent"))
    assert chain(event("powertools-cognitoPreSignUpEvent"))["triggerSource"] == "PreSignUp_SignUp"


def test_null_response_is_created(event):
    sample = event("powertools-cognitoPreSignUpEvent", response=None)
    assert Chain("preSignUp", [])(sample)["response"] == {}


@pytest.mark.parametrize("env", [
    {}, {"AUTHSTACK_TRIGGER": "preSignUp"}, {"AUTHSTACK_TRIGGER": "preSignUp", "AUTHSTACK_STEPS": "{"},
    {"AUTHSTACK_TRIGGER": "preSignUp", "AUTHSTACK_STEPS": '[{"use": "no-such-step"}]'},
    {"AUTHSTACK_TRIGGER": "nope", "AUTHSTACK_STEPS": "[]"},
    {"AUTHSTACK_TRIGGER": "preSignUp", "AUTHSTACK_STEPS": '[{"handler": "missing_module_xyz"}]'},
])
def test_bad_configuration_is_one_log_line_and_generic_error(env, capsys):
    with pytest.raises(Reject, match=GENERIC_MESSAGE):
        from_environment(env)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("authstack: configuration error:")
