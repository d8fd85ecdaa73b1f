"""The README's examples work: its trigger spec validates, its error lines are what the CLI prints."""
from __future__ import annotations

import re
import shutil

import yaml

from authstack.spec.errors import SpecError
from authstack.spec.load import load
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()


def test_trigger_example_validates(tmp_path):
    block = re.search(r"```yaml\n(authstack:triggers:.*?)```", README, re.S).group(1)
    triggers = yaml.safe_load(block.replace("<hex sha256 of the code>", "a" * 64))["authstack:triggers"]
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path)
    (tmp_path / "functions" / "custom").mkdir(parents=True)
    (tmp_path / "functions" / "custom" / "check_invite.py").write_text("def handler(event, context):\n    return event\n")
    config = {"aws:region": "eu-west-1", "authstack:triggers": triggers,
              "authstack:userPool": {"groups": {"members": {}}}}
    (tmp_path / "Pulumi.t.yaml").write_text(yaml.safe_dump({"config": config}))
    assert sorted(load(tmp_path, "t").spec.triggers) == ["postConfirmation", "preSignUp", "preTokenGeneration"]


def test_documented_error_lines_are_real(tmp_path):
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path)
    config = {
        "aws:region": "eu-west-1",
        "authstack:userPool": {"passwordPolicy": {"minimumLength": 4}},
        "authstack:clints": {},
    }
    (tmp_path / "Pulumi.prod.yaml").write_text(yaml.safe_dump({"config": config}))
    try:
        load(tmp_path, "prod")
    except SpecError as error:
        for problem in error.problems:
            assert str(problem) in README, str(problem)
    else:
        raise AssertionError("expected problems")
