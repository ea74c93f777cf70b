import type { CommandBus } from '@nestjs/cqrs';
import type { RiskDecision } from '@app/contracts';
import { aDeclaration } from '@app/testing';
import type { AssessDeclarationsCommand, AssessedDeclaration } from './assess-declarations.command';
import type { EngineConfig } from '@app/config';
import { HttpAssessmentBatcher, MAX_GROUP } from './http-assessment.batcher';

/** Groups in flight in these tests (HTTP_GROUPS_IN_FLIGHT); the default of 1 has its own test. */
const MAX_IN_FLIGHT = 4;
const withGroupsInFlight = (groupsInFlight: number) => ({ http: { port: 0, groupsInFlight } }) as EngineConfig;

/** A command bus whose commands stay open until the test settles them, so grouping can be observed. */
class HeldCommandBus {
  readonly commands: { command: AssessDeclarationsCommand; settle: (outcome: AssessedDeclaration[] | Error) => void }[] = [];

  execute(command: AssessDeclarationsCommand): Promise<AssessedDeclaration[]> {
    return new Promise((resolve, reject) => {
      this.commands.push({ command, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
    });
  }

  ids(index: number): string[] {
    return this.commands[index]?.command.declarations.map((d) => d.declarationId) ?? [];
  }

  /** Answers command `index` with one GREEN decision per declaration, in order. */
  decide(index: number): void {
    const entry = this.commands[index];
    entry?.settle(entry.command.declarations.map((d) => ({ decision: decisionFor(d.declarationId), versionConflict: null })));
  }
}

const decisionFor = (declarationId: string): RiskDecision => ({
  decisionId: `decision-of-${declarationId}`,
  declarationId,
  declarationVersion: 1,
  lane: 'GREEN',
  score: 0,
  reasons: [],
  rulesetVersion: 'v1',
  decidedAt: '2026-11-25T00:00:00.000Z',
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('HttpAssessmentBatcher', () => {
  let bus: HeldCommandBus;
  let batcher: HttpAssessmentBatcher;

  beforeEach(() => {
    bus = new HeldCommandBus();
    batcher = new HttpAssessmentBatcher(bus as unknown as CommandBus, withGroupsInFlight(MAX_IN_FLIGHT));
  });

  it('assesses a lone request at the end of its event-loop turn, without waiting on a timer', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const decision = batcher.assess(aDeclaration({ declarationId: 'D-1' }));
      await turn();
      expect(bus.ids(0)).toEqual(['D-1']);
      expect(bus.commands[0]?.command.channel).toBe('HTTP');
      bus.decide(0);
      await expect(decision).resolves.toMatchObject({ decision: { declarationId: 'D-1', decisionId: 'decision-of-D-1' } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends requests of one turn as one group and gives each caller its own decision', async () => {
    const decisions = ['A', 'B', 'C'].map((id) => batcher.assess(aDeclaration({ declarationId: id })));
    await turn();
    expect(bus.commands).toHaveLength(1);
    expect(bus.ids(0)).toEqual(['A', 'B', 'C']);
    bus.decide(0);
    expect((await Promise.all(decisions)).map((d) => d.decision.declarationId)).toEqual(['A', 'B', 'C']);
  });

  it(`runs at most ${MAX_IN_FLIGHT} groups at once; requests arriving meanwhile go out together when one finishes`, async () => {
    const first: Promise<AssessedDeclaration>[] = [];
    for (let index = 0; index < MAX_IN_FLIGHT; index += 1) {
      first.push(batcher.assess(aDeclaration({ declarationId: `busy-${index}` })));
      await turn();
    }
    expect(bus.commands).toHaveLength(MAX_IN_FLIGHT);

    const waiting = ['W1', 'W2'].map((id) => batcher.assess(aDeclaration({ declarationId: id })));
    await turn();
    const later = batcher.assess(aDeclaration({ declarationId: 'W3' }));
    await turn();
    expect(bus.commands).toHaveLength(MAX_IN_FLIGHT);

    bus.decide(0);
    await turn();
    expect(bus.commands).toHaveLength(MAX_IN_FLIGHT + 1);
    expect(bus.ids(MAX_IN_FLIGHT)).toEqual(['W1', 'W2', 'W3']);
    bus.decide(MAX_IN_FLIGHT);
    for (let index = 1; index < MAX_IN_FLIGHT; index += 1) bus.decide(index);
    expect((await Promise.all([...waiting, later])).map((d) => d.decision.declarationId)).toEqual(['W1', 'W2', 'W3']);
    expect((await Promise.all(first)).map((d) => d.decision.declarationId)).toEqual(
      Array.from({ length: MAX_IN_FLIGHT }, (_, i) => `busy-${i}`),
    );
  });

  it('with one group in flight (the default), every request that arrives during it waits and goes out in the next group', async () => {
    const single = new HttpAssessmentBatcher(bus as unknown as CommandBus, withGroupsInFlight(1));
    const running = single.assess(aDeclaration({ declarationId: 'R-1' }));
    await turn();
    const arriving = ['N-1', 'N-2', 'N-3'].map(async (id) => {
      await turn();
      return single.assess(aDeclaration({ declarationId: id }));
    });
    await turn();
    await turn();
    expect(bus.commands).toHaveLength(1);
    bus.decide(0);
    await turn();
    expect(bus.commands).toHaveLength(2);
    expect(bus.ids(1)).toEqual(['N-1', 'N-2', 'N-3']);
    bus.decide(1);
    await expect(running).resolves.toMatchObject({ decision: { declarationId: 'R-1' } });
    expect((await Promise.all(arriving)).map((d) => d.decision.declarationId)).toEqual(['N-1', 'N-2', 'N-3']);
  });

  it(`caps a group at ${MAX_GROUP} requests`, async () => {
    const all = Array.from({ length: MAX_GROUP + 5 }, (_, index) => batcher.assess(aDeclaration({ declarationId: `G-${index}` })));
    await turn();
    expect(bus.commands.map((entry) => entry.command.declarations.length)).toEqual([MAX_GROUP, 5]);
    bus.decide(0);
    bus.decide(1);
    expect((await Promise.all(all)).at(-1)?.decision.declarationId).toBe(`G-${MAX_GROUP + 4}`);
  });

  it('fails only the requests of the group whose assessment failed', async () => {
    const failing = batcher.assess(aDeclaration({ declarationId: 'F-1' }));
    await turn();
    const healthy = batcher.assess(aDeclaration({ declarationId: 'H-1' }));
    await turn();
    bus.commands[0]?.settle(new Error('database unavailable'));
    bus.decide(1);
    await expect(failing).rejects.toThrow('database unavailable');
    await expect(healthy).resolves.toMatchObject({ decision: { declarationId: 'H-1' } });
  });

  it('rejects a request its group returned no decision for', async () => {
    const orphan = batcher.assess(aDeclaration({ declarationId: 'O-1' }));
    await turn();
    bus.commands[0]?.settle([]);
    await expect(orphan).rejects.toThrow('a group of 1 items gave 0 results');
  });
});
