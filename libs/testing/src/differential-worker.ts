import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DifferentialOutcome } from './differential-harness';

/** The worker's entry: compiles the TypeScript harness on load (ts-node with SWC) and runs it once. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
require('ts-node').register({ swc: true, project: workerData.tsconfig });
require('tsconfig-paths').register({ baseUrl: workerData.root, paths: workerData.paths });
const { runDifferential } = require(workerData.harness);
runDifferential(workerData.count, workerData.seed).then((outcome) => parentPort.postMessage(outcome));
`;

/**
 * Runs the differential harness in a worker thread, outside jest's module sandbox: there
 * json-rules-engine (cloning each rule's conditions for every run) works about three times faster
 * than inside it, and the 100,000 declarations fit in the suite's time budget. Same seed, same
 * declarations, same comparison as `runDifferential` in-process.
 */
export function runDifferentialInWorker(count: number, seed: number): Promise<DifferentialOutcome> {
  const root = resolve(__dirname, '../../..');
  const tsconfig = resolve(root, 'tsconfig.json');
  const { compilerOptions } = JSON.parse(readFileSync(tsconfig, 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return new Promise<DifferentialOutcome>((resolveOutcome, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        count,
        seed,
        root,
        paths: compilerOptions.paths,
        tsconfig,
        harness: resolve(__dirname, 'differential-harness.ts'),
      },
    });
    worker.once('message', (outcome: DifferentialOutcome) => resolveOutcome(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the differential worker exited with code ${code}`));
    });
  });
}
