"""``verification-link``: email a link (instead of a bare code) for sign-up and password reset.

Port of the Amplify Gen 1 ``verification-link`` template without its S3 website: the link
points at a page of your app that calls ``ConfirmSignUp`` / ``ConfirmForgotPassword``.

Placeholder rules: Cognito replaces ``request.codeParameter`` (``{####}``) in the message
with the code *after* the trigger returns, and refuses a message that lacks it. So the
placeholder is put into the link unescaped (URL-encoding it would hide it from Cognito);
the username is URL-encoded. For ``CustomMessage_AdminCreateUser`` the message must also
hold ``{username}``, so that source is left to the pool's own invitation template.
"""

from ..runtime import event as ev
from ..runtime.errors import MalformedEvent

DESCRIPTION = "Custom message: sign-up and password-reset emails with a verification link."
TRIGGERS = ("customMessage",)
POOL_ACTIONS = ()
USES = ()

_SOURCES = ["CustomMessage_SignUp", "CustomMessage_ResendCode", "CustomMessage_ForgotPassword"]

SETTINGS = {
    "url": {
        "type": "url", "required": True,
        "doc": "Page that completes the flow; code, username and action are added as query "
               "parameters, so the URL must not hold them already. Required. Must be https (http "
               "only for localhost, as for OAuth redirect URLs); no custom scheme, since any app "
               "could register it and receive the code.",
    },
    "triggerSources": {
        "type": "list", "items": {"type": "triggerSource", "choices": _SOURCES}, "min_items": 1, "default": _SOURCES,
        "doc": "Messages to replace, among CustomMessage_SignUp, _ResendCode and _ForgotPassword "
               "(checked before deploy). Default: all three; other messages (admin invitation, "
               "attribute verification, MFA) keep the pool's templates, since their codes confirm "
               "something other than sign-up or a password reset.",
    },
    "subject": {
        "type": "message", "default": "Verify your email address",
        "doc": "Subject of sign-up and resend-code emails. Default: a neutral English subject.",
    },
    "message": {
        "type": "message", "default": "Please verify your email address: {link}",
        "doc": "Body of sign-up and resend-code emails; {link} marks where the link goes. "
               "Default: one sentence and the link.",
    },
    "forgotPasswordSubject": {
        "type": "message", "default": "Reset your password",
        "doc": "Subject of forgot-password emails. Default: a neutral English subject.",
    },
    "forgotPasswordMessage": {
        "type": "message", "default": "Reset your password here: {link}",
        "doc": "Body of forgot-password emails; {link} marks where the link goes. Default: one "
               "sentence and the link.",
    },
}

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _quote(text: str) -> str:
    """Percent-encode everything but RFC 3986 unreserved characters (urllib.parse costs ~2 ms to import)."""
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8", "surrogatepass"))


#: Cognito's limits on a custom email message and subject.
MAX_MESSAGE = 20000
MAX_SUBJECT = 140


#: Query parameters the step adds to the link.
_ADDED = ("code", "username", "action")


def check(settings: dict) -> list:
    problems = []
    query = settings["url"].partition("?")[2]
    for name in _ADDED:
        if any(pair.partition("=")[0] == name for pair in query.split("&")):
            problems.append(("url", f"already has a {name!r} query parameter; the step adds {', '.join(_ADDED)}"))
    for key in ("message", "forgotPasswordMessage"):
        if "{link}" not in settings[key]:
            problems.append((key, "must contain {link}"))
    for key in ("subject", "forgotPasswordSubject"):
        if len(settings[key]) > MAX_SUBJECT:
            problems.append((key, f"is longer than Cognito's {MAX_SUBJECT} characters"))
    return problems


def build(settings: dict):
    url = settings["url"]
    joiner = "" if url.endswith(("?", "&")) else "&" if "?" in url else "?"
    sources = frozenset(settings["triggerSources"])

    def step(event, context=None):
        source = ev.source(event)
        if source not in sources:
            return event
        request = ev.request(event)
        code = ev.text(request, "codeParameter", "request", required=True)
        if not code:
            raise MalformedEvent("request.codeParameter", "is empty")
        username = ev.text(event, "userName", "event", required=True)
        reset = source == "CustomMessage_ForgotPassword"
        action = "resetPassword" if reset else "confirmSignUp"
        link = f"{url}{joiner}code={code}&username={_quote(username)}&action={action}"
        template = settings["forgotPasswordMessage" if reset else "message"]
        message = template.replace("{link}", link)
        if len(message) > MAX_MESSAGE:
            raise MalformedEvent("request", "gives a message longer than Cognito accepts")
        response = ev.response(event)
        response["emailSubject"] = settings["forgotPasswordSubject" if reset else "subject"]
        response["emailMessage"] = message
        return event

    return step
