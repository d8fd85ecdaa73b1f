"""An example custom trigger step: log each sign-in as one structured line (post authentication).

Steps get the event and return it; the chain hands the result to the next step.
"""
import json


def handler(event, context):
    print(json.dumps({
        "event": "sign-in",
        "userPoolId": event.get("userPoolId"),
        "userName": event.get("userName"),
        "source": event.get("triggerSource"),
    }, sort_keys=True))
    return event
