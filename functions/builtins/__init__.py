"""Built-in trigger steps, one module per ``use:`` name (``email-domain-allowlist`` → ``email_domain_allowlist``).

Each module declares, as plain data that costs nothing to import:

- ``DESCRIPTION``: one line for ``authstack`` help output;
- ``TRIGGERS``: the trigger keys (camelCase, as in the stack file) the step supports;
- ``POOL_ACTIONS``: IAM actions the step needs on its own user pool (narrowed by an optional
  ``actions(settings)`` when settings need fewer);
- ``SETTINGS``: the ``with:`` settings (type, default and why), checked at packaging time; a
  setting that names trigger sources has items of type ``triggerSource`` (optionally narrowed
  by ``choices``), never free strings, so a misspelt source fails before deploy;
- ``USES``: helper modules of this package that must ship with it;

optionally ``check(settings[, trigger]) -> [(path, message)]`` for cross-field rules,
and ``build(settings, **injected) -> step`` where ``step(event, context)`` returns the event.
This file is not shipped (the zip uses namespace packages); keep it import-free.
"""
