"""User pool groups: precedence, and the Gen 1 group role adopted by ARN (or the group's custom policies when the
role is not known)."""
from __future__ import annotations

from typing import Any

from authstack.cli.importer.errors import ImportFailure
from authstack.cli.importer.findings import Findings
from authstack.cli.importer.mapping.identity_pool import ROLE_ARN
from authstack.cli.importer.mapping.settings import Cfg


def groups(cfg: Cfg, spec: dict, findings: Findings) -> None:
    p = cfg.project
    groups: dict[str, Any] = {}
    listed = cfg.list("userPoolGroupList")
    for i, g in enumerate(p.groups):
        name = g["groupName"]
        entry: dict[str, Any] = {}
        if g.get("precedence") is not None:
            entry["precedence"] = g["precedence"]
        statements = _statements(g.get("customPolicies"), p.groups_file, f"[{i}].customPolicies", findings)
        if statements:
            if "identityPool" in spec:
                entry["policyStatements"] = statements
            else:
                findings.cannot(p.groups_file, f"[{i}].customPolicies", g.get("customPolicies"),
                                "a group role needs an identity pool, and this project has none")
        groups[name] = entry
    for name in listed:
        groups.setdefault(name, {})
    if not groups:
        return
    roles = {name: p.meta_groups.get(f"{name}GroupRole") for name in groups}
    roles = {name: arn for name, arn in roles.items() if isinstance(arn, str) and arn}
    for name, arn in sorted(roles.items()):
        if not ROLE_ARN.fullmatch(arn):
            findings.cannot(p.meta_file or "amplify/#current-cloud-backend/amplify-meta.json",
                            f"auth.userPoolGroups.output.{name}GroupRole", arn,
                            "not an IAM role ARN authstack can adopt (aws partition only)")
            continue
        # The Gen 1 role already carries the group's customPolicies and whatever other categories attached: keep it.
        groups[name].pop("policyStatements", None)
        groups[name]["roleArn"] = arn
    if p.groups and len(roles) < len(p.groups):
        findings.note("userPool.groups: Gen 1 gives every group an IAM role (userPoolGroups stack); groups whose role "
                      "ARN is not in amplify-meta.json get a new role only if they have customPolicies")
    spec["userPool"]["groups"] = groups


def _statements(policies: Any, file: str | None, key: str, findings: Findings) -> list[dict[str, Any]]:
    if not policies:
        return []
    out = []
    if not isinstance(policies, list):
        raise ImportFailure(file or "user-pool-group-precedence.json", key, f"must be a list (got {policies!r})")
    for j, policy in enumerate(policies):
        doc = policy.get("PolicyDocument") if isinstance(policy, dict) else None
        statements = doc.get("Statement") if isinstance(doc, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        if not isinstance(statements, list):
            findings.cannot(file, f"{key}[{j}]", policy, "not a policy document authstack can read")
            continue
        for k, s in enumerate(statements):
            if not isinstance(s, dict) or set(s) - {"Effect", "Action", "Resource", "Condition", "Sid"}:
                findings.cannot(file, f"{key}[{j}].PolicyDocument.Statement[{k}]", s,
                                "only Effect, Action, Resource and Condition can be expressed")
                continue
            actions = s.get("Action")
            resources = s.get("Resource")
            actions = [actions] if isinstance(actions, str) else actions
            resources = [resources] if isinstance(resources, str) else resources
            if not actions or not resources or not all(isinstance(a, str) for a in actions + resources):
                findings.cannot(file, f"{key}[{j}].PolicyDocument.Statement[{k}]", s,
                                "needs string Action and Resource (CloudFormation functions cannot be expressed)")
                continue
            item: dict[str, Any] = {"effect": s.get("Effect", "Allow"), "actions": actions, "resources": resources}
            if s.get("Condition"):
                item["conditions"] = s["Condition"]
            out.append(item)
    return out
