"""Lambda entry point (``index.handler``); shipped at the root of every trigger zip.

The chain is built on the first invocation and kept for the life of the execution
environment, so settings are parsed once per cold start.
"""

import os

from authstack_triggers.runtime.chain import from_environment

_chain = None


def handler(event, context):
    global _chain
    if _chain is None:
        _chain = from_environment(os.environ)
    return _chain(event, context)
