import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topic, type InspectionOutcome, type RiskDecision, type SeizureRecord } from '@app/contracts';
import { aDeclaration, anItem } from '@app/testing';
import { runningEngine, waitForRows } from './support/engine-harness';

describe('history from Kafka refines the derived profiles', () => {
  const runId = `HIST${randomUUID().slice(0, 8).toUpperCase()}`;
  const running = runningEngine();

  const assess = async (body: object) =>
    (await request(running.engine.getHttpServer()).post('/v1/risk-assessments').send(body).expect(200)).body as RiskDecision;

  it('scores a matching declaration higher after a seizure is published to customs.seizures.v1', async () => {
    // Background history: 60 inspected declarations, 12 with findings.
    const outcomes: InspectionOutcome[] = [];
    for (let i = 0; i < 60; i += 1) {
      const declaration = aDeclaration({ declarationId: `${runId}-BG-${i}`, importer: { id: `${runId}-BG-${i % 20}` } });
      await assess(declaration);
      outcomes.push({
        outcomeId: `${runId}-O-${i}`,
        declarationId: declaration.declarationId,
        result: i % 5 === 0 ? 'IRREGULARITY' : 'NO_FINDING',
        inspectedAt: '2026-11-20T10:00:00Z',
      });
    }
    await running.producer.send({
      topic: Topic.InspectionOutcomes,
      messages: outcomes.map((o) => ({ key: o.declarationId, value: JSON.stringify(o) })),
    });
    await waitForRows(running.db, 'SELECT count(*) FROM inspection_outcomes WHERE outcome_id LIKE $1', [`${runId}-O-%`], 60);

    const toys = (id: string, importer: string) =>
      aDeclaration({
        declarationId: id,
        importer: { id: importer },
        countryOfDeparture: 'CN',
        items: [anItem({ hsCode: '950300', description: 'Toys', countryOfOrigin: 'CN', netMassKg: 800, customsValue: 9000 })],
      });
    const before = await assess(toys(`${runId}-BEFORE`, `${runId}-NEWCO-1`));

    const seizure: SeizureRecord = {
      seizureId: `${runId}-S-1`,
      seizedAt: '2026-11-22T09:00:00Z',
      officeCode: 'BEANR000',
      category: 'IPR',
      hsCode: '950300',
      countryOfOrigin: 'CN',
      countryOfDeparture: 'CN',
      transportMode: 'SEA',
      concealmentMethod: 'Counterfeit toys under genuine cover load',
      offenders: [{ kind: 'COMPANY', id: `${runId}-NEWCO-2` }],
    };
    await running.producer.send({ topic: Topic.Seizures, messages: [{ key: seizure.seizureId, value: JSON.stringify(seizure) }] });
    await waitForRows(running.db, 'SELECT count(*) FROM seizures WHERE seizure_id = $1', [seizure.seizureId], 1);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const after = await assess(toys(`${runId}-AFTER`, `${runId}-NEWCO-2`));
    expect(after.score).toBeGreaterThan(before.score + 5);
    const profileReasons = after.reasons.filter((r) => r.source === 'PROFILE');
    expect(profileReasons.length).toBeGreaterThan(0);
    expect(profileReasons.some((r) => r.message.includes('1 seizure'))).toBe(true);
    expect(before.reasons.filter((r) => r.source === 'PROFILE')).toEqual([]);
  });

  it('dead-letters an invalid seizure with its reason', async () => {
    await running.producer.send({
      topic: Topic.Seizures,
      messages: [{ key: `${runId}-BAD`, value: JSON.stringify({ seizureId: `${runId}-BAD`, category: 'GOLD' }) }],
    });
    await waitForRows(
      running.db,
      `SELECT count(*) FROM rejected_messages WHERE message_key = $1 AND reason_code = 'INVALID_MESSAGE'`,
      [`${runId}-BAD`],
      1,
    );
    const row = await running.db.query<{ reason: { fields: { field: string }[] } }>(
      'SELECT reason FROM rejected_messages WHERE message_key = $1',
      [`${runId}-BAD`],
    );
    expect(row.rows[0]?.reason.fields.map((f) => f.field).sort()).toEqual(['category', 'seizedAt']);
  });
});
