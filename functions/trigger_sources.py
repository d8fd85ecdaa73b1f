"""Every ``triggerSource`` value Cognito sends, per trigger key; checked at packaging time only.

Built-ins that act on some sources only take a ``triggerSources`` setting. A typo there
(``PreSignup_SignUp``) would match no event, and the step would silently never run: for a
gate such as an invite code that is fail-open. So settings are checked against this table
before deploy. It is not shipped (it would cost every zip ~500 bytes): at run time a function
checks only the prefix from ``runtime/sources.py``, so it keeps working when AWS adds a source.

Sources: the Cognito developer guide, "Connecting Lambda triggers to user pool functional
operations" (tables per trigger), its pre token generation page for
``TokenGeneration_ClientCredentials`` (V3_0 events, machine-to-machine grants) and its custom
sender triggers page for the ``CustomEmailSender_`` / ``CustomSMSSender_`` values.
"""

from .runtime.sources import PREFIXES

_SUFFIXES = {
    "preSignUp": "SignUp AdminCreateUser ExternalProvider",
    "preAuthentication": "Authentication",
    "postConfirmation": "ConfirmSignUp ConfirmForgotPassword",
    "postAuthentication": "Authentication",
    "preTokenGeneration": "HostedAuth Authentication NewPasswordChallenge AuthenticateDevice RefreshTokens ClientCredentials",
    "customMessage": "SignUp AdminCreateUser ResendCode ForgotPassword UpdateUserAttribute VerifyUserAttribute Authentication",
    "defineAuthChallenge": "Authentication",
    "createAuthChallenge": "Authentication",
    "verifyAuthChallengeResponse": "Authentication",
    "userMigration": "Authentication ForgotPassword",
    "customEmailSender": "SignUp ResendCode ForgotPassword UpdateUserAttribute VerifyUserAttribute AdminCreateUser "
                         "Authentication AccountTakeOverNotification",
    "customSmsSender": "SignUp ResendCode ForgotPassword UpdateUserAttribute VerifyUserAttribute AdminCreateUser Authentication",
}

#: ``{trigger key: (triggerSource, ...)}`` in the order the developer guide lists them.
SOURCES: dict[str, tuple[str, ...]] = {
    trigger: tuple(PREFIXES[trigger] + suffix for suffix in _SUFFIXES[trigger].split()) for trigger in PREFIXES
}

#: ``{triggerSource: trigger key}`` for every known source.
TRIGGER_OF: dict[str, str] = {source: trigger for trigger, names in SOURCES.items() for source in names}
