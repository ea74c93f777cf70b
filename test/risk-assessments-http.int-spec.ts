import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Topic, type RiskDecision } from '@app/contracts';
import { aDeclaration, anItem } from '@app/testing';
import { startEngine } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';
import { testDatabaseUrl } from './support/test-environment';

describe('POST /v1/risk-assessments', () => {
  const runId = `HTTP${randomUUID().slice(0, 8).toUpperCase()}`;
  let engine: INestApplication;
  let decisions: TopicProbe;

  beforeAll(async () => {
    engine = await startEngine();
    decisions = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
  });

  afterAll(async () => {
    await decisions?.stop();
    await engine?.close();
  });

  const post = (body: unknown) =>
    request(engine.getHttpServer())
      .post('/v1/risk-assessments')
      .send(body as object);

  it('returns the decision, stores it once and publishes it once, also when asked again', async () => {
    const declaration = aDeclaration({
      declarationId: `${runId}-1`,
      items: [anItem({ hsCode: '930320', description: 'Sporting shotguns' })],
    });
    const first = await post(declaration).expect(200);
    const body = first.body as RiskDecision;
    expect(body).toMatchObject({ declarationId: `${runId}-1`, declarationVersion: 1, lane: 'RED', rulesetVersion: '2026.11.1' });
    expect(body.reasons.map((r) => r.code)).toContain('WEAPONS.ARMS');

    const again = await post(declaration).expect(200);
    expect(again.body).toEqual(body);

    const amended = await post({ ...declaration, version: 2, items: [anItem()] }).expect(200);
    expect(amended.body).toMatchObject({ declarationId: `${runId}-1`, declarationVersion: 2 });
    expect((amended.body as RiskDecision).decisionId).not.toBe(body.decisionId);

    const published = await decisions.waitFor(2, 20_000, 1_500);
    expect(published.map((m) => (JSON.parse(m.value) as RiskDecision).declarationVersion).sort()).toEqual([1, 2]);
    expect(JSON.parse(published.find((m) => m.headers['decision-id'] === body.decisionId)?.value ?? '{}')).toEqual(body);
  });

  it('answers 409 VERSION_CONFLICT to a decided version sent again with other content, and publishes nothing for it', async () => {
    const declaration = aDeclaration({ declarationId: `${runId}-CONFLICT`, items: [anItem({ hsCode: '080390' })] });
    const ofThisDeclaration = await new TopicProbe(Topic.RiskDecisions, (m) => m.key === declaration.declarationId).start();
    const first = await post(declaration).expect(200);
    const decided = first.body as RiskDecision;

    const conflict = await post({ ...declaration, items: [anItem({ hsCode: '930320', description: 'Sporting shotguns' })] }).expect(409);
    expect(conflict.body).toMatchObject({
      statusCode: 409,
      code: 'VERSION_CONFLICT',
      decisionId: decided.decisionId,
      fields: [{ field: 'version', problems: ['version 1 was decided before with other content'] }],
    });
    expect((conflict.body as { message: string }).message).toContain(`Declaration ${runId}-CONFLICT version 1 was decided before`);
    // The same content again still gets its decision.
    await post(declaration).expect(200, decided);

    const published = await ofThisDeclaration.waitFor(1, 20_000, 2_000);
    await ofThisDeclaration.stop();
    expect(published.map((m) => m.headers['decision-id'])).toEqual([decided.decisionId]);
  });

  it('lists the stored decisions of a declaration, oldest version first, with their channel and inspection outcomes', async () => {
    const declarationId = `${runId}-LOOKUP`;
    const declaration = aDeclaration({ declarationId });
    const first = (await post(declaration).expect(200)).body as RiskDecision;
    const amended = (await post({ ...declaration, version: 2 }).expect(200)).body as RiskDecision;
    const outcome = {
      outcomeId: `${runId}-LOOKUP-OUT`,
      declarationId,
      declarationVersion: 1,
      result: 'SEIZURE',
      inspectedAt: '2026-11-24T14:00:00Z',
      revenueRecovered: 1250.5,
    };
    await request(engine.getHttpServer())
      .post('/v1/inspection-outcomes')
      .send(outcome)
      .expect(202, { outcomeId: outcome.outcomeId, recorded: true, matched: true });
    const get = (path: string) => request(engine.getHttpServer()).get(path);

    const inspected = {
      outcomeId: outcome.outcomeId,
      result: 'SEIZURE',
      inspectedAt: '2026-11-24T14:00:00.000Z',
      revenueRecovered: 1250.5,
    };
    await get(`/v1/risk-decisions/${declarationId}`).expect(200, {
      declarationId,
      decisions: [
        { ...first, channel: 'HTTP', inspections: [inspected] },
        { ...amended, channel: 'HTTP', inspections: [] },
      ],
    });
    await get(`/v1/risk-decisions/${declarationId}?version=2`).expect(200, {
      declarationId,
      decisions: [{ ...amended, channel: 'HTTP', inspections: [] }],
    });
    const missing = await get(`/v1/risk-decisions/${declarationId}?version=3`).expect(404);
    expect(missing.body).toMatchObject({ code: 'DECISION.NOT_FOUND', message: `No decision for declaration ${declarationId} version 3` });
    const unknown = await get(`/v1/risk-decisions/${runId}-NEVER-SENT`).expect(404);
    expect(unknown.body).toMatchObject({ code: 'DECISION.NOT_FOUND' });
    const unstorable = await get(`/v1/risk-decisions/${runId}%00`).expect(404);
    expect(unstorable.body).toMatchObject({ code: 'DECISION.NOT_FOUND', message: `No decision for declaration ${runId}\ufffd` });
    const badVersion = await get(`/v1/risk-decisions/${declarationId}?version=0`).expect(400);
    expect(badVersion.body).toMatchObject({ fields: [{ field: 'version', problems: ['must be a whole number from 1'] }] });
  });

  /**
   * The shipped ruleset's importer-history horizon is 1 (only "first-time importer" reads the
   * count). Once an importer's count has been read at 2 or more, it is scored from memory: the
   * test rewrites the count in the database, and only a lookup would see the rewrite.
   */
  it('reads history for a new importer and scores an established one without a lookup', async () => {
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const lodge = async (importerId: string, n: number) => {
        const declaration = aDeclaration({
          declarationId: `${runId}-${importerId}-${n}`,
          importer: { id: `${runId}-${importerId}`, name: 'Importer', aeo: false },
        });
        const response = await post(declaration).expect(200);
        return (response.body as RiskDecision).reasons.map((reason) => reason.code).includes('TRADER.FIRST_TIME_IMPORTER');
      };
      const forget = (importerId: string) =>
        db.query('UPDATE importer_history SET declarations = 0 WHERE importer_id = $1', [`${runId}-${importerId}`]);

      // Established: counts read 0, 1, 2; from 2 on (past the horizon for any version) no lookup.
      expect([await lodge('EST', 1), await lodge('EST', 2), await lodge('EST', 3)]).toEqual([true, false, false]);
      await forget('EST');
      expect(await lodge('EST', 4)).toBe(false);

      // Not yet established: count read 1 is not past the horizon for a later version, so it is read again.
      expect([await lodge('NEW', 1), await lodge('NEW', 2)]).toEqual([true, false]);
      await forget('NEW');
      expect(await lodge('NEW', 3)).toBe(true);
    } finally {
      await db.end();
    }
  });

  it('answers 400 naming every failing field', async () => {
    const response = await post({ declarationId: `${runId}-bad`, type: 'IMPORT', items: [{ lineNo: 1, hsCode: 'ABC' }] }).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'INVALID_DECLARATION' });
    const fields = (response.body as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['submittedAt', 'officeCode', 'items[0].hsCode']));
  });

  it('answers 400 to a body that is not JSON', async () => {
    await request(engine.getHttpServer())
      .post('/v1/risk-assessments')
      .set('content-type', 'application/json')
      .send('{"declarationId": ')
      .expect(400)
      .expect((response) => expect(response.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' }));
  });

  it('answers 400 MALFORMED_JSON to an empty JSON body and to one that would set a prototype', async () => {
    const send = (body: string) =>
      request(engine.getHttpServer()).post('/v1/risk-assessments').set('content-type', 'application/json').send(body).expect(400);
    expect((await send('')).body).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringContaining('The body is empty') });
    expect((await send('{"__proto__": {"lane": "GREEN"}}')).body).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('answers 415 to a body that is not JSON by its content type', async () => {
    const response = await request(engine.getHttpServer())
      .post('/v1/risk-assessments')
      .set('content-type', 'application/xml')
      .send('<declaration/>')
      .expect(415);
    expect(response.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 413 to a body over 256 KiB', async () => {
    const huge = aDeclaration({ declarationId: `${runId}-huge`, items: [anItem({ description: 'x'.repeat(300 * 1024) })] });
    const response = await post(huge).expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 256 KiB' });
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(engine.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(Object.keys((response.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/v1/risk-assessments', '/health/ready']),
    );
    const declaration = (
      response.body as { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } }
    ).components.schemas.DeclarationDto;
    expect(declaration?.properties.importer).toEqual({ $ref: '#/components/schemas/ImporterDto' });
    expect(declaration?.properties.conveyance).toEqual({ $ref: '#/components/schemas/ConveyanceDto' });
    expect(declaration?.required).not.toContain('importer');
  });
});
