"""Errors a step may raise. Only these ever leave the runtime."""


class Reject(Exception):
    """The request is refused. ``str(exc)`` reaches the end user.

    Cognito shows it to the client inside ``UserLambdaValidationException`` (and the hosted UI
    puts it in a query string), so it must be short and must never hold secrets, attribute
    values or internal details. Put those in ``reason``, which is only logged.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class MalformedEvent(Reject):
    """The event does not have the shape Cognito documents for this trigger.

    ``path`` names the offending key (``request.userAttributes.email``) for the log line; the
    client only sees a generic message.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__("Invalid request.", f"malformed event: {path} {problem}")
        self.path = path


#: What the client sees when something unexpected failed; details go to the log only.
GENERIC_MESSAGE = "Request could not be processed."
