import type { Declaration, DecisionReason } from '@app/contracts';
import type { Indicator, ProfileBook } from './profile-book';
import type { ProfileSettings } from './profile-settings';

/** What a rule can read about an indicator (fact `declaration`, path `$.indicators.<dimension>`). */
export interface IndicatorFact {
  key: string;
  inspections: number;
  hits: number;
  seizures: number;
  hitRate: number;
  lift: number;
}

/** The derived-profile part of a decision. */
export interface ProfileAssessment {
  /** Estimated probability that an inspection finds something. */
  probability: number;
  baseRate: number;
  /** Score points (0 to 100) the profiles contribute: the excess risk over the base rate. */
  contribution: number;
  reasons: DecisionReason[];
  /**
   * Indicators of the riskiest item, by dimension name. Built when first read, that is for a
   * ruleset whose rules read `$.indicators`: an object of some thirty keys is costly to build
   * (V8 keeps it as a hash table), and most rulesets never read it.
   */
  readonly indicators: Record<string, IndicatorFact>;
}

/** A profile assessment whose indicator facts are built on first read, once. */
class RiskiestItemAssessment implements ProfileAssessment {
  private facts: Record<string, IndicatorFact> | undefined;

  constructor(
    readonly probability: number,
    readonly baseRate: number,
    readonly contribution: number,
    readonly reasons: DecisionReason[],
    private readonly riskiest: readonly Indicator[],
  ) {}

  get indicators(): Record<string, IndicatorFact> {
    this.facts ??= indicatorFacts(this.riskiest);
    return this.facts;
  }

  toJSON(): object {
    const { probability, baseRate, contribution, reasons, indicators } = this;
    return { probability, baseRate, contribution, reasons, indicators };
  }
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
const percent = (p: number) => `${Math.round(p * 100)}%`;
const round2 = (value: number) => Math.round(value * 100) / 100;

function message(indicator: Indicator, baseRate: number): string {
  const { inspections, hits, seizures, hitRate, lastHitAt } = indicator;
  const seized = seizures > 0 ? `, ${seizures} seizure${seizures === 1 ? '' : 's'}` : '';
  const last = lastHitAt ? `; last hit ${lastHitAt.slice(0, 10)}` : '';
  return `${indicator.dimension.describe(indicator.key)}: ${hits} hit${hits === 1 ? '' : 's'}${seized} in ${inspections} inspection${inspections === 1 ? '' : 's'}, hit rate ${percent(hitRate)} against ${percent(baseRate)} overall${last}`;
}

/** The id of an indicator as it appears in decisions (reason.ruleId of a PROFILE reason). */
export function indicatorId(dimension: string, key: string): string {
  return `${dimension}:${key}`;
}

/** Linear predictor of one item: offset + sum of weighted lifts, on the log-odds scale. */
export function profileTerms(indicators: Indicator[], settings: ProfileSettings): { term: number; indicator: Indicator }[] {
  const terms: { term: number; indicator: Indicator }[] = [];
  for (const indicator of indicators) {
    const term = (settings.weights[indicator.dimension.name] ?? 0) * indicator.lift;
    if (term !== 0) terms.push({ indicator, term });
  }
  return terms;
}

/** The facts a rule reads about the indicators of the riskiest item, by dimension name. */
function indicatorFacts(indicators: readonly Indicator[]): Record<string, IndicatorFact> {
  const facts: Record<string, IndicatorFact> = {};
  for (const indicator of indicators) {
    facts[indicator.dimension.name] = {
      key: indicator.key,
      inspections: indicator.inspections,
      hits: indicator.hits,
      seizures: indicator.seizures,
      hitRate: indicator.hitRate,
      lift: indicator.lift,
    };
  }
  return facts;
}

/**
 * Scores a declaration against the derived profiles: for each item, the base rate's log-odds
 * plus the weighted lifts of its indicators; the riskiest item speaks for the declaration.
 * The contribution is the excess risk over the base rate, 100 * (p - p0) / (1 - p0), and is
 * split over the indicators that raised it, most important first (see ADR 0006).
 */
export function assessProfiles(book: ProfileBook, settings: ProfileSettings, declaration: Declaration, at: Date): ProfileAssessment {
  const baseRate = book.baseRate(at);
  let best: { probability: number; terms: { term: number; indicator: Indicator }[]; indicators: Indicator[] } | null = null;
  const baseLogit = logit(baseRate);
  for (const indicators of book.indicatorsOfItems(declaration, at, baseRate)) {
    const terms = profileTerms(indicators, settings);
    let sum = 0;
    for (const { term } of terms) sum += term;
    const z = baseLogit + settings.offset + sum;
    const probability = sigmoid(z);
    if (!best || probability > best.probability) best = { probability, terms, indicators };
  }
  if (!best) return { probability: baseRate, baseRate, contribution: 0, reasons: [], indicators: {} };

  const contribution = round2(Math.max(0, Math.min(100, (100 * (best.probability - baseRate)) / (1 - baseRate))));
  const raising = best.terms.filter(({ term }) => term > 0).sort((a, b) => b.term - a.term);
  const total = raising.reduce((sum, { term }) => sum + term, 0);
  const reasons: DecisionReason[] = [];
  if (contribution > 0 && total > 0) {
    for (const { term, indicator } of raising.slice(0, settings.maxReasons)) {
      const share = round2((contribution * term) / total);
      if (share < 0.5) continue;
      reasons.push({
        source: 'PROFILE',
        code: `PROFILE.${indicator.dimension.code}`,
        // For a PROFILE reason, ruleId names the indicator: "<dimension>:<key>".
        ruleId: indicatorId(indicator.dimension.name, indicator.key),
        ruleVersion: null,
        contribution: share,
        message: message(indicator, baseRate),
      });
    }
  }
  return new RiskiestItemAssessment(best.probability, baseRate, contribution, reasons, best.indicators);
}
