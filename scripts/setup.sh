#!/usr/bin/env bash
# Set up a fresh clone: a virtualenv in .venv with authstack, Pulumi's SDKs and the test tools.
# Idempotent: re-running only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Keep pip's byte-compilation on: pulumi_aws is 6k files, and compiling once beats compiling on every run.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[infra${1:+,$1}]"
