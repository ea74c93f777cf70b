import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LANES, type Declaration, type Lane } from '@app/contracts';
import type { SelectivityEngine } from '@app/selectivity';
import { GovernanceError } from '@app/governance';
import { RiskContextReader } from '../../selectivity/risk-context.reader';
import { ActiveRuleset } from '../../selectivity/active-ruleset';

const MAX_DECLARATIONS = 50_000;
const MAX_CHANGES_LISTED = 500;

export interface SelectionFigures {
  rulesetVersion: string;
  lanes: Record<Lane, number>;
  /** Physical inspections (RED), documentary checks (YELLOW), post-release audits (BLUE). */
  workload: { physical: number; documentary: number; audit: number };
  /** Among selected (RED or YELLOW) declarations with a recorded outcome. */
  inspectedWithOutcome: number;
  hits: number;
  hitRate: number | null;
}

export interface SimulationReport {
  period: { from: string; to: string };
  declarations: number;
  candidate: SelectionFigures;
  active: SelectionFigures;
  laneChanges: {
    total: number;
    listed: {
      declarationId: string;
      version: number;
      activeLane: Lane;
      candidateLane: Lane;
      activeScore: number;
      candidateScore: number;
    }[];
  };
}

/**
 * Runs a ruleset version over the declarations stored for a period, next to the active version,
 * with the same history context, and reports what would change before anyone activates it.
 */
@Injectable()
export class RulesetSimulation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RiskContextReader,
    private readonly active: ActiveRuleset,
  ) {}

  async run(candidateEngine: SelectivityEngine, from: Date, to: Date): Promise<SimulationReport> {
    if (!(from < to)) throw new GovernanceError('SIMULATION.INVALID_PERIOD', 'from must be before to', 400);
    const rows = await this.dataSource.query<{ payload: Declaration; result: string | null }[]>(
      `SELECT DISTINCT ON (d.declaration_id) d.payload,
              (SELECT o.result FROM inspection_outcomes o WHERE o.declaration_id = d.declaration_id ORDER BY o.inspected_at DESC LIMIT 1) AS result
       FROM declarations d WHERE d.submitted_at >= $1 AND d.submitted_at < $2
       ORDER BY d.declaration_id, d.version DESC LIMIT $3`,
      [from, to, MAX_DECLARATIONS + 1],
    );
    if (rows.length > MAX_DECLARATIONS) {
      throw new GovernanceError(
        'SIMULATION.TOO_LARGE',
        `The period holds more than ${MAX_DECLARATIONS} declarations; simulate a shorter period`,
        400,
      );
    }
    const activeEngine = this.active.current;
    const declarations = rows.map((row) => row.payload);
    const contexts = await this.context.contextsFor(declarations, to);
    const figures = () => ({ lanes: Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>, inspected: 0, hits: 0 });
    const candidateFigures = figures();
    const activeFigures = figures();
    const changes: SimulationReport['laneChanges']['listed'] = [];
    let changed = 0;
    for (const [index, declaration] of declarations.entries()) {
      const at = new Date(declaration.submittedAt);
      const context = contexts[index];
      const [withCandidate, withActive] = [
        await candidateEngine.assess(declaration, at, context),
        await activeEngine.assess(declaration, at, context),
      ];
      const result = rows[index]?.result ?? null;
      for (const [tally, decision] of [
        [candidateFigures, withCandidate],
        [activeFigures, withActive],
      ] as const) {
        tally.lanes[decision.lane] += 1;
        if ((decision.lane === 'RED' || decision.lane === 'YELLOW') && result) {
          tally.inspected += 1;
          if (result !== 'NO_FINDING') tally.hits += 1;
        }
      }
      if (withCandidate.lane !== withActive.lane) {
        changed += 1;
        if (changes.length < MAX_CHANGES_LISTED) {
          changes.push({
            declarationId: declaration.declarationId,
            version: declaration.version,
            activeLane: withActive.lane,
            candidateLane: withCandidate.lane,
            activeScore: withActive.score,
            candidateScore: withCandidate.score,
          });
        }
      }
    }
    const summarise = (version: string, tally: ReturnType<typeof figures>): SelectionFigures => ({
      rulesetVersion: version,
      lanes: tally.lanes,
      workload: { physical: tally.lanes.RED, documentary: tally.lanes.YELLOW, audit: tally.lanes.BLUE },
      inspectedWithOutcome: tally.inspected,
      hits: tally.hits,
      hitRate: tally.inspected > 0 ? tally.hits / tally.inspected : null,
    });
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      declarations: declarations.length,
      candidate: summarise(candidateEngine.rulesetVersion, candidateFigures),
      active: summarise(activeEngine.rulesetVersion, activeFigures),
      laneChanges: { total: changed, listed: changes },
    };
  }
}
