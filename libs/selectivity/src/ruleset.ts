import type { DeclarationType, Lane } from '@app/contracts';
import type { FeedbackSettings, ProfileSettings } from '@app/profiles';

/** Weight, mandatory lane and officer-facing wording carried by a rule's event. */
export interface RuleEventParams {
  /** Score contribution, 0 to 100. */
  weight: number;
  /** Mandatory selection: the decision's lane is never lower than this. */
  minimumLane?: Lane;
  reasonCode: string;
  message: string;
  /** Range within which feedback may recalibrate the weight; default half to one and a half times it. */
  weightBounds?: { min: number; max: number };
}

export type RuleScope = 'declaration' | 'item';

/** A json-rules-engine condition tree, as written in the rule files. */
export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | { fact: string; operator: string; value: unknown; path?: string };

/** A risk profile authored by a risk manager: one rule in json-rules-engine form plus metadata. */
export interface RuleDefinition {
  id: string;
  version: number;
  description: string;
  rationale: string;
  scope: RuleScope;
  priority?: number;
  /** In force from this instant (ISO-8601, inclusive), judged on the declaration's submittedAt. */
  validFrom?: string;
  /** In force until this instant (exclusive). */
  validTo?: string;
  conditions: { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
  event: { type: 'risk'; params: RuleEventParams };
}

export interface LaneThresholds {
  /** Score at or above which the lane is RED. */
  red: number;
  yellow: number;
  blue: number;
}

export interface ReferenceUnitValue {
  /** Plausible customs value per kg, in the ruleset's reference currency. */
  minPerKg: number;
  maxPerKg: number;
}

/** Settings versioned together with the rules. */
export interface RulesetSettings {
  version: string;
  referenceCurrency: string;
  lanes: {
    default: LaneThresholds;
    byType?: Partial<Record<DeclarationType, LaneThresholds>>;
    byOffice?: Record<string, LaneThresholds>;
  };
  /** Points taken off the score of an AEO importer before lanes are assigned. */
  aeoFacilitation: number;
  /** Share (0 to 1) of declarations selected at random as the control sample. */
  controlSampleRate: number;
  controlLane: Lane;
  lists: Record<string, string[]>;
  countryGroups: Record<string, string[]>;
  /** Keyed by HS prefix (2 to 10 digits); the longest matching prefix applies. */
  referenceUnitValues: Record<string, ReferenceUnitValue>;
  /** Review floor and weight recalibration; defaults apply when absent. */
  feedback?: FeedbackSettings;
}

export interface Ruleset {
  settings: RulesetSettings;
  rules: RuleDefinition[];
  /** How derived profiles are built and weighed (`profiles.json`), versioned with the rules. */
  profiles: ProfileSettings;
  /** The file each rule was read from (rule id -> file name), so an export lands in the same files. */
  origins?: Record<string, string>;
}

/** The range feedback may move a rule's weight within. */
export function weightBoundsOf(rule: RuleDefinition): { min: number; max: number } {
  const { weight, weightBounds } = rule.event.params;
  return weightBounds ?? { min: Math.round(weight * 50) / 100, max: Math.min(100, Math.round(weight * 150) / 100) };
}

/** Whether a rule is in force for a declaration submitted at `submittedAt`. */
export function isInForce(rule: RuleDefinition, submittedAt: string): boolean {
  const at = Date.parse(submittedAt);
  if (rule.validFrom !== undefined && at < Date.parse(rule.validFrom)) return false;
  if (rule.validTo !== undefined && at >= Date.parse(rule.validTo)) return false;
  return true;
}
