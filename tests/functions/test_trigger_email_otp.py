"""email-otp-challenge: the define/create/verify loop on the real custom-auth events."""

import pytest

from authstack.functions.builtins import email_otp_challenge
from authstack.functions.runtime.errors import Reject

FROM = {"fromAddress": "no-reply@example.com"}


class Outbox:
    def __init__(self):
        self.sent = []

    def __call__(self, to, subject, body):
        self.sent.append((to, subject, body))


def _entry(result, code):
    return {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": result, "challengeMetadata": email_otp_challenge.TAG + code}


def test_define_from_lambda_go_event_starts_custom_challenge_not_tokens(event, step):
    # The fixture's response says issueTokens: true after PASSWORD_VERIFIER only: must be overwritten.
    out = step("email-otp-challenge", "defineAuthChallenge", {"requirePassword": False})(event("lambda-go-define-auth-challenge"))
    assert out["response"]["issueTokens"] is False and out["response"]["failAuthentication"] is True
    sample = event("lambda-go-define-auth-challenge")
    sample["request"]["session"].insert(0, {"challengeName": "SRP_A", "challengeResult": True})
    out = step("email-otp-challenge", "defineAuthChallenge", {"requirePassword": True})(sample)
    assert out["response"] == {"challengeName": "CUSTOM_CHALLENGE", "issueTokens": False, "failAuthentication": False}


def test_define_never_issues_tokens_for_someone_elses_challenge(event, step):
    # Powertools event: PASSWORD_VERIFIER then a CAPTCHA custom challenge answered true.
    sample = event("powertools-cognitoDefineAuthChallengeEvent")
    sample["request"]["userNotFound"] = False
    define = step("email-otp-challenge", "defineAuthChallenge")
    out = define(sample)["response"]
    assert out["issueTokens"] is False and out["failAuthentication"] is True
    # A correct answer to a challenge with another name is not ours either.
    sample["request"]["session"] = [{"challengeName": "SMS_MFA", "challengeResult": True,
                                     "challengeMetadata": email_otp_challenge.TAG + "123456"}]
    assert define(sample)["response"]["issueTokens"] is False


def test_full_flow_with_retry_reuses_code_and_verifies_in_constant_time(event, step, monkeypatch):
    outbox = Outbox()
    define = step("email-otp-challenge", "defineAuthChallenge")
    create = step("email-otp-challenge", "createAuthChallenge", FROM, send=outbox)
    verify = step("email-otp-challenge", "verifyAuthChallengeResponse")
    session = []

    d = event("powertools-cognitoDefineAuthChallengeEvent")
    d["request"].update(session=session, userNotFound=False)
    assert define(d)["response"]["challengeName"] == "CUSTOM_CHALLENGE"

    c = event("powertools-cognitoCreateAuthChallengeEvent")
    c["request"].update(challengeName="CUSTOM_CHALLENGE", session=list(session))
    created = create(c)["response"]
    code = created["privateChallengeParameters"]["code"]
    assert len(code) == 6 and code.isdigit() and code not in str(created["publicChallengeParameters"])
    assert outbox.sent == [("create-auth@mail.com", "Your sign-in code", f"Your sign-in code is {code}")]

    calls = []
    real = email_otp_challenge.hmac.compare_digest
    monkeypatch.setattr(email_otp_challenge.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    v = event("powertools-cognitoVerifyAuthChallengeResponseEvent")
    v["request"].update(privateChallengeParameters=created["privateChallengeParameters"], userNotFound=False,
                        challengeAnswer="000000" if code != "000000" else "111111")
    assert verify(v)["response"]["answerCorrect"] is False and calls

    session.append(_entry(False, code))
    d["request"]["session"] = list(session)
    assert define(d)["response"]["challengeName"] == "CUSTOM_CHALLENGE"
    c["request"]["session"] = list(session)
    assert create(c)["response"]["privateChallengeParameters"]["code"] == code
    assert len(outbox.sent) == 1  # retry reuses the code, no second email

    v["request"]["challengeAnswer"] = f" {code} "
    assert verify(v)["response"]["answerCorrect"] is True
    session.append(_entry(True, code))
    d["request"]["session"] = list(session)
    assert define(d)["response"] == {"issueTokens": True, "failAuthentication": False}


def test_attempts_are_bounded(event, step):
    define = step("email-otp-challenge", "defineAuthChallenge", {"maxAttempts": 2})
    d = event("powertools-cognitoDefineAuthChallengeEvent")
    d["request"].update(session=[_entry(False, "123456")], userNotFound=False)
    assert define(d)["response"]["failAuthentication"] is False
    d["request"]["session"] = [_entry(False, "123456")] * 2
    assert define(d)["response"]["failAuthentication"] is True


def test_unknown_user_follows_same_path_sends_nothing_never_succeeds(event, step):
    outbox = Outbox()
    c = event("powertools-cognitoCreateAuthChallengeEvent")
    c["request"].update(challengeName="CUSTOM_CHALLENGE", session=[], userNotFound=True)
    out = step("email-otp-challenge", "createAuthChallenge", FROM, send=outbox)(c)["response"]
    assert outbox.sent == [] and out["publicChallengeParameters"] == {"delivery": "EMAIL"}
    v = event("powertools-cognitoVerifyAuthChallengeResponseEvent")  # userNotFound: true, answer matches
    assert v["request"]["challengeAnswer"] == "challengeAnswer"
    v["request"]["privateChallengeParameters"] = {"code": "challengeAnswer"}
    assert step("email-otp-challenge", "verifyAuthChallengeResponse")(v)["response"]["answerCorrect"] is False
    d = event("powertools-cognitoDefineAuthChallengeEvent")
    d["request"]["session"] = [_entry(True, "123456")]
    assert step("email-otp-challenge", "defineAuthChallenge")(d)["response"]["issueTokens"] is False


def test_lambda_go_verify_event_wrong_answer(event, step):
    out = step("email-otp-challenge", "verifyAuthChallengeResponse")(event("lambda-go-verify-auth-challenge"))
    assert out["response"]["answerCorrect"] is False  # privateChallengeParameters has no "code"


def test_create_ignores_other_challenges_and_needs_an_email(event, step):
    create = step("email-otp-challenge", "createAuthChallenge", FROM, send=Outbox())
    sample = event("powertools-cognitoCreateAuthChallengeEvent")  # challengeName PASSWORD_VERIFIER
    assert create(sample)["response"] == {}
    sample = event("lambda-go-create-auth-challenge")  # phone-only user, CUSTOM_CHALLENGE
    with pytest.raises(Reject, match="cannot receive"):
        create(sample)


def test_ses_sender_through_real_botocore_model(event, step):
    import botocore.session
    from botocore.stub import Stubber

    client = botocore.session.get_session().create_client(
        "sesv2", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")
    with Stubber(client) as stub:
        stub.add_response("send_email", {"MessageId": "m-1"})
        c = event("powertools-cognitoCreateAuthChallengeEvent")
        c["request"].update(challengeName="CUSTOM_CHALLENGE", session=[])
        step("email-otp-challenge", "createAuthChallenge", FROM, client=client)(c)
        stub.assert_no_pending_responses()
