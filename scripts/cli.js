#!/usr/bin/env node
// npm run cli -- <command>: builds the operator CLI when its bundle is missing or older than the sources, then runs it.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundle = join(root, 'dist/apps/cli/main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newestSource(join(root, 'apps/cli/src')), newestSource(join(root, 'libs')));
if (stale) execFileSync('npx', ['nest', 'build', 'cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const result = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
