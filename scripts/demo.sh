#!/usr/bin/env bash
# npm run demo: installs what is missing, brings the stack up, builds and starts the engine,
# runs the sample-data demo against it over Kafka, and stops the engine again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/stack/stack.sh up
npx nest build risk-engine >/dev/null

export PORT="${DEMO_PORT:-3900}" KAFKAJS_NO_PARTITIONER_WARNING=1
mkdir -p .stack
node dist/apps/risk-engine/main.js >.stack/demo-engine.log 2>&1 &
engine=$!
trap 'kill $engine 2>/dev/null || true; wait $engine 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $engine 2>/dev/null; then
    cat .stack/demo-engine.log >&2
    echo "the engine exited during start-up" >&2
    exit 1
  fi
  sleep 0.5
done
echo "[demo] engine ready on port $PORT (log: .stack/demo-engine.log)"
npx ts-node --transpile-only -r tsconfig-paths/register scripts/demo.ts
