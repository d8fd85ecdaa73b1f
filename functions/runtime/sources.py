"""Which ``triggerSource`` prefix belongs to which trigger key (camelCase, as in ``LambdaConfig``).

Source: "Connecting Lambda triggers to user pool functional operations" in the Cognito
developer guide. A function only accepts events of the trigger it was built for, so a
mis-wired function fails closed instead of half-running. The full source names live in
``functions/trigger_sources.py``, which packaging uses and no zip needs.
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
