"""The code that runs inside a trigger Lambda: the step chain, event helpers and errors.

Its modules ship in every trigger zip (this __init__ does not: the zip uses namespace packages);
keep imports to the standard library and keep them cheap.
"""
