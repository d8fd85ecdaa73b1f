"""The safe adoption sequence, as numbered steps: nothing leaves Amplify's hands until Pulumi owns it without a diff."""
from __future__ import annotations

from dataclasses import dataclass, field

RETAIN = ("cfnOptions.deletionPolicy = cdk.CfnDeletionPolicy.RETAIN and "
          "cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.RETAIN")


@dataclass(frozen=True)
class Context:
    """What the steps depend on: what the stack adopts and what the import left to do."""

    stack: str
    env: str
    resource: str
    stack_file: str
    region: str
    user_pool_id: str | None = None
    identity_pool_id: str | None = None
    has_user_pool: bool = True
    """False for an identity-pool-only project (`userPool: false`): no pool, clients, domain or providers to keep."""
    has_identity_pool: bool = False
    has_domain: bool = False
    has_providers: bool = False
    has_groups: bool = False
    sns_role: bool = False
    """The stack sends SMS through the SNS role Amplify created (userPool.sms.snsCallerArn)."""
    roles: dict[str, str] = field(default_factory=dict)
    """identityPool.roles adopted by ARN: role name → ARN."""
    roles_missing: bool = False
    """The import could not adopt a role it needs (a finding lists it)."""
    legacy_clients: tuple[str, ...] = ()
    """Clients adopted with preventUserExistenceErrors: false (LEGACY)."""
    follow_ups: tuple[str, ...] = ()
    """Key paths to change in place after the import."""
    replacements: tuple[str, ...] = ()
    """Key paths to change after the import that AWS cannot change in place (a new resource beside the adopted one)."""
    guardrails: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Mandatory guardrails `authstack plan` reports for the follow-ups until they are done: (rule, key paths)."""
    ports: tuple[str, ...] = ()
    secrets: bool = False
    """The import printed `pulumi config set --secret` lines (secrets written as `secure: REPLACE-ME...`)."""
    placeholders: tuple[str, ...] = ()
    """Key paths of plain values written as REPLACE-ME."""


def _auth_resources(c: Context) -> list[str]:
    """The `amplify override auth` resources whose deletion would take something the stack now owns with it."""
    names = []
    if c.has_user_pool:
        names += ["userPool", "userPoolClient", "userPoolClientWeb"]
        if c.has_domain:
            names.append("hostedUICustomResourceInputs")  # its Delete handler deletes the domain
        if c.has_providers:
            names.append("hostedUIProvidersCustomResourceInputs")  # its Delete handler deletes the providers
        if c.sns_role:
            names.append("snsRole")
    if c.has_identity_pool:
        names += ["identityPool", "identityPoolRoleMap"]
    return [f"resources.{n}" for n in names]


def steps(c: Context) -> list[str]:
    pool = c.user_pool_id or "<user pool id>"
    out = []
    if c.has_user_pool:
        out.append(
            f"Protect the pool outside Amplify first: aws cognito-idp update-user-pool --region {c.region} --user-pool-id "
            f"{pool} --deletion-protection ACTIVE (repeat every other setting of describe-user-pool in that call: "
            "UpdateUserPool resets what it is not given), or turn deletion protection on in the console.")
    retain = (
        "Make the Amplify stack retain what Pulumi will adopt: `amplify override auth`, then in override.ts set "
        f"{RETAIN} on {', '.join(_auth_resources(c))} (custom resources: call .applyRemovalPolicy(cdk.RemovalPolicy.RETAIN))")
    if c.has_groups:
        retain += ", and on the groups of the userPoolGroups stack (`amplify override auth`, userPoolGroups)"
    if c.roles:
        retain += (f"; `amplify override project` and the same on resources.authRole and resources.unauthRole (the root "
                   f"stack owns the roles this stack now uses: {', '.join(sorted(c.roles.values()))})")
    retain += (f"; `amplify push --yes` in env {c.env!r}; check the deployed templates show DeletionPolicy: Retain for "
               "each.")
    out.append(retain)
    if c.secrets or c.placeholders:
        unset = []
        if c.secrets:
            unset.append("the secrets: run the `pulumi config set --secret` lines above (omit the value to be prompted, "
                         "which keeps it out of your shell history)")
        if c.placeholders:
            unset.append(f"the values written as REPLACE-ME ({', '.join(c.placeholders)}): run the `pulumi config set "
                         "--path` lines above with the real values")
        out.append(f"Set what this import could not copy, {' and '.join(unset)}. Until then the stack is not deployable: "
                   f"`authstack validate --stack {c.stack}`, `authstack plan`, `authstack config --offline` and `pulumi up` refuse "
                   "it (exit 2), naming each key still unset and the command that sets it; `authstack validate` passes "
                   "once all are set.")
    if c.ports:
        out.append("Port the custom trigger code to Python before anything else touches the pool (the stack points at these "
                   "files; until they exist `authstack plan` fails on purpose): " + "; ".join(c.ports) + ".")
    review = f"Review {c.stack_file}: every setting listed as unsupported above and the notes"
    if c.roles:
        review += (". identityPool.roles uses the Amplify roles as they are, so no policy needs copying; check that each "
                   "role's trust policy still allows only this identity pool (`aws iam get-role`: "
                   f"cognito-identity.amazonaws.com:aud = {c.identity_pool_id or '<identity pool id>'})")
    if c.roles_missing or (c.has_identity_pool and not c.roles):
        review += (", and the Amplify auth/unauth roles the import could not adopt: set identityPool.roles.<name>.arn to "
                   "them (or copy their IAM policies to policyStatements)")
    out.append(review + ".")
    check = (f"Run `authstack plan --stack {c.stack}`: every adopted resource shows its import ID and protect on, and "
             "nothing is created beside an adopted pool, domain or identity pool.")
    if c.guardrails:
        listed = "; ".join(f"{rule} ({', '.join(keys)})" for rule, keys in c.guardrails)
        check += (f" It reports the mandatory guardrail(s) {listed} and exits 1: that is correct and expected here, "
                  "because these settings are adopted as Gen 1 has them so that the import matches AWS; change them only "
                  "after the import (see below).")
        if c.legacy_clients:
            check += (f" client-prevent-user-existence-errors is about client(s) {', '.join(c.legacy_clients)}: Gen 1 "
                      "created them with preventUserExistenceErrors LEGACY (preventUserExistenceErrors: false).")
        check += (" If CI runs the CrossGuard pack on preview/up, give only these policies \"enforcementLevel\": "
                  "\"advisory\" in the pack config, for the adoption run only.")
    out.append(check)
    out += [
        f"Run `authstack describe-adopted --stack {c.stack}` (read-only AWS calls; it writes authstack.{c.stack}.live.json, "
        f"secrets removed) and `authstack plan --stack {c.stack} --live authstack.{c.stack}.live.json`. Since "
        "pulumi/pulumi#19339 a mismatch no longer fails the import: the same `up` imports and then updates each adopted "
        "resource to the spec, and `plan --live` lists each such change (`adopted change <resource>.<input>: AWS has "
        "..., the plan sets ...`). Align the spec with AWS until only the changes you mean are left (the pool's "
        "triggers switching to authstack's functions), then accept those with --allow-adopted-changes; nothing adopted "
        "may be replaced (a blocked replacement) or missing from the snapshot.",
        f"Run `pulumi preview --stack {c.stack} --diff`: Pulumi imports the resources named in authstack:adopt (protect on) "
        "and shows the same updates; new trigger functions and roles may be created, nothing adopted may be replaced "
        "or deleted.",
        f"Run `pulumi up --stack {c.stack}`: it adopts "
        + ("the pool, clients, domain, providers, groups and " if c.has_user_pool else "")
        + f"the identity pool ({c.identity_pool_id or 'no identity pool ID'}) without recreating "
        + ("them." if c.has_user_pool else "it."),
        f"Run `pulumi preview --stack {c.stack}` again: it must show no change at all to adopted resources.",
    ]
    if c.follow_ups or c.replacements:
        after = "Now make the changes listed under \"After the import\", one `pulumi up` at a time, preview first"
        if c.follow_ups:
            after += f"; in place: {', '.join(c.follow_ups)}"
        if c.replacements:
            after += (f"; not in place (follow what the item says, the adopted resource must never be replaced): "
                      f"{', '.join(c.replacements)}")
        after += "."
        if c.guardrails:
            after += (f" Then `authstack plan --stack {c.stack}` passes "
                      + ", ".join(rule for rule, _ in c.guardrails) + ".")
        if c.legacy_clients:
            after += (" Tell app teams first that, once preventUserExistenceErrors is true (or the line removed), signing "
                      "in as an unknown user fails with \"Incorrect username or password\" instead of \"User does not "
                      "exist\".")
        out.append(after)
    out.append(f"Regenerate the app config (`authstack config --stack {c.stack} --from-stack`) and check it points at "
               + ("the same pool and client IDs" if c.has_user_pool else "the same identity pool ID")
               + " as the app's aws-exports.js.")
    detach = (f"Only now detach Amplify: `amplify remove auth` ({c.resource}) and `amplify push`; the Retain policies keep "
              + ("the pool, clients, domain, providers and identity pool alive. " if c.has_user_pool
                 else "the identity pool and its role attachment alive. "))
    if c.roles:
        detach += ("Delete the environment's root stack (`amplify env remove`, `amplify delete`) only once "
                   "resources.authRole and resources.unauthRole are retained: the identity pool uses those roles. ")
    else:
        detach += "Deleting the environment's root stack deletes the Amplify auth/unauth roles. "
    if c.has_user_pool:
        detach += f"Check with `aws cognito-idp describe-user-pool --user-pool-id {pool}` that the pool is still there, then "
    else:
        detach += (f"Check with `aws cognito-identity describe-identity-pool --identity-pool-id "
                   f"{c.identity_pool_id or '<identity pool id>'}` that the identity pool is still there, then ")
    out.append(detach + f"`pulumi refresh --stack {c.stack}`.")
    return out


def text(steps_list: list[str]) -> str:
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps_list, 1))
