"""Runs the configured steps in order; turns every failure into one log line and a user-safe error.

Contract with Cognito (see the developer guide, "Lambda triggers"): return the whole event, or
raise an exception whose message the client may see. Contract with steps: each gets the event
and returns it (returning None means "changed in place"); a step rejects by raising ``Reject``.
A custom handler may also raise a plain ``Exception("message")``, the Amplify/AWS sample
convention; its message is passed on as the user-facing text.
"""

import importlib
import json
import sys

from . import event as ev
from .errors import GENERIC_MESSAGE, MalformedEvent, Reject
from .sources import PREFIXES

# "authstack_triggers" inside a zip, "functions" in the repository: built-ins are found
# relative to wherever this package was imported from.
_PACKAGE = __name__.rsplit(".", 2)[0]


def log(line: str) -> None:
    """One line to CloudWatch. No ``logging`` import: it costs cold-start time for nothing."""
    print(f"authstack: {line}", file=sys.stderr, flush=True)


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "?"
    return f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"


class Chain:
    """A trigger function: a list of ``(label, step)`` run in order on one event."""

    def __init__(self, trigger: str, steps: list) -> None:
        self.trigger = trigger
        self.steps = steps

    def __call__(self, event, context=None):
        try:
            return self._run(event, context)
        except Reject as exc:
            # Raised from here with no chained context, so the Lambda log shows one short frame.
            raise exc.with_traceback(None) from None

    def _run(self, event, context):
        if not isinstance(event, dict):
            self._fail("event", MalformedEvent("event", f"is {type(event).__name__}, expected an object"))
        try:
            source = ev.source(event)
            if not source.startswith(PREFIXES[self.trigger]):
                raise MalformedEvent("event.triggerSource", f"{source[:60]!r} is not a {self.trigger} source")
            ev.request(event)
            ev.response(event)
        except Reject as exc:
            self._fail("event", exc)
        for label, step in self.steps:
            try:
                result = step(event, context)
            except Reject as exc:
                self._fail(label, exc)
            except Exception as exc:  # noqa: BLE001 - the point is to contain anything
                if type(exc) is Exception and label.startswith("handler ") and exc.args:
                    # Amplify-style custom handler rejecting on purpose.
                    self._fail(label, Reject(str(exc.args[0])[:200]))
                log(f"{label} failed: {type(exc).__name__} at {_where(exc)}")
                raise Reject(GENERIC_MESSAGE) from None
            if result is not None:
                if not isinstance(result, dict):
                    log(f"{label} returned {type(result).__name__}, expected the event")
                    raise Reject(GENERIC_MESSAGE)
                event = result
        return event

    @staticmethod
    def _fail(label: str, exc: Reject):
        log(f"{label} rejected: {exc.reason}")
        raise exc


def load(trigger: str, steps_json: str) -> Chain:
    """Build the chain from ``AUTHSTACK_TRIGGER`` and ``AUTHSTACK_STEPS`` (already resolved by packaging)."""
    if trigger not in PREFIXES:
        raise ValueError(f"AUTHSTACK_TRIGGER {trigger!r} is not a Cognito trigger key")
    specs = json.loads(steps_json)
    if not isinstance(specs, list):
        raise ValueError("AUTHSTACK_STEPS must be a JSON list")
    steps = []
    for index, spec in enumerate(specs):
        if not isinstance(spec, dict):
            raise ValueError(f"AUTHSTACK_STEPS[{index}] must be an object")
        if "use" in spec:
            module = importlib.import_module(f"{_PACKAGE}.builtins.{spec['use'].replace('-', '_')}")
            step = module.build(spec.get("with") or {})
            steps.append((f"steps[{index}] {spec['use']}", step))
        elif "handler" in spec:
            module = importlib.import_module(spec["handler"])
            steps.append((f"handler steps[{index}] {spec['handler']}", module.handler))
        else:
            raise ValueError(f"AUTHSTACK_STEPS[{index}] needs 'use' or 'handler'")
    return Chain(trigger, steps)


def from_environment(environ) -> Chain:
    """Build the chain from the function's environment; config errors log one line and reject."""
    try:
        return load(environ.get("AUTHSTACK_TRIGGER", ""), environ.get("AUTHSTACK_STEPS", ""))
    except Exception as exc:  # noqa: BLE001
        log(f"configuration error: {type(exc).__name__}: {str(exc)[:200]}")
        raise Reject(GENERIC_MESSAGE) from None
