import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Topic, type Declaration, type RiskDecision } from '@app/contracts';
import { HISTORY_CHANNEL, preparedSql, type SqlRunner } from '@app/persistence';
import { OUTBOX_CHANNEL, enqueueOutbox, recordDeadLetters } from '../outbox/outbox-writer';
import type { DecisionChannel, RejectedMessage } from './commands/assess-declarations/assess-declarations.command';
import { toDecision, type DecisionRow } from './decision-row';

/** What a batch left behind: every declaration's stored decision, and what was new in this batch. */
export interface RecordedBatch {
  /** The stored decision of every declaration, in input order (an earlier one where it was decided before). */
  decisions: RiskDecision[];
  /** Decisions stored by this batch (not decided before). */
  fresh: RiskDecision[];
  /** Rejection codes of the messages this batch dead-lettered for the first time. */
  deadLettered: string[];
  /** Positions of the declarations whose version was decided before on other content (version conflicts). */
  conflicts: number[];
}

/**
 * Records a batch's first decisions in one statement, one round trip and one commit: the
 * declarations, the decisions not stored before, one outbox message per new decision, the
 * links from outcomes that arrived before their declaration was decided, and the importer
 * counts. Data-modifying CTEs all see the statement's snapshot, so the outcome links read the
 * new decisions from `decided`, not from the table.
 *
 * Concurrent batches (Kafka partitions, HTTP batches) may share declarations (a redelivery racing
 * an HTTP call) and always share importers. Each batch takes its row locks in one order, so they
 * queue instead of deadlocking: decisions and declarations are inserted in key order, and the
 * gate on `counted` (uncorrelated subqueries, evaluated once before its first row) runs every
 * other write to completion first, so the importer rows, which every batch touches, are locked
 * last, in importer order, and held only until commit.
 */
const RECORD_DECISIONS = `
  WITH batch AS (
    SELECT b.position, (m->>'decisionId')::uuid AS decision_id, m->>'declarationId' AS declaration_id,
           (m->>'declarationVersion')::int AS declaration_version, m->>'lane' AS lane, (m->>'score')::numeric AS score,
           m->'reasons' AS reasons, m->>'rulesetVersion' AS ruleset_version, (m->>'decidedAt')::timestamptz AS decided_at,
           (b.declaration->>'submittedAt')::timestamptz AS submitted_at, b.declaration->>'type' AS type,
           b.declaration->>'officeCode' AS office_code, b.declaration->'importer'->>'id' AS importer_id,
           b.declaration, b.message, b.headers
      FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (declaration jsonb, headers jsonb), unnest($6::text[]))
             WITH ORDINALITY AS b(declaration, headers, message, position),
           LATERAL (SELECT b.message::jsonb AS m) AS decision
  ),
  stored_declarations AS (
    INSERT INTO declarations (declaration_id, version, submitted_at, type, office_code, importer_id, payload)
    SELECT declaration_id, declaration_version, submitted_at, type, office_code, importer_id, declaration FROM batch
    ORDER BY declaration_id, declaration_version
    ON CONFLICT DO NOTHING
    RETURNING importer_id, version
  ),
  decided AS (
    INSERT INTO risk_decisions (decision_id, declaration_id, declaration_version, lane, score, reasons, ruleset_version, decided_at, channel)
    SELECT decision_id, declaration_id, declaration_version, lane, score, reasons, ruleset_version, decided_at, $2 FROM batch
    ORDER BY decision_id
    ON CONFLICT DO NOTHING
    RETURNING decision_id, declaration_id, declaration_version
  ),
  queued AS (
    INSERT INTO outbox_messages (topic, message_key, payload, headers)
    SELECT $3, b.declaration_id, b.message, b.headers FROM batch b JOIN decided d USING (decision_id) ORDER BY b.position
    RETURNING id
  ),
  linked AS (
    UPDATE inspection_outcomes o
       SET decision_id = (SELECT d.decision_id FROM decided d
                           WHERE d.declaration_id = o.declaration_id
                             AND (o.declaration_version IS NULL OR d.declaration_version = o.declaration_version)
                           ORDER BY d.declaration_version DESC LIMIT 1)
     WHERE o.decision_id IS NULL
       AND o.declaration_id = ANY (ARRAY(SELECT declaration_id FROM decided))
       AND EXISTS (SELECT 1 FROM decided d WHERE d.declaration_id = o.declaration_id
                     AND (o.declaration_version IS NULL OR d.declaration_version = o.declaration_version))
    RETURNING o.outcome_id
  ),
  counted AS (
    INSERT INTO importer_history (importer_id, declarations)
    SELECT importer_id, count(*) FROM stored_declarations
     WHERE importer_id IS NOT NULL AND version = 1
       AND (SELECT count(*) FROM decided) >= 0 AND (SELECT count(*) FROM queued) >= 0 AND (SELECT count(*) FROM linked) >= 0
     GROUP BY importer_id ORDER BY importer_id
    ON CONFLICT (importer_id) DO UPDATE SET declarations = importer_history.declarations + EXCLUDED.declarations
    RETURNING importer_id
  )
  SELECT ARRAY(SELECT decision_id::text FROM decided) AS decided,
         (SELECT count(pg_notify($4, 'outcome:' || outcome_id)) FROM linked) AS linked,
         (SELECT count(*) FROM counted) AS importers,
         CASE WHEN EXISTS (SELECT 1 FROM queued) THEN pg_notify($5, '') END AS relay_woken`;

/**
 * Persists decisions, the declarations they answer, dead letters, and the outbox messages that
 * announce them. A declaration version already decided keeps its first decision and gets no
 * second outbox message; a dead letter is recorded once per source offset. Dead letters are
 * written first, in their own transaction: both writes are idempotent, and the Kafka offsets are
 * committed only after both, so a crash between them replays the batch without loss or duplicate.
 * A declaration whose version was stored before with other content is reported as a conflict
 * (compared as JSON values, so key order and number spelling do not count).
 */
@Injectable()
export class DecisionStore {
  /** RECORD_DECISIONS takes PostgreSQL about as long to plan as to run, so it is prepared once per connection. */
  private readonly prepared: SqlRunner;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.prepared = preparedSql(dataSource);
  }

  async record(
    declarations: Declaration[],
    decisions: RiskDecision[],
    rejected: RejectedMessage[],
    channel: DecisionChannel,
    correlationIds: readonly string[] = [],
  ): Promise<RecordedBatch> {
    const deadLettered = rejected.length > 0 ? await this.recordRejected(rejected) : [];
    const first = new Map<string, number>();
    for (const [index, decision] of decisions.entries()) {
      if (!declarations[index]) throw new Error(`decision ${decision.decisionId} has no declaration`);
      if (!first.has(decision.decisionId)) first.set(decision.decisionId, index);
    }
    const inserted =
      first.size > 0 ? await this.insertFirst([...first.values()], declarations, decisions, channel, correlationIds) : new Set<string>();
    const stored = await this.loadStored(decisions, inserted);
    const isFresh = (decision: RiskDecision, index: number) =>
      inserted.has(decision.decisionId) && first.get(decision.decisionId) === index;
    const repeated = decisions.flatMap((decision, index) => (isFresh(decision, index) ? [] : [index]));
    return {
      decisions: decisions.map((decision) => stored.get(decision.decisionId) ?? decision),
      fresh: decisions.filter(isFresh),
      deadLettered,
      conflicts: repeated.length > 0 ? await this.findConflicts(repeated, declarations) : [],
    };
  }

  /** Dead-letters messages refused after scoring (version conflicts), once per source offset; returns the codes of those new. */
  deadLetter(rejected: RejectedMessage[]): Promise<string[]> {
    return rejected.length > 0 ? this.recordRejected(rejected) : Promise.resolve([]);
  }

  /** Dead-letters rejected messages (once per source offset); returns the rejection codes of those new. */
  private recordRejected(rejected: RejectedMessage[]): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const deadLetters = await recordDeadLetters(manager, rejected, Topic.DeclarationsDeadLetter);
      await enqueueOutbox(manager, deadLetters);
      return deadLetters.map((message) => message.headers['rejection-code'] ?? 'UNKNOWN');
    });
  }

  /** Records the first decision of each declaration version (positions into the batch); returns the ids inserted. */
  private async insertFirst(
    positions: number[],
    declarations: Declaration[],
    decisions: RiskDecision[],
    channel: DecisionChannel,
    correlationIds: readonly string[],
  ): Promise<Set<string>> {
    // One jsonb document for the batch's declarations and headers, parsed once by PostgreSQL,
    // and the decision messages as text, which go to the outbox as they are and are parsed once
    // for the decision's columns. (As one json document, PostgreSQL lexed each declaration three
    // times and each decision four: the json input check, json_to_recordset, and each column's
    // own input.) The two go side by side (ROWS FROM), never by subscript: reading element i of
    // a text[] walks the i elements before it, which made the statement quadratic in the batch.
    const messages: string[] = [];
    const batch = positions.map((index) => {
      const decision = decisions[index]!;
      const correlationId = correlationIds[index];
      messages.push(JSON.stringify(decision));
      return {
        declaration: declarations[index]!,
        headers: {
          'decision-id': decision.decisionId,
          'ruleset-version': decision.rulesetVersion,
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
        },
      };
    });
    const [result] = await this.prepared.query<{ decided: string[] }[]>(RECORD_DECISIONS, [
      JSON.stringify(batch),
      channel,
      Topic.RiskDecisions,
      HISTORY_CHANNEL,
      OUTBOX_CHANNEL,
      messages,
    ]);
    return new Set(result?.decided ?? []);
  }

  /**
   * Of the declarations at `positions`, whose versions were stored before (by an earlier batch or
   * earlier in this one), those whose stored content differs. The stored payload is the validated
   * declaration as JSON, the same form this batch's declarations take.
   */
  private async findConflicts(positions: number[], declarations: Declaration[]): Promise<number[]> {
    const rows = await this.dataSource.query<{ position: number }[]>(
      `SELECT s.position
         FROM jsonb_to_recordset($1::jsonb) AS s(position int, payload jsonb)
         JOIN declarations d ON d.declaration_id = s.payload->>'declarationId' AND d.version = (s.payload->>'version')::int
        WHERE d.payload <> s.payload
        ORDER BY s.position`,
      [JSON.stringify(positions.map((position) => ({ position, payload: declarations[position] })))],
    );
    return rows.map((row) => row.position);
  }

  /** The first decision stored for every declaration version that was decided before. */
  private async loadStored(decisions: RiskDecision[], inserted: Set<string>): Promise<Map<string, RiskDecision>> {
    const earlier = [...new Set(decisions.map((d) => d.decisionId).filter((id) => !inserted.has(id)))];
    if (earlier.length === 0) return new Map();
    const rows = await this.dataSource.query<DecisionRow[]>(
      `SELECT decision_id, declaration_id, declaration_version, lane, score, reasons, ruleset_version, decided_at
       FROM risk_decisions WHERE decision_id = ANY($1::uuid[])`,
      [earlier],
    );
    return new Map(rows.map((row) => [row.decision_id, toDecision(row)]));
  }
}
