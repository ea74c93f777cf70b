import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topic, type InspectionOutcome, type RiskDecision } from '@app/contracts';
import { aDeclaration, anItem } from '@app/testing';
import { runningEngine, waitForRows } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';

describe('feedback loop: inspection outcomes refine profiles and rules', () => {
  const runId = `FB${randomUUID().slice(0, 8).toUpperCase()}`;
  const running = runningEngine();

  const http = () => request(running.engine.getHttpServer());
  const assess = async (body: object) => (await http().post('/v1/risk-assessments').send(body).expect(200)).body as RiskDecision;
  const publishOutcomes = async (outcomes: InspectionOutcome[]) => {
    await running.producer.send({
      topic: Topic.InspectionOutcomes,
      messages: outcomes.map((o) => ({ key: o.declarationId, value: JSON.stringify(o) })),
    });
    await waitForRows(
      running.db,
      'SELECT count(*) FROM inspection_outcomes WHERE outcome_id = ANY($1)',
      [outcomes.map((o) => o.outcomeId)],
      outcomes.length,
    );
  };
  const outcome = (declarationId: string, result: InspectionOutcome['result'], n: number): InspectionOutcome => ({
    outcomeId: `${runId}-O-${declarationId}-${n}`,
    declarationId,
    result,
    inspectedAt: '2026-11-23T10:00:00Z',
  });

  it('changes a later decision for the same trader once outcomes for it arrive on Kafka', async () => {
    const background = [];
    for (let i = 0; i < 50; i += 1)
      background.push(await assess(aDeclaration({ declarationId: `${runId}-BG-${i}`, importer: { id: `${runId}-BG-${i % 25}` } })));
    await publishOutcomes(background.map((d, i) => outcome(d.declarationId, i % 5 === 0 ? 'IRREGULARITY' : 'NO_FINDING', 0)));

    const trader = { id: `${runId}-TRADER`, name: 'Repeat Offender BV' };
    const earlier = [];
    for (let i = 0; i < 6; i += 1) earlier.push(await assess(aDeclaration({ declarationId: `${runId}-T-${i}`, importer: trader })));
    const before = await assess(aDeclaration({ declarationId: `${runId}-T-BEFORE`, importer: trader }));

    await publishOutcomes(earlier.map((d, i) => outcome(d.declarationId, i === 0 ? 'SEIZURE' : 'IRREGULARITY', 0)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await assess(aDeclaration({ declarationId: `${runId}-T-AFTER`, importer: trader }));

    expect(after.score).toBeGreaterThan(before.score + 5);
    expect(after.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['PROFILE.IMPORTER_HS6']));
    expect(before.reasons.some((r) => r.code.startsWith('PROFILE.IMPORTER'))).toBe(false);

    const profiles = await http().get('/v1/profiles').query({ dimension: 'importer', sort: 'risk', limit: 5 }).expect(200);
    const top = (profiles.body as { indicators: { key: string; hits: number; seizures: number; inspections: number }[] }).indicators[0];
    expect(top).toMatchObject({ indicatorId: `importer:${trader.id}`, key: trader.id, hits: 6, seizures: 1, inspections: 6 });
    // The decisions citing the importer x HS6 indicator, with what their inspections found.
    const cited = after.reasons.find((r) => r.code === 'PROFILE.IMPORTER_HS6');
    expect(cited?.ruleId).toBe(`importerxhs6:${trader.id}|440711`);
    const combined = await http().get('/v1/profiles').query({ dimension: 'importerxhs6', sort: 'risk', limit: 1 }).expect(200);
    expect((combined.body as { indicators: { indicatorId: string; performance: { selections: number } }[] }).indicators[0]).toMatchObject({
      indicatorId: `importerxhs6:${trader.id}|440711`,
      performance: { selections: 1, inspections: 0 },
    });
  });

  it('flags a rule that keeps finding nothing, with an alert on customs.risk-alerts.v1', async () => {
    const alerts = await new TopicProbe(Topic.RiskAlerts, (m) => m.key === 'ENV-002').start();
    const decided = [];
    for (let i = 0; i < 32; i += 1) {
      decided.push(
        await assess(
          aDeclaration({ declarationId: `${runId}-ODS-${i}`, items: [anItem({ hsCode: '290372', description: 'Refrigerant R-22' })] }),
        ),
      );
    }
    expect(decided.every((d) => d.reasons.some((r) => r.ruleId === 'ENV-002'))).toBe(true);
    await publishOutcomes(decided.map((d) => outcome(d.declarationId, 'NO_FINDING', 1)));

    const [alert] = await alerts.waitFor(1, 20_000, 1_000);
    await alerts.stop();
    expect(alerts.received).toHaveLength(1);
    expect(JSON.parse(alert!.value)).toMatchObject({ alertType: 'RULE_REVIEW', ruleId: 'ENV-002', ruleVersion: 1, hitRate: 0 });

    const performance = await http().get('/v1/rules/ENV-002/performance').expect(200);
    expect(performance.body).toMatchObject({
      ruleId: 'ENV-002',
      hits: 0,
      review: { flagged: true, flag: { reason: expect.stringContaining('below the floor of 5.0%') } },
    });
    expect((performance.body as { inspections: number }).inspections).toBeGreaterThanOrEqual(32);
    await http().get('/v1/rules/NO-SUCH-RULE/performance').expect(404);
  });

  it('keeps an outcome for an unknown declaration, reports it, and links it once the declaration is decided', async () => {
    const lateId = `${runId}-LATE`;
    const receipt = await http()
      .post('/v1/inspection-outcomes')
      .send({ outcomeId: `${runId}-O-LATE`, declarationId: lateId, result: 'IRREGULARITY', inspectedAt: '2026-11-24T08:00:00Z' })
      .expect(202);
    expect(receipt.body).toEqual({ outcomeId: `${runId}-O-LATE`, recorded: true, matched: false });
    const again = await http()
      .post('/v1/inspection-outcomes')
      .send({ outcomeId: `${runId}-O-LATE`, declarationId: lateId, result: 'IRREGULARITY', inspectedAt: '2026-11-24T08:00:00Z' })
      .expect(202);
    expect(again.body).toMatchObject({ recorded: false, matched: false });

    const unmatched = await http().get('/v1/inspection-outcomes/unmatched').expect(200);
    expect((unmatched.body as { outcomes: { outcomeId: string }[] }).outcomes.map((o) => o.outcomeId)).toContain(`${runId}-O-LATE`);

    await assess(aDeclaration({ declarationId: lateId }));
    const linked = await running.db.query<{ decision_id: string | null }>(
      'SELECT decision_id FROM inspection_outcomes WHERE outcome_id = $1',
      [`${runId}-O-LATE`],
    );
    expect(linked.rows[0]?.decision_id).not.toBeNull();

    await http().post('/v1/inspection-outcomes').send({ outcomeId: 'X', result: 'FOUND' }).expect(400);
  });
});
