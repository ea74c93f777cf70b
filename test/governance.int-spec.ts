import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import request from 'supertest';
import type { RiskDecision } from '@app/contracts';
import { ROLES, type Role } from '@app/governance';
import { loadRulesetFromDirectory } from '@app/selectivity';
import { aDeclaration, anItem } from '@app/testing';
import { startEngine } from './support/engine-harness';
import { TEST_JWT_SECRET, bearer } from './support/tokens';

const runId = randomUUID().slice(0, 8);
const RULESET = `gov-${runId}`;
const folder = loadRulesetFromDirectory(resolve(__dirname, '../rules'));
/** A new version: the arms rule weighs less and the RED threshold is lower. */
function candidateContent(label: string, redThreshold = 60) {
  const { origins: _origins, ...content } = folder;
  return {
    ...content,
    settings: {
      ...content.settings,
      version: label,
      controlSampleRate: 0,
      lanes: { ...content.settings.lanes, default: { red: redThreshold, yellow: 40, blue: 20 } },
    },
  };
}

const ANALYST = bearer('ann', 'RISK_ANALYST');
const SUPERVISOR = bearer('sam', 'RISK_SUPERVISOR');
const OTHER_SUPERVISOR = bearer('sue', 'RISK_SUPERVISOR');
const ANALYST_AND_SUPERVISOR = bearer('ann', 'RISK_ANALYST', 'RISK_SUPERVISOR');
const CLEARANCE = bearer('clearance-system', 'CLEARANCE_SYSTEM');
const AUDITOR = bearer('audrey', 'AUDITOR');

describe('governance over HTTP with bearer tokens', () => {
  let engineA: INestApplication;
  let engineB: INestApplication;

  beforeAll(async () => {
    const env = { AUTH_JWT_SECRET: TEST_JWT_SECRET, ACTIVE_RULESET_ID: RULESET };
    engineA = await startEngine(env);
    engineB = await startEngine({ ...env, KAFKA_CLIENT_ID: `risk-engine-b-${runId}` });
  });

  afterAll(async () => {
    await engineB?.close();
    await engineA?.close();
  });

  const a = () => request(engineA.getHttpServer());
  const b = () => request(engineB.getHttpServer());
  const assessOn = async (server: () => request.Agent | ReturnType<typeof request>, id: string) =>
    (
      await server()
        .post('/v1/risk-assessments')
        .set('authorization', CLEARANCE)
        .send(aDeclaration({ declarationId: id, items: [anItem({ hsCode: '930320', description: 'Shotguns' })] }))
        .expect(200)
    ).body as RiskDecision;

  describe('role x endpoint', () => {
    const tokens: Record<Role | 'NONE', string | null> = {
      RISK_ANALYST: bearer('matrix-analyst', 'RISK_ANALYST'),
      RISK_SUPERVISOR: bearer('matrix-supervisor', 'RISK_SUPERVISOR'),
      CLEARANCE_SYSTEM: bearer('matrix-clearance', 'CLEARANCE_SYSTEM'),
      AUDITOR: bearer('matrix-auditor', 'AUDITOR'),
      NONE: null,
    };
    const READ: Role[] = ['RISK_ANALYST', 'RISK_SUPERVISOR', 'AUDITOR'];
    const endpoints: { method: 'get' | 'post'; path: string; body?: object; allowed: Role[] }[] = [
      {
        method: 'post',
        path: '/v1/risk-assessments',
        body: aDeclaration({ declarationId: `MATRIX-${runId}` }),
        allowed: ['CLEARANCE_SYSTEM'],
      },
      {
        method: 'post',
        path: '/v1/inspection-outcomes',
        body: {
          outcomeId: `MATRIX-O-${runId}`,
          declarationId: `MATRIX-${runId}`,
          result: 'NO_FINDING',
          inspectedAt: '2026-11-24T08:00:00Z',
        },
        allowed: ['CLEARANCE_SYSTEM'],
      },
      { method: 'get', path: `/v1/risk-decisions/MATRIX-${runId}`, allowed: [...ROLES] },
      { method: 'get', path: '/v1/inspection-outcomes/unmatched', allowed: READ },
      { method: 'get', path: '/v1/rules', allowed: READ },
      { method: 'get', path: '/v1/rules/WPN-001/performance', allowed: READ },
      { method: 'get', path: '/v1/profiles', allowed: READ },
      { method: 'get', path: `/v1/rulesets/${RULESET}/versions`, allowed: READ },
      { method: 'get', path: `/v1/rulesets/${RULESET}/versions/1`, allowed: READ },
      { method: 'get', path: `/v1/rulesets/${RULESET}/versions/1/diff?against=1`, allowed: READ },
      { method: 'post', path: `/v1/rulesets/${RULESET}/versions`, body: { content: { settings: {} } }, allowed: ['RISK_ANALYST'] },
      { method: 'post', path: `/v1/rulesets/${RULESET}/versions/999/submit`, allowed: ['RISK_ANALYST'] },
      { method: 'post', path: `/v1/rulesets/${RULESET}/versions/999/approve`, allowed: ['RISK_SUPERVISOR'] },
      { method: 'post', path: `/v1/rulesets/${RULESET}/versions/999/activate`, body: {}, allowed: ['RISK_SUPERVISOR'] },
      { method: 'post', path: `/v1/rulesets/${RULESET}/versions/999/retire`, allowed: ['RISK_SUPERVISOR'] },
      { method: 'post', path: `/v1/rulesets/${RULESET}/rollback`, body: { toVersion: 999 }, allowed: ['RISK_SUPERVISOR'] },
      {
        method: 'post',
        path: `/v1/rulesets/${RULESET}/versions/1/simulations`,
        body: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' },
        allowed: ['RISK_ANALYST', 'RISK_SUPERVISOR'],
      },
      {
        method: 'post',
        path: `/v1/rulesets/${RULESET}/versions/1/trials`,
        body: aDeclaration({ declarationId: `MATRIX-T-${runId}` }),
        allowed: ['RISK_ANALYST', 'RISK_SUPERVISOR'],
      },
      { method: 'get', path: '/v1/audit-log', allowed: ['AUDITOR', 'RISK_SUPERVISOR'] },
    ];
    const cases = endpoints.flatMap((endpoint) =>
      ([...ROLES, 'NONE'] as const).map((role) => [`${endpoint.method.toUpperCase()} ${endpoint.path}`, role, endpoint] as const),
    );

    it.each(cases)('%s as %s', async (_name, role, endpoint) => {
      let call = a()[endpoint.method](endpoint.path);
      const token = tokens[role];
      if (token) call = call.set('authorization', token);
      const response = endpoint.body ? await call.send(endpoint.body) : await call;
      if (role === 'NONE') expect(response.status).toBe(401);
      else if (endpoint.allowed.includes(role)) expect([401, 403]).not.toContain(response.status);
      else expect(response.status).toBe(403);
    });

    it('keeps health and the API documentation open', async () => {
      await a().get('/health/live').expect(200);
      await a().get('/docs/openapi.json').expect(200);
    });

    it('rejects a forged token', async () => {
      // Alter the signature's first character: the last one may carry only padding bits, which decoders ignore.
      const token = bearer('mallory', 'RISK_SUPERVISOR');
      const signatureAt = token.lastIndexOf('.') + 1;
      const forged = token.slice(0, signatureAt) + (token[signatureAt] === 'A' ? 'B' : 'A') + token.slice(signatureAt + 1);
      const response = await a().get('/v1/rules').set('authorization', forged).expect(401);
      expect(response.body).toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
    });
  });

  describe('lifecycle', () => {
    it('needs four eyes, switches every running instance on activation, simulates, rolls back, and audits it all', async () => {
      const before = await assessOn(b, `GOV-${runId}-0`);
      expect(before.rulesetVersion).toBe(folder.settings.version);

      const label = `2026.12.${runId}`;
      const created = await a()
        .post(`/v1/rulesets/${RULESET}/versions`)
        .set('authorization', ANALYST)
        .send({ content: candidateContent(label, 50) })
        .expect(201);
      const version = (created.body as { version: number; status: string }).version;
      expect(created.body).toMatchObject({ status: 'DRAFT', author: 'ann', label });

      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/approve`).set('authorization', SUPERVISOR).expect(409);
      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/submit`).set('authorization', ANALYST).expect(200);
      const selfApproval = await a()
        .post(`/v1/rulesets/${RULESET}/versions/${version}/approve`)
        .set('authorization', ANALYST_AND_SUPERVISOR)
        .expect(403);
      expect(selfApproval.body).toMatchObject({ code: 'RULESET.FOUR_EYES' });
      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/approve`).set('authorization', SUPERVISOR).expect(200);

      const diff = await a()
        .get(`/v1/rulesets/${RULESET}/versions/${version}/diff`)
        .query({ against: 1 })
        .set('authorization', AUDITOR)
        .expect(200);
      expect(diff.body).toMatchObject({
        rulesAdded: [],
        rulesRemoved: [],
        settingsChanged: expect.arrayContaining(['controlSampleRate', 'lanes.default.red', 'version']),
      });

      const simulation = await a()
        .post(`/v1/rulesets/${RULESET}/versions/${version}/simulations`)
        .set('authorization', ANALYST)
        .send({ from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })
        .expect(200);
      expect(simulation.body).toMatchObject({ candidate: { rulesetVersion: label }, active: { rulesetVersion: folder.settings.version } });
      expect((simulation.body as { declarations: number }).declarations).toBeGreaterThan(0);

      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/activate`).set('authorization', OTHER_SUPERVISOR).send({}).expect(200);
      // Instance B was not called: it must switch on its own, within seconds.
      const deadline = Date.now() + 10_000;
      let onB = await assessOn(b, `GOV-${runId}-1`);
      for (let i = 2; onB.rulesetVersion !== label && Date.now() < deadline; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        onB = await assessOn(b, `GOV-${runId}-${i}`);
      }
      expect(onB.rulesetVersion).toBe(label);
      expect((await assessOn(a, `GOV-${runId}-A`)).rulesetVersion).toBe(label);

      await a().post(`/v1/rulesets/${RULESET}/rollback`).set('authorization', SUPERVISOR).send({ toVersion: 1 }).expect(200);
      const rollbackDeadline = Date.now() + 10_000;
      let rolledBack = await assessOn(b, `GOV-${runId}-R0`);
      for (let i = 1; rolledBack.rulesetVersion !== folder.settings.version && Date.now() < rollbackDeadline; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        rolledBack = await assessOn(b, `GOV-${runId}-R${i}`);
      }
      expect(rolledBack.rulesetVersion).toBe(folder.settings.version);

      const versions = (await a().get(`/v1/rulesets/${RULESET}/versions`).set('authorization', AUDITOR).expect(200)).body as {
        version: number;
        status: string;
      }[];
      expect(versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'ACTIVE'],
        [version, 'RETIRED'],
      ]);

      const audit = (
        await a()
          .get('/v1/audit-log')
          .query({ entity: `ruleset:${RULESET}` })
          .set('authorization', AUDITOR)
          .expect(200)
      ).body as {
        actor: string;
        action: string;
        before: { status?: string } | null;
        after: { status?: string } | null;
      }[];
      expect(audit.map((entry) => [entry.action, entry.actor]).reverse()).toEqual([
        ['RULESET_SEEDED', 'system'],
        ['RULESET_VERSION_CREATED', 'ann'],
        ['RULESET_VERSION_SUBMIT', 'ann'],
        ['RULESET_VERSION_APPROVE', 'sam'],
        ['RULESET_VERSION_ACTIVATE', 'sue'],
        ['RULESET_VERSION_ROLLBACK', 'sam'],
      ]);
      const approval = audit.find((entry) => entry.action === 'RULESET_VERSION_APPROVE');
      expect([approval?.before?.status, approval?.after?.status]).toEqual(['SUBMITTED', 'APPROVED']);
    });

    it('activates an approved version at its scheduled time', async () => {
      const label = `2026.12.${runId}-scheduled`;
      const created = await a()
        .post(`/v1/rulesets/${RULESET}/versions`)
        .set('authorization', ANALYST)
        .send({ content: candidateContent(label) })
        .expect(201);
      const version = (created.body as { version: number }).version;
      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/submit`).set('authorization', ANALYST).expect(200);
      await a().post(`/v1/rulesets/${RULESET}/versions/${version}/approve`).set('authorization', SUPERVISOR).expect(200);
      const at = new Date(Date.now() + 2_500).toISOString();
      const scheduled = await a()
        .post(`/v1/rulesets/${RULESET}/versions/${version}/activate`)
        .set('authorization', SUPERVISOR)
        .send({ at })
        .expect(200);
      expect(scheduled.body).toMatchObject({ status: 'APPROVED', activateAt: at, scheduledBy: 'sam' });

      const deadline = Date.now() + 15_000;
      let status = 'APPROVED';
      while (status !== 'ACTIVE' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = (
          (await a().get(`/v1/rulesets/${RULESET}/versions/${version}`).set('authorization', AUDITOR).expect(200)).body as {
            status: string;
          }
        ).status;
      }
      expect(status).toBe('ACTIVE');
    });

    it('tries a DRAFT on one declaration next to the active version, storing and publishing nothing', async () => {
      const content = candidateContent(`2026.12.${runId}-trial`);
      const coffeeRule = {
        id: 'TRIAL-001',
        version: 1,
        description: 'Coffee from a new origin',
        rationale: 'A rule an analyst is writing',
        scope: 'item',
        conditions: { all: [{ fact: 'item', path: '$.hsCode', operator: 'hsPrefixIn', value: ['0901'] }] },
        event: {
          type: 'risk',
          params: { weight: 70, minimumLane: 'RED', reasonCode: 'TRIAL.COFFEE', message: 'Coffee: check the origin' },
        },
      };
      const created = await a()
        .post(`/v1/rulesets/${RULESET}/versions`)
        .set('authorization', ANALYST)
        .send({ content: { ...content, rules: [...content.rules, coffeeRule] } })
        .expect(201);
      const version = (created.body as { version: number }).version;
      const declaration = aDeclaration({
        declarationId: `GOV-${runId}-TRIAL`,
        items: [anItem({ hsCode: '0901210000', description: 'Roasted coffee' })],
      });

      const trial = await a()
        .post(`/v1/rulesets/${RULESET}/versions/${version}/trials`)
        .set('authorization', ANALYST)
        .send(declaration)
        .expect(200);
      const report = trial.body as { candidate: RiskDecision; active: RiskDecision; reasonsAdded: string[]; reasonsRemoved: string[] };
      expect(report.candidate).toMatchObject({
        declarationId: declaration.declarationId,
        lane: 'RED',
        rulesetVersion: `2026.12.${runId}-trial`,
      });
      expect(report.candidate.reasons.map((reason) => reason.code)).toContain('TRIAL.COFFEE');
      expect(report.active.reasons.map((reason) => reason.code)).not.toContain('TRIAL.COFFEE');
      expect(report.reasonsAdded).toEqual(['TRIAL.COFFEE']);
      expect(report.reasonsRemoved).toEqual([]);

      const invalid = await a()
        .post(`/v1/rulesets/${RULESET}/versions/${version}/trials`)
        .set('authorization', SUPERVISOR)
        .send({ ...declaration, items: [] })
        .expect(400);
      expect(invalid.body).toMatchObject({ code: 'INVALID_DECLARATION' });
      await a().get(`/v1/risk-decisions/${declaration.declarationId}`).set('authorization', AUDITOR).expect(404);
    });

    it('refuses an invalid ruleset, naming the rule and the problem', async () => {
      const content = candidateContent(`2026.12.${runId}-bad`);
      const broken = {
        ...content,
        rules: [{ ...content.rules[0], event: { type: 'risk', params: { weight: 500, reasonCode: 'X.Y', message: 'm' } } }],
      };
      const response = await a()
        .post(`/v1/rulesets/${RULESET}/versions`)
        .set('authorization', ANALYST)
        .send({ content: broken })
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'RULESET.INVALID',
        message: expect.stringContaining('weight must be a number from 0 to 100'),
      });
    });
  });
});
