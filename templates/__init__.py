"""Jinja templates of the client files `authstack config` writes: one per format, loaded as package data."""
