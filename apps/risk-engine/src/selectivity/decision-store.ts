import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Topic, type Declaration, type RiskDecision } from '@app/contracts';
import { HistoryRepository } from '@app/persistence';
import { enqueueOutbox, recordDeadLetters, type OutboxRow } from '../outbox/outbox-writer';
import type { DecisionChannel, RejectedMessage } from './commands/assess-declarations/assess-declarations.command';

interface DecisionRow {
  decision_id: string;
  declaration_id: string;
  declaration_version: number;
  lane: RiskDecision['lane'];
  score: string;
  reasons: RiskDecision['reasons'];
  ruleset_version: string;
  decided_at: Date;
}

/** What a batch left behind: every declaration's stored decision, and what was new in this batch. */
export interface RecordedBatch {
  /** The stored decision of every declaration, in input order (an earlier one where it was decided before). */
  decisions: RiskDecision[];
  /** Decisions stored by this batch (not decided before). */
  fresh: RiskDecision[];
  /** Rejection codes of the messages this batch dead-lettered for the first time. */
  deadLettered: string[];
}

function toDecision(row: DecisionRow): RiskDecision {
  return {
    decisionId: row.decision_id,
    declarationId: row.declaration_id,
    declarationVersion: row.declaration_version,
    lane: row.lane,
    score: Number(row.score),
    reasons: row.reasons,
    rulesetVersion: row.ruleset_version,
    decidedAt: row.decided_at.toISOString(),
  };
}

/**
 * Persists decisions, the declarations they answer, dead letters, and the outbox messages that
 * announce them, in one transaction. A declaration version already decided keeps its first
 * decision and gets no second outbox message; a dead letter is recorded once per source offset.
 */
@Injectable()
export class DecisionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    declarations: Declaration[],
    decisions: RiskDecision[],
    rejected: RejectedMessage[],
    channel: DecisionChannel,
    correlationIds: readonly string[] = [],
  ): Promise<RecordedBatch> {
    const firstDeclarations: Declaration[] = [];
    const firstDecisions: RiskDecision[] = [];
    const seen = new Set<string>();
    for (const [index, decision] of decisions.entries()) {
      const declaration = declarations[index];
      if (!declaration) throw new Error(`decision ${decision.decisionId} has no declaration`);
      if (seen.has(decision.decisionId)) continue;
      seen.add(decision.decisionId);
      firstDeclarations.push(declaration);
      firstDecisions.push(decision);
    }
    return this.dataSource.transaction(async (manager) => {
      const outbox: OutboxRow[] = [];
      const fresh: RiskDecision[] = [];
      let stored = new Map<string, RiskDecision>();
      const history = new HistoryRepository(manager);
      let newFirstVersions = new Map<string, number>();
      if (firstDecisions.length > 0) {
        newFirstVersions = await history.insertDeclarations(firstDeclarations);
        const inserted = await this.insertDecisions(manager, firstDecisions, channel);
        stored = await this.loadStored(manager, decisions, inserted);
        const decided = firstDecisions.filter((decision) => inserted.has(decision.decisionId)).map((decision) => decision.declarationId);
        await history.linkPendingOutcomes(decided);
        for (const [index, decision] of decisions.entries()) {
          if (inserted.has(decision.decisionId)) {
            const correlationId = correlationIds[index];
            outbox.push({
              topic: Topic.RiskDecisions,
              key: decision.declarationId,
              payload: JSON.stringify(decision),
              headers: {
                'decision-id': decision.decisionId,
                'ruleset-version': decision.rulesetVersion,
                ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
              },
            });
            fresh.push(decision);
            inserted.delete(decision.decisionId);
          }
        }
      }
      const deadLetters = await recordDeadLetters(manager, rejected, Topic.DeclarationsDeadLetter);
      outbox.push(...deadLetters);
      await enqueueOutbox(manager, outbox);
      // Last: importer counts are the rows concurrent batches share; their locks are held only until commit.
      await history.countImporterDeclarations(newFirstVersions);
      return {
        decisions: decisions.map((decision) => stored.get(decision.decisionId) ?? decision),
        fresh,
        deadLettered: deadLetters.map((message) => message.headers['rejection-code'] ?? 'UNKNOWN'),
      };
    });
  }

  /** Inserts new decisions; returns the ids actually inserted (not decided before). */
  private async insertDecisions(manager: EntityManager, decisions: RiskDecision[], channel: DecisionChannel): Promise<Set<string>> {
    const rows = await manager.query<{ decision_id: string }[]>(
      `INSERT INTO risk_decisions
         (decision_id, declaration_id, declaration_version, lane, score, reasons, ruleset_version, decided_at, channel)
       SELECT d.*, $9::text FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::numeric[], $6::jsonb[], $7::text[], $8::timestamptz[]) AS d
       ON CONFLICT DO NOTHING
       RETURNING decision_id`,
      [
        decisions.map((d) => d.decisionId),
        decisions.map((d) => d.declarationId),
        decisions.map((d) => d.declarationVersion),
        decisions.map((d) => d.lane),
        decisions.map((d) => d.score),
        decisions.map((d) => JSON.stringify(d.reasons)),
        decisions.map((d) => d.rulesetVersion),
        decisions.map((d) => d.decidedAt),
        channel,
      ],
    );
    return new Set(rows.map((row) => row.decision_id));
  }

  /** The first decision stored for every declaration version that was decided before. */
  private async loadStored(manager: EntityManager, decisions: RiskDecision[], inserted: Set<string>): Promise<Map<string, RiskDecision>> {
    const earlier = [...new Set(decisions.map((d) => d.decisionId).filter((id) => !inserted.has(id)))];
    if (earlier.length === 0) return new Map();
    const rows = await manager.query<DecisionRow[]>(
      `SELECT decision_id, declaration_id, declaration_version, lane, score, reasons, ruleset_version, decided_at
       FROM risk_decisions WHERE decision_id = ANY($1::uuid[])`,
      [earlier],
    );
    return new Map(rows.map((row) => [row.decision_id, toDecision(row)]));
  }
}
