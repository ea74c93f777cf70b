import type { DeclarationType, Lane } from '@app/contracts';
import type { LaneThresholds, RulesetSettings } from './ruleset';

const LANE_RANK: Record<Lane, number> = { GREEN: 0, BLUE: 1, YELLOW: 2, RED: 3 };

/** The more demanding of two lanes (GREEN < BLUE < YELLOW < RED). */
export function higherLane(a: Lane, b: Lane): Lane {
  return LANE_RANK[a] >= LANE_RANK[b] ? a : b;
}

export function laneRank(lane: Lane): number {
  return LANE_RANK[lane];
}

/** Thresholds for a declaration: the office's own, else its type's, else the default. */
export function thresholdsFor(settings: RulesetSettings, type: DeclarationType, officeCode: string): LaneThresholds {
  return settings.lanes.byOffice?.[officeCode] ?? settings.lanes.byType?.[type] ?? settings.lanes.default;
}

export function laneForScore(score: number, thresholds: LaneThresholds): Lane {
  if (score >= thresholds.red) return 'RED';
  if (score >= thresholds.yellow) return 'YELLOW';
  if (score >= thresholds.blue) return 'BLUE';
  return 'GREEN';
}
