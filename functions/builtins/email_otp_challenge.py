"""``email-otp-challenge``: a custom sign-in challenge that emails a one-time code.

One built-in for the three custom-auth triggers; put it on ``defineAuthChallenge``,
``createAuthChallenge`` and ``verifyAuthChallengeResponse`` with the same settings.

- Define issues tokens only when the last challenge is *our* ``CUSTOM_CHALLENGE`` (checked by
  ``challengeName`` and ``challengeMetadata``, as the developer guide asks) answered
  correctly, after the password if ``requirePassword``; anything unexpected fails the sign-in,
  and so does the ``maxAttempts``-th wrong answer.
- Create emails a code from ``secrets`` once and reuses it on retries (it travels in
  ``challengeMetadata``, which Cognito keeps server-side), so a typo does not send a new mail.
- Verify compares in constant time (``hmac.compare_digest``).
- ``userNotFound`` (with PreventUserExistenceErrors) follows the same path, sends nothing and
  never succeeds, so callers cannot tell existing users apart.
"""

import hmac

from ..runtime import event as ev
from ..runtime.errors import MalformedEvent, Reject

DESCRIPTION = "Define/create/verify auth challenge: email one-time code with bounded attempts."
TRIGGERS = ("defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse")
POOL_ACTIONS = ()
USES = ()

TAG = "EMAIL_OTP-"

SETTINGS = {
    "maxAttempts": {
        "type": "int", "min": 1, "max": 10, "default": 3,
        "doc": "Wrong answers allowed before the sign-in fails. Default: 3, enough for typos "
               "while keeping guessing a 6-digit code hopeless.",
    },
    "codeLength": {
        "type": "int", "min": 6, "max": 10, "default": 6,
        "doc": "Digits in the code. Default: 6, the length users know from other OTPs.",
    },
    "requirePassword": {
        "type": "bool", "default": False,
        "doc": "Verify the password (SRP_A, PASSWORD_VERIFIER) before the email code. Default: "
               "false (passwordless); set true to use the code as a second factor.",
    },
    "fromAddress": {
        "type": "email", "default": None,
        "doc": "SES-verified sender address. Required on createAuthChallenge, the only trigger that "
               "sends mail (Default: none on define and verify); the function gets ses:SendEmail on "
               "this address and its domain only.",
    },
    "subject": {
        "type": "message", "default": "Your sign-in code",
        "doc": "Email subject. Default: a neutral English subject.",
    },
    "message": {
        "type": "message", "default": "Your sign-in code is {code}",
        "doc": "Email body; {code} marks where the code goes. Default: one neutral English "
               "sentence with the code, nothing that links to a sign-in page (phishing look-alike).",
    },
}


def check(settings: dict, trigger: str) -> list:
    problems = []
    if trigger == "createAuthChallenge" and not settings["fromAddress"]:
        problems.append(("fromAddress", "is required on createAuthChallenge"))
    if "{code}" not in settings["message"]:
        problems.append(("message", "must contain {code}"))
    return problems


def _session(request: dict) -> list:
    session = ev.items(request, "session", "request")
    for index, entry in enumerate(session):
        path = f"request.session[{index}]"
        if not isinstance(entry, dict):
            raise MalformedEvent(path, "is not an object")
        ev.text(entry, "challengeName", path, required=True)
        ev.text(entry, "challengeMetadata", path)
        if not isinstance(entry.get("challengeResult"), bool):
            raise MalformedEvent(f"{path}.challengeResult", "is not a boolean")
    return session


def _ours(entry: dict) -> bool:
    return entry["challengeName"] == "CUSTOM_CHALLENGE" and (entry.get("challengeMetadata") or "").startswith(TAG)


def _decide(session: list, settings: dict, not_found: bool) -> tuple:
    """``(outcome, next challenge)`` where outcome is ``issue``, ``next`` or ``fail``."""
    custom = session
    if settings["requirePassword"]:
        done = [(e["challengeName"], e["challengeResult"]) for e in session[:2]]
        if done == [("SRP_A", True)]:
            return "next", "PASSWORD_VERIFIER"
        if done != [("SRP_A", True), ("PASSWORD_VERIFIER", True)]:
            return "fail", None
        custom = session[2:]
    if not all(_ours(e) for e in custom):
        return "fail", None  # someone else's or an unexpected challenge: never issue tokens
    if custom and custom[-1]["challengeResult"] and not not_found:
        return "issue", None
    if len(custom) >= settings["maxAttempts"]:
        return "fail", None
    return "next", "CUSTOM_CHALLENGE"


def _define(event: dict, settings: dict) -> dict:
    request = ev.request(event)
    outcome, name = _decide(_session(request), settings, request.get("userNotFound") is True)
    response = ev.response(event)
    response["issueTokens"] = outcome == "issue"
    response["failAuthentication"] = outcome == "fail"
    if name:
        response["challengeName"] = name
    else:
        response.pop("challengeName", None)
    return event


def _create(event: dict, settings: dict, send) -> dict:
    request = ev.request(event)
    if ev.text(request, "challengeName", "request") != "CUSTOM_CHALLENGE":
        return event
    code = None
    for entry in reversed(_session(request)):
        if _ours(entry):
            code = entry["challengeMetadata"][len(TAG):]
            break
    fresh = not code
    if fresh:
        import secrets

        code = "".join(secrets.choice("0123456789") for _ in range(settings["codeLength"]))
        if request.get("userNotFound") is not True:
            address = ev.user_attributes(event).get("email")
            if not isinstance(address, str) or not address:
                raise Reject("This account cannot receive sign-in codes by email.", "user has no email attribute")
            send(address, settings["subject"], settings["message"].replace("{code}", code))
    response = ev.response(event)
    response["publicChallengeParameters"] = {"delivery": "EMAIL"}
    response["privateChallengeParameters"] = {"code": code}
    response["challengeMetadata"] = TAG + code
    return event


def _verify(event: dict) -> dict:
    request = ev.request(event)
    private = ev.mapping(request, "privateChallengeParameters", "request")
    expected = ev.text(private, "code", "request.privateChallengeParameters")
    answer = request.get("challengeAnswer")
    correct = False
    if isinstance(expected, str) and expected and isinstance(answer, str):
        correct = hmac.compare_digest(answer.strip().encode("utf-8", "surrogatepass"), expected.encode())
    ev.response(event)["answerCorrect"] = correct and request.get("userNotFound") is not True
    return event


def _ses_sender(from_address: str, client=None):
    state = {"client": client}

    def send(to: str, subject: str, body: str) -> None:
        if state["client"] is None:
            import boto3  # in the Lambda runtime; imported on first use

            state["client"] = boto3.client("sesv2")
        try:
            state["client"].send_email(
                FromEmailAddress=from_address,
                Destination={"ToAddresses": [to]},
                Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}}},
            )
        except Exception as exc:
            raise Reject("Could not send the sign-in code. Please try again.", f"SES send failed: {type(exc).__name__}") from None

    return send


def build(settings: dict, send=None, client=None):
    if send is None and settings.get("fromAddress"):
        send = _ses_sender(settings["fromAddress"], client)

    def step(event, context=None):
        source = ev.source(event)
        if source.startswith("DefineAuthChallenge_"):
            return _define(event, settings)
        if source.startswith("CreateAuthChallenge_"):
            if send is None:
                raise Reject("Sign-in is not available.", "fromAddress not configured for createAuthChallenge")
            return _create(event, settings, send)
        if source.startswith("VerifyAuthChallengeResponse_"):
            return _verify(event)
        raise MalformedEvent("triggerSource", "is not a custom auth challenge source")

    return step
