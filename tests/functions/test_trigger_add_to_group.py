"""add-to-group against a real botocore cognito-idp client with its calls stubbed (no network).

The Stubber checks every request against the service model, so parameter names and types
are the ones the real API accepts.
"""

import botocore.session
import pytest
from botocore.stub import Stubber

from authstack.functions.runtime.errors import Reject


@pytest.fixture
def cognito():
    session = botocore.session.get_session()
    client = session.create_client("cognito-idp", region_name="us-east-1",
                                   aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


def _confirmed(event):
    return event("lambda-go-postconfirmation", userPoolId="us-east-1_EXAMPLE", userName="alice")


POOL = {"GroupName": "members", "UserPoolId": "us-east-1_EXAMPLE"}
ADD = {**POOL, "Username": "alice"}
GROUP = {"Group": {"GroupName": "members", "UserPoolId": "us-east-1_EXAMPLE"}}


def test_existing_group_user_added(event, step, cognito):
    client, stub = cognito
    stub.add_response("get_group", GROUP, POOL)
    stub.add_response("admin_add_user_to_group", {}, ADD)
    sample = _confirmed(event)
    assert step("add-to-group", "postConfirmation", {"group": "members"}, client=client)(sample) is sample


def test_missing_group_is_created(event, step, cognito):
    client, stub = cognito
    stub.add_client_error("get_group", "ResourceNotFoundException", expected_params=POOL)
    stub.add_response("create_group", GROUP, POOL)
    stub.add_response("admin_add_user_to_group", {}, ADD)
    step("add-to-group", "postConfirmation", {"group": "members"}, client=client)(_confirmed(event))


def test_retry_after_partial_run_is_idempotent(event, step, cognito):
    # First attempt timed out after CreateGroup; Cognito retries. A concurrent create and an
    # existing membership must both read as success.
    client, stub = cognito
    stub.add_client_error("get_group", "ResourceNotFoundException", expected_params=POOL)
    stub.add_client_error("create_group", "GroupExistsException", expected_params=POOL)
    stub.add_response("admin_add_user_to_group", {}, ADD)
    stub.add_response("get_group", GROUP, POOL)
    stub.add_response("admin_add_user_to_group", {}, ADD)
    add = step("add-to-group", "postConfirmation", {"group": "members"}, client=client)
    add(_confirmed(event))
    add(_confirmed(event))


def test_aws_failure_is_a_user_safe_reject(event, step, cognito, capsys):
    client, stub = cognito
    stub.add_client_error("get_group", "AccessDeniedException", "User arn:aws:sts::123:assumed-role/x is not authorized",
                          expected_params=POOL)
    with pytest.raises(Reject) as err:
        step("add-to-group", "postConfirmation", {"group": "members"}, client=client)(_confirmed(event))
    assert "arn:" not in str(err.value) and "AccessDenied" in err.value.reason


def test_no_create_calls_when_create_disabled_and_forgot_password_skipped(event, step, cognito):
    client, stub = cognito
    stub.add_response("admin_add_user_to_group", {}, ADD)
    add = step("add-to-group", "postConfirmation", {"group": "members", "createGroup": False}, client=client)
    add(_confirmed(event))
    add(event("lambda-go-postconfirmation", triggerSource="PostConfirmation_ConfirmForgotPassword"))  # no call


def test_pool_actions_follow_settings():
    from authstack.functions.package import bundle

    import pathlib
    b = bundle("postConfirmation", [{"use": "add-to-group", "with": {"group": "members"}}], pathlib.Path("."))
    assert b.pool_actions == ["cognito-idp:AdminAddUserToGroup", "cognito-idp:CreateGroup", "cognito-idp:GetGroup"]
    b = bundle("postConfirmation", [{"use": "add-to-group", "with": {"group": "members", "createGroup": False}}],
               pathlib.Path("."))
    assert b.pool_actions == ["cognito-idp:AdminAddUserToGroup"]
