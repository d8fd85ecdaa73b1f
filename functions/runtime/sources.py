"""Which ``triggerSource`` values belong to which trigger key (camelCase, as in ``LambdaConfig``).

Source: "Connecting Lambda triggers to user pool functional operations" in the Cognito
developer guide. A function only accepts events of the trigger it was built for, so a
mis-wired function fails closed instead of half-running.
"""

PREFIXES = {
    "preSignUp": "PreSignUp_",
    "preAuthentication": "PreAuthentication_",
    "postConfirmation": "PostConfirmation_",
    "postAuthentication": "PostAuthentication_",
    "preTokenGeneration": "TokenGeneration_",
    "customMessage": "CustomMessage_",
    "defineAuthChallenge": "DefineAuthChallenge_",
    "createAuthChallenge": "CreateAuthChallenge_",
    "verifyAuthChallengeResponse": "VerifyAuthChallengeResponse_",
    "userMigration": "UserMigration_",
    "customEmailSender": "CustomEmailSender_",
    "customSmsSender": "CustomSMSSender_",
}

TRIGGERS = tuple(PREFIXES)


def trigger_of(trigger_source: str) -> str | None:
    """The trigger key for a ``triggerSource`` value, or None if it is not a known one."""
    for trigger, prefix in PREFIXES.items():
        if trigger_source.startswith(prefix):
            return trigger
    return None
