#!/usr/bin/env bash
# Set up a fresh clone and run every test: the spec, the program under Pulumi's mocks, the guardrails and policy pack,
# the trigger library, the importer, and the generated client configs loaded by aws-amplify@5 and @6 under Node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test

if command -v node >/dev/null 2>&1; then
  # The real consumers of the generated files, pinned by tests/node/package-lock.json.
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi
exec .venv/bin/python -m pytest "$@"
