"""Findings about the project as a whole: fields the importer does not know, override code it cannot read, and Gen 1
features authstack has no equivalent for."""
from __future__ import annotations

from authstack.cli.importer.findings import Findings
from authstack.cli.importer.gen1 import Project
from authstack.cli.importer.known import CLI_INPUTS_VERSIONS, unknown_keys
from authstack.cli.importer.mapping.settings import Cfg


def check_fields(project: Project, findings: Findings) -> None:
    for key in unknown_keys(project.config):
        prefix = "cognitoConfig." if project.config_file.endswith("cli-inputs.json") else ""
        findings.warn(f"{project.config_file}: {prefix}{key}: unknown Gen 1 field (newer CLI or hand-edited); not imported")
    if project.override_file:
        findings.warn(f"{project.override_file}: `amplify override auth` code can change any setting after "
                      f"{project.config_file}; the importer reads only its PreventUserExistenceErrors: compare the stack "
                      "file with `aws cognito-idp describe-user-pool` / `describe-user-pool-client` before `pulumi preview`")
    if project.config_version is not None and project.config_version not in CLI_INPUTS_VERSIONS:
        findings.warn(f"{project.config_file}: version: {project.config_version!r} is newer than the cli-inputs version this "
                      f"importer knows ({', '.join(sorted(CLI_INPUTS_VERSIONS))}); check the result")


def not_expressible(cfg: Cfg, findings: Findings) -> None:
    if cfg.bool("adminQueries"):
        findings.cannot(*cfg.where("adminQueries"), True,
                        f"Admin Queries (API Gateway + Lambda, group {cfg.str('adminQueryGroup')!r}) is not part of authstack; "
                        "keep it in Amplify or move it to your API")
    for key in ("googleIos", "googleAndroid", "audiences"):
        value = cfg.obj(key)
        if value:
            findings.cannot(*cfg.where(key), value,
                            "extra Google client IDs go through an OpenID provider made by a custom resource; list the "
                            "issuer under identityPool.federation.oidc by hand if you need it")
    if cfg.has("useEnabledMfas") and cfg.bool("useEnabledMfas") is False and cfg.str("mfaConfiguration", "OFF") != "OFF":
        findings.note("MFA was set by Amplify's MFA custom resource (useEnabledMfas: false); authstack sets it on the pool")

