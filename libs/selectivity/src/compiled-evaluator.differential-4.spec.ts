import { runDifferentialInWorker } from '@app/testing';

// Part 4 of 4 of the differential test: 4 x 25,000 = 100,000 generated declarations, each scored
// by json-rules-engine (the oracle) and by the compiled evaluator; lane, score and reasons must match.
// The harness runs in a worker thread, outside jest's sandbox, where json-rules-engine is about 3x faster.
describe('compiled evaluator against json-rules-engine, part 4 of 4', () => {
  it('gives identical decisions on 25,000 generated declarations', async () => {
    const outcome = await runDifferentialInWorker(25_000, 400);
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.compared).toBe(25_000);
    expect(outcome.withReasons).toBeGreaterThan(12_500);
  }, 600_000);
});
