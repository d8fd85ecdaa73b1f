"""Run the real program under Pulumi's mocks: no CLI, no cloud, deterministic placeholder IDs.

Used by `authstack plan`, `authstack config --offline` and the test suite. The result is a plain-data graph of every
resource with its type, parent, dependencies, inputs (wire names) and options.
"""
from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pulumi
from pulumi.runtime import mocks as pmocks
from pulumi.runtime import rpc

from authstack.spec import facts
from authstack.spec.load import Stack, load

ACCOUNT = "123456789012"
SECRET = "[secret]"  # how secrets appear in offline outputs


def _digest(name: str, n: int) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:n]


class AwsMocks(pmocks.Mocks):
    """Fake AWS: each resource gets IDs derived from its name, in the shapes AWS uses, so that anything parsing them
    (Amplify derives the region from a pool ID) works, while the ``Mock``/``0000`` parts make them obviously fake."""

    def __init__(self, region: str, live_pools: dict[str, str] | None = None):
        self.region = region
        self.live_pools = live_pools or {}
        """Physical pool name → logical resource name of the pools that already exist (`plan --against`: the stack
        was deployed), so a lookup by name finds the ID the pool resource gets."""

    def _pool_id(self, logical_name: str) -> str:
        return f"{self.region}_Mock{_digest(logical_name, 12)[:5]}"

    def new_resource(self, args: pmocks.MockResourceArgs):
        state = dict(args.inputs)
        h = _digest(args.name, 12)
        r = self.region
        typ = args.typ
        if typ == facts.USER_POOL:
            rid = args.resource_id or self._pool_id(args.name)  # an adopted pool keeps its ID
            state.update(arn=f"arn:aws:cognito-idp:{r}:{ACCOUNT}:userpool/{rid}",
                         endpoint=f"cognito-idp.{r}.amazonaws.com/{rid}")
        elif typ == facts.USER_POOL_CLIENT:
            # An adopted client (import ID ``<pool id>/<client id>``) keeps its ID, as after a real import: the
            # role-mapping keys and the client files then name the client the apps already use.
            rid = (args.resource_id.rsplit("/", 1)[-1] if args.resource_id
                   else ("mock" + hashlib.sha256(args.name.encode()).hexdigest())[:26])
        elif typ == facts.IDENTITY_POOL:
            rid = args.resource_id or f"{r}:00000000-0000-4000-8000-{h}"
            state["arn"] = f"arn:aws:cognito-identity:{r}:{ACCOUNT}:identitypool/{rid}"
        elif typ == facts.IAM_ROLE:
            rid = args.name
            state["arn"] = f"arn:aws:iam::{ACCOUNT}:role/{args.name}"
        elif typ == facts.OIDC_PROVIDER:
            # IAM names the provider by its URL without the scheme, a trailing slash kept (aws/aws-sam-cli#7432).
            rid = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{str(args.inputs.get('url', '')).removeprefix('https://')}"
            state["arn"] = rid
        elif typ == facts.LOG_GROUP:
            rid = str(args.inputs.get("name") or args.name)
            state["arn"] = f"arn:aws:logs:{r}:{ACCOUNT}:log-group:{rid}"
        elif typ == facts.USER_POOL_DOMAIN:
            rid = f"{args.name}-id"
            if args.inputs.get("certificateArn"):
                state.update(cloudfrontDistribution=f"d{h}.cloudfront.net",
                             cloudfrontDistributionZoneId="Z2FDTNDATAQYW2")  # CloudFront's fixed alias zone
        elif typ == facts.KMS_KEY:
            rid = f"00000000-0000-4000-8000-{h}"
            state.update(arn=f"arn:aws:kms:{r}:{ACCOUNT}:key/{rid}", keyId=rid)
        elif typ == facts.LAMBDA_FUNCTION:
            rid = args.name
            state.update(arn=f"arn:aws:lambda:{r}:{ACCOUNT}:function:{args.name}", name=args.name)
        # Resources a platform team's own program composes with AuthStack (examples/platform).
        elif typ == "aws:sesv2/emailIdentity:EmailIdentity":
            rid = str(args.inputs.get("emailIdentity", args.name))
            state["arn"] = f"arn:aws:ses:{r}:{ACCOUNT}:identity/{rid}"
        elif typ == "aws:apigatewayv2/api:Api":
            rid = h[:10]
            state.update(arn=f"arn:aws:apigateway:{r}::/apis/{rid}", apiEndpoint=f"https://{rid}.execute-api.{r}.amazonaws.com")
        else:
            rid = f"{args.name}-id"
        return rid, state

    def call(self, args: pmocks.MockCallArgs):
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:user/mock", "userId": "MOCK", "id": ACCOUNT}
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": self.region, "name": self.region, "id": self.region}
        if args.token == "aws:cognito/getUserPools:getUserPools":
            name = args.args.get("name", "")
            ids = [self._pool_id(self.live_pools[name])] if name in self.live_pools else []
            arns = [f"arn:aws:cognito-idp:{self.region}:{ACCOUNT}:userpool/{i}" for i in ids]
            return {"name": name, "id": name, "ids": ids, "arns": arns}
        raise NotImplementedError(f"no mock for invoke {args.token}")


@dataclass
class Registration:
    urn: str
    type: str
    name: str
    custom: bool
    parent: str
    dependencies: list[str]
    inputs: dict[str, Any]
    options: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)


class RecordingMonitor(pmocks.MockMonitor):
    """A MockMonitor that keeps what MockResourceArgs lacks: parent, dependencies and resource options."""

    def __init__(self, mocks: pmocks.Mocks):
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def RegisterResource(self, request):  # noqa: N802 - gRPC name
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)
        deps = set(request.dependencies)
        for v in request.propertyDependencies.values():
            deps.update(v.urns)
        self.registrations.append(Registration(
            urn=response.urn, type=request.type, name=request.name, custom=request.custom, parent=request.parent,
            dependencies=sorted(deps), inputs=inputs,
            options={
                "protect": bool(request.protect),
                "deleteBeforeReplace": bool(request.deleteBeforeReplace),
                "import": request.importId or None,
                "additionalSecretOutputs": sorted(request.additionalSecretOutputs),
                "retainOnDelete": bool(request.retainOnDelete),
                "ignoreChanges": sorted(request.ignoreChanges),
            },
            outputs=(
                {**rpc.deserialize_properties(response.object, keep_unknowns=True), "id": response.id}
                if request.custom else {}
            ),
        ))
        return response


def _ensure_loop() -> None:
    try:
        asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        asyncio.set_event_loop(asyncio.new_event_loop())


def install(project: str, stack: str, region: str, live_pools: dict[str, str] | None = None) -> RecordingMonitor:
    """Fresh mocks for one run (Pulumi keeps global state: reset it every time)."""
    _ensure_loop()
    pulumi.runtime.settings.reset_options(project=project, stack=stack, preview=False)
    mocks = AwsMocks(region, live_pools)
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=monitor)
    return monitor


@dataclass
class Plan:
    """What the program would create: resources sorted by URN, plus the stack outputs (secrets as ``[secret]``)."""

    project: str
    stack: str
    resources: list[Registration]
    outputs: dict[str, Any]
    secret_outputs: list[str]
    root: Path
    """The project folder: asset paths are shown relative to it, so a plan reads the same from any folder."""


def run_program(stack: Stack, root: Path, live: bool = False) -> Plan:
    """Run the program for a validated stack under mocks and collect the graph and outputs.

    ``root`` is the Pulumi project folder (trigger handler paths are relative to it). ``live``: the stack is deployed
    already (its user pool exists), as `plan --against` assumes; lookups then find the pool, as they would in AWS.
    """
    from authstack.infra.program import run

    live_pools = {}
    if live and stack.spec.user_pool is not None:
        live_pools[stack.spec.user_pool.name or stack.name] = f"{stack.name}-pool"
    return run_callable(lambda: run(stack, root), stack.project, stack.stack, stack.region, root,
                        live_pools=live_pools)


def run_callable(
    program: Callable[[], Any], project: str, stack: str, region: str, root: Path | str,
    config: dict[str, str] | None = None, secret_keys: tuple[str, ...] = (),
    live_pools: dict[str, str] | None = None,
) -> Plan:
    """Run any Pulumi program body under the mocks, e.g. a platform team's own program composing `AuthStack`.

    ``config`` is the stack config it reads (``{"platform:mailDomain": "example.com"}``; ``aws:region`` is set from
    ``region``), ``secret_keys`` the keys among it that are secrets; ``live_pools`` the user pools the lookups find
    (pool name -> resource name), for a stack that is deployed already.
    """
    from authstack.infra import common

    monitor = install(project, stack, region, live_pools)
    pulumi.runtime.set_all_config({"aws:region": region, **(config or {})}, list(secret_keys))
    token = common.OFFLINE.set(True)

    @pulumi.runtime.test
    def body():
        program()

    try:
        body()
    finally:
        common.OFFLINE.reset(token)
        pulumi.runtime.set_all_config({})
    outputs, secret_names = _stack_outputs()
    resources = sorted(monitor.registrations, key=lambda r: r.urn)
    return Plan(project, stack, resources, outputs, secret_names, Path(root).resolve())


def _stack_outputs() -> tuple[dict[str, Any], list[str]]:
    root = pulumi.runtime.get_root_resource()
    values: dict[str, Any] = {}
    secrets: list[str] = []
    loop = asyncio.get_event_loop()
    for name, out in sorted(root.outputs.items()):  # type: ignore[union-attr]
        output = pulumi.Output.from_input(out)
        is_secret = loop.run_until_complete(output.is_secret())
        value = loop.run_until_complete(output.future())
        values[name] = SECRET if is_secret else value
        if is_secret:
            secrets.append(name)
    return values, secrets


def plan(project_dir: Path | str, stack_name: str, live: bool = False) -> Plan:
    project_dir = Path(project_dir)
    return run_program(load(project_dir, stack_name), project_dir, live)


def plan_outputs(stack_name: str, project_dir: Path | str) -> dict[str, Any]:
    """What `pulumi stack output --json` would print for this stack, with placeholder IDs (demo and review only)."""
    return plan(project_dir, stack_name).outputs


