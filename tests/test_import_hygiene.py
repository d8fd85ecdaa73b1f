"""Commands that do not need Pulumi must not import it: `pulumi` + `pulumi_aws` cost ~0.4 s of every run."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

PROBE = """
import sys
from typer.testing import CliRunner
from authstack.cli.main import app
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, result.output
heavy = sorted(m for m in sys.modules if m == "pulumi" or m.startswith(("pulumi.", "pulumi_aws")))
print(",".join(heavy))
"""


@pytest.mark.parametrize("args", [["validate"], ["schema"], ["--help"], ["validate", "--json"]])
def test_light_commands_do_not_import_pulumi(args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"imported: {proc.stdout.strip()}"


def test_plan_does_import_pulumi():
    # The probe can fail: plan needs the program, so it must show up here.
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=["plan", "--stack", "prod", "--format", "json"])],
                          capture_output=True, text=True, cwd=ROOT)
    assert "pulumi_aws" in proc.stdout
