import { NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isStorableText, storableText, type InspectionResult } from '@app/contracts';
import { toDecision, type DecisionRow } from '../../decision-row';
import {
  GetDeclarationDecisionsQuery,
  type DeclarationDecisions,
  type ReportedInspection,
  type StoredDecision,
} from './get-declaration-decisions.query';

interface StoredDecisionRow extends DecisionRow {
  channel: StoredDecision['channel'];
  inspections: { outcomeId: string; result: InspectionResult; inspectedAt: string; revenueRecovered: number }[];
}

const DECISIONS = `
  SELECT d.decision_id, d.declaration_id, d.declaration_version, d.lane, d.score, d.reasons, d.ruleset_version, d.decided_at, d.channel,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('outcomeId', o.outcome_id, 'result', o.result,
                                                       'inspectedAt', o.inspected_at, 'revenueRecovered', o.revenue_recovered)
                                    ORDER BY o.inspected_at, o.outcome_id)
                     FROM inspection_outcomes o WHERE o.decision_id = d.decision_id), '[]'::jsonb) AS inspections
    FROM risk_decisions d
   WHERE d.declaration_id = $1 AND ($2::int IS NULL OR d.declaration_version = $2)
   ORDER BY d.declaration_version`;

function toInspection(row: StoredDecisionRow['inspections'][number]): ReportedInspection {
  return {
    outcomeId: row.outcomeId,
    result: row.result,
    inspectedAt: new Date(row.inspectedAt).toISOString(),
    revenueRecovered: Number(row.revenueRecovered),
  };
}

@QueryHandler(GetDeclarationDecisionsQuery)
export class GetDeclarationDecisionsHandler implements IQueryHandler<GetDeclarationDecisionsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ declarationId, version }: GetDeclarationDecisionsQuery): Promise<DeclarationDecisions> {
    // Text no declaration can hold (NUL, unpaired surrogates) is not for the database to refuse.
    const rows = isStorableText(declarationId)
      ? await this.dataSource.query<StoredDecisionRow[]>(DECISIONS, [declarationId, version ?? null])
      : [];
    if (rows.length === 0) {
      throw new NotFoundException({
        statusCode: 404,
        code: 'DECISION.NOT_FOUND',
        message: `No decision for declaration ${storableText(declarationId)}${version === undefined ? '' : ` version ${version}`}`,
      });
    }
    return {
      declarationId,
      decisions: rows.map((row) => ({
        ...toDecision(row),
        channel: row.channel,
        inspections: row.inspections.map(toInspection),
      })),
    };
  }
}
