"""`authstack describe-adopted`: write what AWS has for the resources a stack adopts, for `authstack plan --live`.

The only command that talks to AWS, and only through read-only Describe/Get calls (cli/plan/snapshot.py lists them),
with the usual AWS credentials. Secrets in the responses are removed before anything is written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from authstack.cli.ui import OK, bad_input, console, require_infra, success_json, write_atomic


def describe_adopted(
    stack: Annotated[str, typer.Option("--stack", "-s", metavar="NAME", help="The stack whose authstack:adopt resources to describe.")],
    out: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Where to write the snapshot. Default: authstack.<stack>.live.json beside the stack files.")] = None,
    project_dir: Annotated[Path, typer.Option(metavar="DIR", help="Folder holding Pulumi.yaml and the stack files.")] = Path("."),
    json_output: Annotated[bool, typer.Option("--json", help="Print {ok, snapshot, resources} instead of a summary.")] = False,
) -> None:
    """Describe the adopted user pool, clients, domain, identity providers, groups and identity pool (read-only AWS
    calls, the stack's region, your AWS credentials) and write them, secrets removed, to authstack.<stack>.live.json.

    Then `authstack plan -s STACK --live authstack.STACK.live.json` lists every input the first `pulumi up` would
    change on them: since pulumi/pulumi#19339 an import no longer fails on a mismatch, it updates the live resource.

    Exit 0 when written; 2 on bad input, missing boto3 or credentials, or a resource AWS does not have.

    Example: authstack describe-adopted -s prod && authstack plan -s prod --live authstack.prod.live.json
    """
    from authstack.cli.commands.plan import live_path
    from authstack.cli.fs import check_target
    from authstack.cli.plan import snapshot
    from authstack.spec.errors import SpecError
    from authstack.spec.load import load

    with bad_input(json_output):
        loaded = load(project_dir, stack)
        adopt = loaded.spec.adopt
        if adopt is None or not (adopt.user_pool_id or adopt.identity_pool_id):
            raise SpecError.one(loaded.file, "authstack:adopt", "this stack adopts nothing: there is nothing to describe")
        target = out or live_path(project_dir, stack)
        check_target(target)
        data = _describe(loaded, snapshot)
        write_atomic(target, snapshot.render(data))
    described = []
    for kind in snapshot.SECTIONS:
        value = data.get(kind)
        if value is not None:
            described += [f"{kind}:{key}" for key in sorted(value)] if kind in snapshot.KEYED else [kind]
    if json_output:
        success_json({"snapshot": str(target), "resources": described})
    else:
        console.print(f"Wrote {target}: {len(described)} description(s). Next: authstack plan -s {stack} --live {target}")
    raise typer.Exit(OK)


def _describe(loaded, snapshot) -> dict:
    from authstack.spec.errors import SpecError

    require_infra("authstack describe-adopted", ("boto3",), "the AWS SDK")
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return snapshot.describe(loaded.spec, loaded.project, loaded.stack, loaded.region)
    except ClientError as error:
        info = error.response.get("Error", {})
        op = error.operation_name
        raise SpecError.one(loaded.file, "authstack:adopt", f"AWS refused {op}: {info.get('Code', 'error')} "
                                                            f"({str(info.get('Message', ''))[:200]})") from None
    except BotoCoreError as error:
        from botocore.exceptions import NoCredentialsError

        if isinstance(error, NoCredentialsError):
            raise SpecError.one("authstack describe-adopted", "", "no AWS credentials: set AWS_PROFILE (or the AWS_* "
                                "variables) to a role that may call the read-only cognito-idp/cognito-identity "
                                "Describe and Get APIs") from None
        raise SpecError.one("authstack describe-adopted", "", f"cannot reach AWS: {type(error).__name__}") from None


def register(app: typer.Typer) -> None:
    app.command("describe-adopted")(describe_adopted)
