import { isHit, type Declaration, type DeclarationItem, type InspectionResult } from '@app/contracts';
import { PROFILE_DIMENSIONS, type ProfileDimension } from './dimensions';
import { Evidence } from './evidence';

/** One derived risk indicator: what history says about one key of one dimension. */
export interface Indicator {
  dimension: ProfileDimension;
  key: string;
  /** Decayed inspections and hits behind the smoothed rate. */
  weightedInspections: number;
  weightedHits: number;
  inspections: number;
  hits: number;
  seizures: number;
  revenueRecovered: number;
  lastHitAt: string | null;
  /** (hits + priorStrength * baseRate) / (inspections + priorStrength), on decayed counts. */
  hitRate: number;
  /** logit(hitRate) - logit(baseRate): how much this key moves the odds of a hit. */
  lift: number;
}

export interface ProfileBookOptions {
  halfLifeDays: number;
  priorStrength: number;
}

const logit = (p: number) => Math.log(p / (1 - p));
const NO_EVIDENCE = Object.freeze({ inspections: 0, hits: 0 });
/** (hits + priorStrength * baseRate) / (inspections + priorStrength), on decayed counts. */
const smoothedHitRate = (weighted: { inspections: number; hits: number }, priorStrength: number, baseRate: number) =>
  (weighted.hits + priorStrength * baseRate) / (weighted.inspections + priorStrength);

/** What every indicator of one assessment shares: the moment, the base rate and the settings. */
interface IndicatorBasis {
  atMs: number;
  baseRate: number;
  baseLogit: number;
  halfLifeDays: number;
  priorStrength: number;
  /** The hit rate and lift of a key without evidence, the same for every such key. */
  unseenHitRate: number;
  unseenLift: number;
}

/**
 * Inspection and seizure history folded into per-key evidence for every profile dimension.
 * Updated incrementally (one `record` per outcome); reads never block writes.
 */
export class ProfileBook {
  /** Evidence by key, one map per dimension, in PROFILE_DIMENSIONS order. */
  private readonly evidenceByDimension: Map<string, Evidence>[] = PROFILE_DIMENSIONS.map(() => new Map<string, Evidence>());
  private readonly overall = new Evidence();
  private readonly importerDeclarations = new Map<string, Set<string>>();

  constructor(readonly options: ProfileBookOptions) {}

  get size(): number {
    let size = 0;
    for (const evidence of this.evidenceByDimension) size += evidence.size;
    return size;
  }

  get recordedInspections(): number {
    return this.overall.totalInspections;
  }

  /** Records an inspection outcome (or a seizure, as a SEIZURE) for a declaration. */
  record(declaration: Declaration, result: InspectionResult, at: Date, revenueRecovered = 0): void {
    const atMs = at.getTime();
    const hit = isHit(result);
    const seizure = result === 'SEIZURE';
    const { halfLifeDays } = this.options;
    this.overall.add(atMs, hit, seizure, revenueRecovered, halfLifeDays);
    const seen = new Set<Evidence>();
    for (const item of declaration.items) {
      for (const [index, dimension] of PROFILE_DIMENSIONS.entries()) {
        const key = dimension.keyOf(declaration, item);
        const byKey = this.evidenceByDimension[index];
        if (key === null || !byKey) continue;
        let evidence = byKey.get(key);
        if (!evidence) {
          evidence = new Evidence();
          byKey.set(key, evidence);
        }
        if (seen.has(evidence)) continue; // a declaration counts once per key, however many items share it
        seen.add(evidence);
        evidence.add(atMs, hit, seizure, revenueRecovered, halfLifeDays);
      }
    }
    this.noteDeclaration(declaration);
  }

  /** Remembers that an importer lodged a declaration (history of declarations, inspected or not). */
  noteDeclaration(declaration: Declaration): void {
    const importer = declaration.importer?.id;
    if (!importer) return;
    let ids = this.importerDeclarations.get(importer);
    if (!ids) {
      ids = new Set();
      this.importerDeclarations.set(importer, ids);
    }
    ids.add(declaration.declarationId);
  }

  /** Earlier declarations (distinct ids, other than this one) of the declaration's importer. */
  priorDeclarationsOf(declaration: Declaration): number | null {
    const importer = declaration.importer?.id;
    if (!importer) return null;
    const ids = this.importerDeclarations.get(importer);
    if (!ids) return 0;
    return ids.size - (ids.has(declaration.declarationId) ? 1 : 0);
  }

  /** Share of inspections that found something, decayed, with a weak uniform prior. */
  baseRate(at: Date): number {
    const { inspections, hits } = this.overall.at(at.getTime(), this.options.halfLifeDays);
    return (hits + 1) / (inspections + 2);
  }

  /** Indicators for every dimension on which the declaration and item have a key. */
  indicators(declaration: Declaration, item: DeclarationItem, at: Date, baseRate = this.baseRate(at)): Indicator[] {
    const basis = this.basis(at, baseRate);
    const indicators: Indicator[] = [];
    for (const [index, dimension] of PROFILE_DIMENSIONS.entries()) {
      const key = dimension.keyOf(declaration, item);
      if (key !== null) indicators.push(this.indicator(index, dimension, key, basis));
    }
    return indicators;
  }

  /**
   * The indicators of each item of a declaration, as `indicators` gives them item by item. A
   * dimension of the declaration alone (importer, office, routing...) is looked up once, and its
   * indicator is shared by every item's list: treat the indicators as read-only.
   */
  indicatorsOfItems(declaration: Declaration, at: Date, baseRate = this.baseRate(at)): Indicator[][] {
    const basis = this.basis(at, baseRate);
    const first = declaration.items[0];
    const shared: (Indicator | null)[] = PROFILE_DIMENSIONS.map((dimension, index) => {
      if (dimension.scope !== 'declaration' || first === undefined) return null;
      const key = dimension.keyOf(declaration, first);
      return key === null ? null : this.indicator(index, dimension, key, basis);
    });
    return declaration.items.map((item) => {
      const indicators: Indicator[] = [];
      for (const [index, dimension] of PROFILE_DIMENSIONS.entries()) {
        if (dimension.scope === 'declaration') {
          const indicator = shared[index];
          if (indicator) indicators.push(indicator);
          continue;
        }
        const key = dimension.keyOf(declaration, item);
        if (key !== null) indicators.push(this.indicator(index, dimension, key, basis));
      }
      return indicators;
    });
  }

  private basis(at: Date, baseRate: number): IndicatorBasis {
    const { halfLifeDays, priorStrength } = this.options;
    const baseLogit = logit(baseRate);
    const unseenHitRate = smoothedHitRate(NO_EVIDENCE, priorStrength, baseRate);
    return {
      atMs: at.getTime(),
      baseRate,
      baseLogit,
      halfLifeDays,
      priorStrength,
      unseenHitRate,
      unseenLift: logit(unseenHitRate) - baseLogit,
    };
  }

  private indicator(index: number, dimension: ProfileDimension, key: string, basis: IndicatorBasis): Indicator {
    const evidence = this.evidenceByDimension[index]?.get(key);
    if (!evidence) {
      return {
        dimension,
        key,
        weightedInspections: 0,
        weightedHits: 0,
        inspections: 0,
        hits: 0,
        seizures: 0,
        revenueRecovered: 0,
        lastHitAt: null,
        hitRate: basis.unseenHitRate,
        lift: basis.unseenLift,
      };
    }
    return indicatorFromEvidence(dimension, key, evidence, basis);
  }

  /** Every indicator of one dimension (or all), for listing; cheap to iterate, not sorted. */
  *list(at: Date, dimensionName?: string): Generator<Indicator> {
    const basis = this.basis(at, this.baseRate(at));
    for (const [index, dimension] of PROFILE_DIMENSIONS.entries()) {
      if (dimensionName !== undefined && dimension.name !== dimensionName) continue;
      for (const [key, evidence] of this.evidenceByDimension[index] ?? []) yield indicatorFromEvidence(dimension, key, evidence, basis);
    }
  }
}

function indicatorFromEvidence(dimension: ProfileDimension, key: string, evidence: Evidence, basis: IndicatorBasis): Indicator {
  const weighted = evidence.at(basis.atMs, basis.halfLifeDays);
  const hitRate = smoothedHitRate(weighted, basis.priorStrength, basis.baseRate);
  return {
    dimension,
    key,
    weightedInspections: weighted.inspections,
    weightedHits: weighted.hits,
    inspections: evidence.totalInspections,
    hits: evidence.totalHits,
    seizures: evidence.totalSeizures,
    revenueRecovered: evidence.revenueRecovered,
    lastHitAt: evidence.lastHitAt,
    hitRate,
    lift: logit(hitRate) - basis.baseLogit,
  };
}
