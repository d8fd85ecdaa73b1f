"""`authstack init STACK`: a valid, commented starter `Pulumi.<stack>.yaml` for the chosen identity providers.

What only you know is written as ``REPLACE-ME`` (secrets as ``secure: REPLACE-ME``): every command (validate, plan,
config --offline, pulumi up) refuses the file until each is set, naming the key and the command to run, by the same
mechanism that guards `import-amplify`'s output (`spec.load`). The file is checked by the spec before it is written.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from authstack.cli.ui import bad_input, console, fail, write_atomic

P = "REPLACE-ME"

#: Per provider kind: its stack-file keys with a comment each (secrets marked), as the spec's provider models name them.
PROVIDERS: dict[str, list[tuple[str, str, bool]]] = {
    "google": [("clientId", "OAuth client ID, Google Cloud console > APIs & Services > Credentials", False),
               ("clientSecret", "its client secret", True)],
    "facebook": [("clientId", "the Facebook app ID (developers.facebook.com > your app)", False),
                 ("clientSecret", "the app secret", True)],
    "amazon": [("clientId", "Login with Amazon security profile: client ID", False),
               ("clientSecret", "its client secret", True)],
    "apple": [("servicesId", "Sign in with Apple Services ID (com.example.web)", False),
              ("teamId", "your Apple developer team ID", False),
              ("keyId", "the key ID of the Sign in with Apple private key", False),
              ("privateKey", "the .p8 private key", True)],
    "auth0": [("domain", "the tenant host, e.g. example.eu.auth0.com", False),
              ("clientId", "the Auth0 application's client ID", False),
              ("clientSecret", "its client secret", True)],
    "oidc": [("issuerUrl", "the issuer, https://...; Cognito discovers its endpoints", False),
             ("clientId", "the client ID registered with the provider", False),
             ("clientSecret", "its client secret", True)],
    "saml": [("metadataUrl", "where Cognito fetches the IdP's SAML metadata (https://...)", False)],
}
URL_KEYS = {"issuerUrl", "metadataUrl"}  # must look like URLs to pass the shape checks; still refused until set

def init(
    stack: Annotated[str, typer.Argument(help="The new stack's name: writes Pulumi.<stack>.yaml.")],
    providers: Annotated[Optional[List[str]], typer.Option("--provider", "-p", help=f"An identity provider to sign in with; repeat for several: {', '.join(PROVIDERS)}.")] = None,
    region: Annotated[Optional[str], typer.Option(help="AWS region. Default: aws:region of Pulumi.yaml.")] = None,
    identity_pool: Annotated[bool, typer.Option("--identity-pool", help="Add an identity pool (AWS credentials for signed-in users; no guest access).")] = False,
    throwaway: Annotated[bool, typer.Option(help="A stack with no real users (deletion protection off).")] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing stack file.")] = False,
    project_dir: Annotated[Path, typer.Option(help="Folder holding Pulumi.yaml.")] = Path("."),
) -> None:
    """Write a commented starter Pulumi.<stack>.yaml: a user pool with email sign-in, an app client, and for each
    --provider the hosted UI and the provider's keys. Values only you know are REPLACE-ME: every command refuses the
    stack until you set them, and this command prints how.

    Example: authstack init dev --provider google --provider apple --throwaway
    """
    from authstack.spec.load import read_project, validate

    chosen = list(dict.fromkeys(p.lower() for p in providers or []))
    from authstack.spec.files import check_stack_name

    with bad_input():
        check_stack_name(stack)
    unknown = [p for p in chosen if p not in PROVIDERS]
    if unknown:
        raise fail(f"--provider {unknown[0]}: not a provider kind (one of {', '.join(PROVIDERS)})")
    path = project_dir / f"Pulumi.{stack}.yaml"
    with bad_input():
        project, defaults = read_project(project_dir)
    if path.exists() and not force:
        raise fail(f"{path}: already exists; pass --force to overwrite it")
    region = region or defaults.get("__region__")
    if not region:
        raise fail("--region: Pulumi.yaml sets no aws:region, so give the stack's region")

    text = starter(project, stack, region, chosen, identity_pool, throwaway)
    import yaml

    config = yaml.safe_load(text)["config"]
    raw = {k.split(":", 1)[1]: v for k, v in config.items() if k.startswith("authstack:")}
    with bad_input():  # the starter must be a valid stack in every respect but the placeholders
        validate(raw, path.name, plaintext_ok=set(), allow_placeholders=True, region=region)
    write_atomic(path, text)
    console.print(f"Wrote {path}. Before validate, plan or pulumi up accept it, set:", soft_wrap=True)
    for line in next_steps(stack, chosen):
        console.print(f"  {line}", markup=False, soft_wrap=True)
    console.print(f"Then: authstack validate --stack {stack} && authstack plan --stack {stack}", markup=False)


def next_steps(stack: str, chosen: list[str]) -> list[str]:
    lines = []
    for kind in chosen:
        for key, _, secret in PROVIDERS[kind]:
            where = f"authstack:identityProviders.{kind}.{key}"
            if secret:
                lines.append(f"pulumi config set --secret --path '{where}' <value> --stack {stack}")
            else:
                lines.append(f"{where}: edit the file (or pulumi config set --path '{where}' <value> --stack {stack})")
    return lines


def starter(project: str, stack: str, region: str, chosen: list[str], identity_pool: bool, throwaway: bool) -> str:
    """The stack file's text: every key commented, placeholders for what only the user knows."""
    from authstack.spec.providers import IdentityProvider  # the provider names come from the spec, not from here
    from pydantic import TypeAdapter

    adapter = TypeAdapter(IdentityProvider)
    names = []
    for kind in chosen:
        values = {key: (f"https://{P}" if key in URL_KEYS else ({"secure": P} if secret else P))
                  for key, _, secret in PROVIDERS[kind]}
        names.append(adapter.validate_python({"type": kind, **values}).provider_name(kind))
    prefix = re.sub(r"[^a-z0-9-]", "-", f"{project}-{stack}".lower()).strip("-")[:63]
    for word in ("aws", "amazon", "cognito"):
        prefix = prefix.replace(word, "x")
    out = [
        "# yaml-language-server: $schema=./schema/stack.schema.json",
        f"# Stack {stack!r} of project {project!r}, written by `authstack init`. Every key is documented in the schema",
        "# (`authstack schema --out schema/stack.schema.json`: editors complete and check it) and in README.md.",
        f"# {P} marks what only you know: validate, plan, config and pulumi up refuse this file until each is set.",
        "config:",
        f"  aws:region: {region}",
        "",
        "  # true for a stack without real users (dev, previews): deletion protection and Pulumi protect off.",
        f"  authstack:throwaway: {'true' if throwaway else 'false'}",
        "",
        "  authstack:userPool:",
        "    signIn: {email: true}           # users sign in with their email address (fixed once the pool exists)",
        "    mfa: {mode: OPTIONAL, totp: true}  # authenticator apps; OFF | OPTIONAL | ON",
        "    passwordPolicy: {minimumLength: 12}",
        "    # Cognito's own sender stops after 50 emails a day per account (sign-up and reset codes then fail silently):",
        "    # with real users, send through an SES identity in this region, e.g.",
        f"    # email: {{sesSourceArn: arn:aws:ses:{region}:<account>:identity/example.com, from: no-reply@example.com}}",
    ]
    if chosen:
        out += [
            "",
            "  # The hosted UI, where the social and enterprise providers sign users in. The prefix must be unique in",
            "  # the region (<prefix>.auth.<region>.amazoncognito.com); or use customDomain + certificateArn.",
            "  authstack:domain:",
            f"    prefix: {prefix}",
            "",
            "  # Identity providers; secrets are `secure:` values, set with `pulumi config set --secret --path ...`.",
            "  authstack:identityProviders:",
        ]
        for kind in chosen:
            out.append(f"    {kind}:")
            out.append(f"      type: {kind}")
            for key, comment, secret in PROVIDERS[kind]:
                if secret:
                    out += [f"      {f'{key}:':<34}# {comment}", f"        secure: {P}"]
                else:
                    value = f"https://{P}" if key in URL_KEYS else P
                    out.append(f"      {f'{key}: {value}':<34}# {comment}")
    out += [
        "",
        "  # App clients by name. `web` is public (no secret): the app in the browser uses it.",
        "  authstack:clients:",
        "    web:",
    ]
    if chosen:
        out += [
            f"      identityProviders: [COGNITO, {', '.join(names)}]",
            "      oauth:",
        ]
        # localhost only where the guardrails allow it (throwaway stacks); elsewhere the app's own https URL.
        app_url = "http://localhost:3000/" if throwaway else f"https://{P}/"
        out += [
            f"        callbackUrls: [\"{app_url}\"]   # exact URLs of the app (https outside a throwaway stack)",
            f"        logoutUrls: [\"{app_url}\"]",
        ]
    else:
        out.append("      authFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]  # the password never leaves the device")
    if identity_pool:
        out += [
            "",
            "  # AWS credentials for signed-in users (guest access off); roles get only the statements you add.",
            "  authstack:identityPool:",
            "    userPoolClients: [web]",
        ]
    out += [
        "",
        "  # What `authstack config` writes for the app (formats, envPrefix VITE_ | NEXT_PUBLIC_ | REACT_APP_, ...).",
        "  authstack:client:",
        "    envPrefix: VITE_",
    ]
    return "\n".join(out) + "\n"


def register(app: typer.Typer) -> None:
    app.command("init")(init)
