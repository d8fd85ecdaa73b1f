"""Cognito Lambda trigger library: a step runtime, built-in steps and the packaging API.

The runtime and built-ins are shipped (as namespace package ``authstack_triggers``) inside
every trigger zip; this file is not shipped, but keep it import-free all the same.
"""
