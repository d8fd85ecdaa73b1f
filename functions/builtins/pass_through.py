"""``pass-through``: return the event unchanged.

What a retired trigger runs (``triggers.<name>.retired: true``): the pool may still call the function after the trigger
left the spec, because the AWS provider keeps the pool's pre-token trigger (terraform-provider-aws#38617, #45529).
Returning the event as it came is a valid answer for every trigger source (Cognito developer guide, "Lambda triggers":
the function returns the event), so sign-in keeps working, without custom claims.
"""

DESCRIPTION = "Any trigger: return the event unchanged (what a retired trigger runs)."
TRIGGERS = (
    "preSignUp", "preAuthentication", "postConfirmation", "postAuthentication", "preTokenGeneration", "customMessage",
    "defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse", "userMigration",
)
POOL_ACTIONS = ()
USES = ()
SETTINGS: dict = {}


def build(settings: dict):
    def step(event, context=None):
        return event

    return step
