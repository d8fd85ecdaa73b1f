#!/usr/bin/env bash
# Set up a fresh clone and run every test: the spec, the program under Pulumi's mocks, the guardrails and policy pack,
# the trigger library, the importer, and the generated client configs loaded by aws-amplify@5 and @6 under Node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test

# The real consumers of the generated files (aws-amplify@5 and @6), pinned by tests/node/package-lock.json.
# Without Node the client-config proof cannot run: fail, unless explicitly skipped.
if command -v node >/dev/null 2>&1; then
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
elif [ "${AUTHSTACK_SKIP_NODE:-}" != "1" ]; then
  echo "scripts/test.sh: node and npm are needed for the Amplify consumer tests (or set AUTHSTACK_SKIP_NODE=1)" >&2
  exit 2
fi
exec .venv/bin/python -m pytest "$@"
