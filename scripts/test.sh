#!/usr/bin/env bash
# The test command: installs dependencies when missing, brings the local stack up, runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/stack/stack.sh up
npx jest --selectProjects unit --maxWorkers=2
npx jest --selectProjects integration --runInBand "$@"
npx jest --selectProjects faults --runInBand "$@"
