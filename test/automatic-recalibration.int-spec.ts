import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type { RiskDecision } from '@app/contracts';
import { aDeclaration } from '@app/testing';
import { startEngine } from './support/engine-harness';

describe('automatic recalibration of rule weights', () => {
  const runId = `CAL${randomUUID().slice(0, 8).toUpperCase()}`;
  const authoredVersion = `2026.11.1-${runId.toLowerCase()}`;
  let engine: INestApplication;

  beforeAll(async () => {
    const rules = mkdtempSync(join(tmpdir(), 'rules-auto-'));
    cpSync(resolve(__dirname, '../rules'), rules, { recursive: true });
    const settings = JSON.parse(readFileSync(join(rules, 'ruleset.json'), 'utf8')) as Record<string, unknown>;
    settings.version = authoredVersion;
    settings.controlSampleRate = 0;
    settings.feedback = {
      reviewHitRateFloor: 0.05,
      reviewMinInspections: 30,
      recalibration: 'AUTO',
      recalibrationMinInspections: 20,
      maxWeightChange: 15,
    };
    writeFileSync(join(rules, 'ruleset.json'), JSON.stringify(settings));
    engine = await startEngine({ RULES_DIR: rules, ACTIVE_RULESET_ID: `auto-${runId.toLowerCase()}` });
  });

  afterAll(async () => {
    await engine?.close();
  });

  const http = () => request(engine.getHttpServer());
  const watched = (id: string) => aDeclaration({ declarationId: id, conveyance: { mode: 'SEA', id: 'IMO9000001' } });

  it('raises the weight of a rule that keeps finding seizures, within its bounds, under a new ruleset version', async () => {
    // Background: 40 plain declarations inspected, 4 with findings, so the base rate is about 10%.
    for (let i = 0; i < 40; i += 1) {
      const plain = aDeclaration({ declarationId: `${runId}-BG-${i}`, importer: { id: `${runId}-BG-${i % 10}` } });
      await http().post('/v1/risk-assessments').send(plain).expect(200);
      await http()
        .post('/v1/inspection-outcomes')
        .send({
          outcomeId: `${runId}-BGO-${i}`,
          declarationId: plain.declarationId,
          result: i % 10 === 0 ? 'IRREGULARITY' : 'NO_FINDING',
          inspectedAt: '2026-11-24T08:00:00Z',
        })
        .expect(202);
    }
    const first = (
      await http()
        .post('/v1/risk-assessments')
        .send(watched(`${runId}-0`))
        .expect(200)
    ).body as RiskDecision;
    expect(first.reasons.find((r) => r.ruleId === 'TRD-002')?.contribution).toBe(55);

    for (let i = 1; i <= 24; i += 1) {
      const decision = (
        await http()
          .post('/v1/risk-assessments')
          .send(watched(`${runId}-${i}`))
          .expect(200)
      ).body as RiskDecision;
      await http()
        .post('/v1/inspection-outcomes')
        .send({
          outcomeId: `${runId}-O-${i}`,
          declarationId: decision.declarationId,
          result: 'SEIZURE',
          inspectedAt: '2026-11-24T08:00:00Z',
        })
        .expect(202);
    }

    const later = (
      await http()
        .post('/v1/risk-assessments')
        .send(watched(`${runId}-LATER`))
        .expect(200)
    ).body as RiskDecision;
    expect(later.rulesetVersion).toMatch(new RegExp(`^${authoredVersion.replace(/\./g, '\\.')}\\+cal\\.[0-9a-f]{8}$`));
    expect(later.rulesetVersion).not.toBe(first.rulesetVersion);
    const weight = later.reasons.find((r) => r.ruleId === 'TRD-002')?.contribution ?? 0;
    expect(weight).toBeGreaterThan(55);
    expect(weight).toBeLessThanOrEqual(82.5);

    const performance = await http().get('/v1/rules/TRD-002/performance').expect(200);
    expect(performance.body).toMatchObject({ currentWeight: weight, recalibration: { mode: 'AUTO' } });
  });
});
