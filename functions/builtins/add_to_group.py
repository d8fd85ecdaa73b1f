"""``add-to-group``: add a newly confirmed user to a group, creating the group if missing.

Port of the Amplify Gen 1 ``add-to-group`` template. Cognito retries a trigger that takes
longer than 5 seconds, so every call here is safe to repeat: ``GetGroup`` then ``CreateGroup``
(a concurrent ``GroupExistsException`` counts as success), then ``AdminAddUserToGroup``, which
does nothing if the user is already a member.

The AWS SDK client is created lazily (boto3 ships with the Lambda Python runtime) and can be
injected: ``build(settings, client=...)``.
"""

from ..runtime import event as ev
from ..runtime.errors import Reject

DESCRIPTION = "Post confirmation: add the user to a group (created if missing); safe on retry."
TRIGGERS = ("postConfirmation",)
POOL_ACTIONS = ("cognito-idp:AdminAddUserToGroup", "cognito-idp:CreateGroup", "cognito-idp:GetGroup")
USES = ()

SETTINGS = {
    "group": {
        "type": "group", "required": True,
        "doc": "Name of the group to add users to. Required: there is no sensible default group.",
    },
    "createGroup": {
        "type": "bool", "default": True,
        "doc": "Create the group if it does not exist. Default: true, as the Amplify template does; "
               "set false when the group is managed elsewhere (the step then fails if it is missing).",
    },
    "triggerSources": {
        "type": "list", "items": "triggerSource", "min_items": 1, "default": ["PostConfirmation_ConfirmSignUp"],
        "doc": "Trigger sources that add the user: PostConfirmation_ConfirmSignUp and/or "
               "PostConfirmation_ConfirmForgotPassword (checked before deploy). Default: sign-up "
               "confirmation only, so a password reset does not re-add a user an administrator "
               "removed from the group.",
    },
}


def actions(settings: dict) -> tuple:
    """IAM actions for these settings: no group management when the group is managed elsewhere."""
    return POOL_ACTIONS if settings["createGroup"] else ("cognito-idp:AdminAddUserToGroup",)


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""


def build(settings: dict, client=None):
    group = settings["group"]
    create = settings["createGroup"]
    sources = frozenset(settings["triggerSources"])
    state = {"client": client}

    def cognito():
        if state["client"] is None:
            import boto3  # in the Lambda runtime; imported on first use to keep cold start fast

            state["client"] = boto3.client("cognito-idp")
        return state["client"]

    def step(event, context=None):
        if ev.source(event) not in sources:
            return event
        pool = ev.text(event, "userPoolId", "event", required=True)
        username = ev.text(event, "userName", "event", required=True)
        api = cognito()
        try:
            if create:
                try:
                    api.get_group(GroupName=group, UserPoolId=pool)
                except Exception as exc:
                    if _code(exc) != "ResourceNotFoundException":
                        raise
                    try:
                        api.create_group(GroupName=group, UserPoolId=pool)
                    except Exception as exc2:
                        if _code(exc2) != "GroupExistsException":  # a concurrent retry won the race
                            raise
            api.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)
        except Exception as exc:
            raise Reject(
                "Your account was created but setup did not finish. Please try again.",
                f"adding user to group failed: {_code(exc) or type(exc).__name__}",
            ) from None
        return event

    return step
