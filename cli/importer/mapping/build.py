"""The whole mapping: one Gen 1 auth resource → the `authstack:` keys, in stack-file order."""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.findings import Findings
from authstack.cli.importer.gen1 import Project
from authstack.cli.importer.mapping.checks import check_fields, not_expressible
from authstack.cli.importer.mapping.clients import clients
from authstack.cli.importer.mapping.groups import groups
from authstack.cli.importer.mapping.hosted_ui import domain
from authstack.cli.importer.mapping.identity_pool import identity_pool
from authstack.cli.importer.mapping.providers import providers
from authstack.cli.importer.mapping.settings import Cfg
from authstack.cli.importer.mapping.user_pool import user_pool
from authstack.cli.importer.triggers import map_triggers

SELECTIONS = ("userPoolOnly", "identityPoolAndUserPool", "identityPoolOnly")


def build_spec(project: Project, stack: str, findings: Findings) -> dict[str, Any]:
    """The `authstack:` keys (without the namespace) for the project's environment, in stack-file order."""
    cfg = Cfg(project)
    check_fields(project, findings)
    selection = cfg.str("authSelections", "identityPoolAndUserPool")
    if selection not in SELECTIONS:
        raise cfg.fail("authSelections", f"must be userPoolOnly, identityPoolAndUserPool or identityPoolOnly (got {selection!r})")
    spec: dict[str, Any] = {}
    has_user_pool = selection != "identityPoolOnly"
    idps: dict[str, Any] = {}
    if has_user_pool:
        spec["userPool"] = user_pool(cfg, findings)
        hosted = domain(cfg, findings)
        if hosted:
            spec["domain"] = hosted
        idps = providers(cfg, findings)
        if idps:
            spec["identityProviders"] = idps
        spec["clients"] = clients(cfg, idps, "domain" in spec, findings)
    else:
        # Direct federation only: no user pool, no app clients (`authstack:userPool: false`).
        spec["userPool"] = False
    if selection != "userPoolOnly":
        spec["identityPool"] = identity_pool(cfg, has_user_pool, bool(project.groups), findings)
    if has_user_pool:
        triggers = map_triggers(project.triggers, findings)
        if triggers:
            spec["triggers"] = triggers
    elif project.triggers:
        findings.cannot(*cfg.where("triggers"), {t.gen1_name: t.modules for t in project.triggers},
                        "triggers run on a user pool and this project has none (identityPoolOnly); left out")
    if has_user_pool:
        groups(cfg, spec, findings)
    not_expressible(cfg, findings)
    return spec
