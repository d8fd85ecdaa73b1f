#!/usr/bin/env bash
# The main job on the built-in example stacks: validate them all, plan each one offline (real program, Pulumi's mocks,
# guardrails), and write the client configs of the dev stack from its offline plan into out/dev/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

.venv/bin/authstack validate
for stack in dev prod federation; do
  echo
  echo "== authstack plan --stack $stack"
  .venv/bin/authstack plan --stack "$stack"
done
echo
echo "== authstack config --stack dev --offline --out out/dev"
mkdir -p out/dev
.venv/bin/authstack config --stack dev --offline --out out/dev
