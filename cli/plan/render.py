"""People-facing renderings of a plan document: a rich tree and a mermaid graph."""
from __future__ import annotations

import json
import re
from typing import Any

from authstack.spec.facts import (
    IAM_ROLE, IAM_ROLE_POLICY, IDENTITY_POOL, IDENTITY_PROVIDER, LAMBDA_FUNCTION, LAMBDA_PERMISSION, OIDC_PROVIDER,
    ROLE_ATTACHMENT, USER_GROUP, USER_POOL, USER_POOL_CLIENT, USER_POOL_DOMAIN,
)

# Inputs shown in the tree: the ones a reviewer of an auth stack looks at. Everything is in --format json.
KEY_INPUTS = {
    USER_POOL: ["name", "deletionProtection", "usernameAttributes", "aliasAttributes", "mfaConfiguration",
                "userPoolTier", "passwordPolicy"],
    USER_POOL_CLIENT: ["name", "generateSecret", "allowedOauthFlows", "callbackUrls", "supportedIdentityProviders",
                       "preventUserExistenceErrors"],
    USER_POOL_DOMAIN: ["domain", "certificateArn"],
    IDENTITY_PROVIDER: ["providerName", "providerType", "providerDetails"],
    IDENTITY_POOL: ["identityPoolName", "allowUnauthenticatedIdentities", "allowClassicFlow", "supportedLoginProviders",
                    "developerProviderName"],
    ROLE_ATTACHMENT: ["roles", "roleMappings"],
    IAM_ROLE: ["assumeRolePolicy"],
    IAM_ROLE_POLICY: ["policy"],
    LAMBDA_FUNCTION: ["runtime", "handler", "timeout"],
    LAMBDA_PERMISSION: ["principal", "sourceArn", "sourceAccount"],
    OIDC_PROVIDER: ["url", "clientIdLists"],
    USER_GROUP: ["name", "precedence", "roleArn"],
}
SEVERITY_STYLE = {"mandatory": "bold red", "advisory": "yellow"}


def _short(value: Any, limit: int = 110) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tree(doc: dict) -> "Any":
    from rich.markup import escape
    from rich.tree import Tree

    by_urn = {r["urn"]: r for r in doc["resources"]}
    children: dict[str, list[dict]] = {}
    for r in doc["resources"]:
        parent = r["parent"] if r["parent"] in by_urn else ""
        children.setdefault(parent, []).append(r)
    counts = sum(1 for r in doc["resources"] if r["custom"])
    root = Tree(f"[bold]{doc['project']}/{doc['stack']}[/]: {counts} resources [dim](offline plan, placeholder IDs)[/]")
    # With --against: what each resource does (+ create, ~ update, -/+ replace, = unchanged); without, all is new.
    changed = None if doc.get("changes") is None else {c["resource"]: c for c in doc["changes"]}

    def add(node, resource: dict) -> None:
        opts = resource["options"]
        flags = [f for f, on in (("protect", opts["protect"]), ("delete-before-replace", opts["deleteBeforeReplace"])) if on]
        if opts.get("import"):
            flags.append(f"import {opts['import']}")
        change = (changed or {}).get(resource["name"])
        if not resource["custom"]:
            mark = "#"
        elif changed is None:
            mark = "+"
        else:
            mark = {"create": "[green]+[/]", "update": "[yellow]~[/]", "replace": "[bold red]-/+[/]"}.get(
                change["action"] if change else "", "[dim]=[/]")
        label = f"{mark} [cyan]{escape(resource['type'])}[/] {escape(resource['name'])}"
        if flags:
            label += f" [magenta]({escape(', '.join(flags))})[/]"
        if change and change["keys"]:
            label += f" [yellow]{'replaces on' if change['action'] == 'replace' else 'changes'}: {escape(', '.join(change['keys']))}[/]"
        branch = node.add(label)
        deps = [by_urn[d]["name"] for d in resource["dependencies"] if d in by_urn and d != resource["parent"]]
        if deps:
            branch.add(f"[dim]depends on: {escape(', '.join(sorted(set(deps))))}[/]")
        for key in KEY_INPUTS.get(resource["type"], []):
            if key in resource["inputs"]:
                branch.add(f"{key}: {escape(_short(resource['inputs'][key]))}")
        for child in children.get(resource["urn"], []):
            add(branch, child)

    for top in children.get("", []):
        add(root, top)
    for gone in (c for c in (doc.get("changes") or []) if c["action"] == "delete"):
        root.add(f"[bold red]-[/] [cyan]{escape(gone['type'] or '')}[/] {escape(gone['resource'])} [red](deleted)[/]")
    return root


def adoption_lines(adoption: dict) -> list[str]:
    """One line per change `pulumi up` makes to a live adopted resource, and per adopted resource not described."""
    lines = []
    for c in adoption["changes"]:
        planned = "leaves it out" if c["planned"] is None else f"sets {_short(c['planned'], 60)}"
        line = f"{c['resource']}.{c['path']}: AWS has {_short(c['live'], 60)}, the plan {planned}"
        lines.append(f"{line} ({c['message']})" if c.get("message") else line)
    lines += [f"{m['resource']}: not compared: {m['why']} in {adoption['snapshot']} (run `authstack describe-adopted` "
              "again; what `up` would change is unknown)" for m in adoption["missing"]]
    return lines


def _node_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def mermaid(doc: dict) -> str:
    """A flowchart: components as subgraphs, resources as nodes, dependencies as arrows."""
    by_urn = {r["urn"]: r for r in doc["resources"]}
    lines = ["flowchart LR"]
    kids: dict[str, list[dict]] = {}
    for r in doc["resources"]:
        kids.setdefault(r["parent"] if r["parent"] in by_urn else "", []).append(r)

    def emit(resource: dict, indent: str) -> None:
        rid = _node_id(resource["name"])
        if not resource["custom"]:
            lines.append(f'{indent}subgraph {rid}["{resource["name"]}"]')
            for child in kids.get(resource["urn"], []):
                emit(child, indent + "  ")
            lines.append(f"{indent}end")
        else:
            kind = resource["type"].split(":")[-1]
            lines.append(f'{indent}{rid}["{kind}<br/>{resource["name"]}"]')

    for top in kids.get("", []):
        emit(top, "  ")
    for r in doc["resources"]:
        if not r["custom"]:
            continue
        for dep in r["dependencies"]:
            if dep in by_urn and by_urn[dep]["custom"]:
                lines.append(f"  {_node_id(by_urn[dep]['name'])} --> {_node_id(r['name'])}")
    return "\n".join(lines) + "\n"
