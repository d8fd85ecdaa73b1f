"""The safe adoption sequence, as numbered steps: nothing leaves Amplify's hands until Pulumi owns it without a diff."""
from __future__ import annotations


def steps(*, stack: str, env: str, resource: str, stack_file: str, user_pool_id: str | None,
          identity_pool_id: str | None, region: str, ports: list[str], secrets: bool) -> list[str]:
    pool = user_pool_id or "<user pool id>"
    out = [
        f"Protect the pool outside Amplify first: aws cognito-idp update-user-pool --region {region} --user-pool-id {pool} "
        "--deletion-protection ACTIVE (repeat every other setting of describe-user-pool in that call: UpdateUserPool resets "
        "what it is not given), or turn deletion protection on in the console.",
        f"Make the Amplify stack retain what Pulumi will adopt: `amplify override auth`, then in override.ts set "
        "`cfnResource.cfnOptions.deletionPolicy = cdk.CfnDeletionPolicy.RETAIN` and "
        "`cfnResource.cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.RETAIN` on resources.userPool, "
        "resources.userPoolClient, resources.userPoolClientWeb and resources.identityPool (and on the group stack's groups "
        f"with `amplify override auth` for userPoolGroups); `amplify push --yes` in env {env!r}; check the deployed "
        "template shows DeletionPolicy: Retain for each.",
    ]
    if secrets:
        out.append("Set the secrets this import could not copy: run the `pulumi config set --secret` lines above (omit the "
                   "value to be prompted, which keeps it out of your shell history).")
    if ports:
        out.append("Port the custom trigger code to Python before anything else touches the pool (the stack points at these "
                   "files; until they exist `authstack plan` fails on purpose): " + "; ".join(ports) + ".")
    out += [
        f"Review {stack_file}: every setting listed as unsupported above, the notes, and the IAM policies of the Amplify "
        "auth/unauth roles that must move to identityPool.roles.",
        f"Run `pulumi preview --stack {stack} --diff`. Pulumi imports the resources named in authstack:adopt (protect on). "
        "If it reports `inputs to import do not match the existing resource`, align the spec with what "
        "`aws cognito-idp describe-user-pool` / `describe-user-pool-client` report (or make the change in AWS first) and "
        "preview again, until the adopted resources show no change other than the import (new trigger functions and roles "
        "may be created; nothing adopted may be replaced or deleted).",
        f"Run `pulumi up --stack {stack}`: it adopts the pool, clients, domain, providers, groups and identity pool "
        f"({identity_pool_id or 'no identity pool ID'}) without recreating them.",
        f"Run `pulumi preview --stack {stack}` again: it must show no change at all to adopted resources.",
        f"Regenerate the app config (`authstack config --stack {stack} --from-stack`) and check it points at the same pool "
        "and client IDs as the app's aws-exports.js.",
        f"Only now detach Amplify: `amplify remove auth` ({resource}) and `amplify push` (or delete the environment's "
        "stack); the Retain policies keep the pool, clients and identity pool alive. Check with "
        f"`aws cognito-idp describe-user-pool --user-pool-id {pool}` that the pool is still there, then "
        f"`pulumi refresh --stack {stack}`.",
    ]
    return out


def text(steps_list: list[str]) -> str:
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps_list, 1))
