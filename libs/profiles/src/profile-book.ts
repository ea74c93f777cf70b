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
const SEP = '\u0001';

/**
 * Inspection and seizure history folded into per-key evidence for every profile dimension.
 * Updated incrementally (one `record` per outcome); reads never block writes.
 */
export class ProfileBook {
  private readonly evidence = new Map<string, Evidence>();
  private readonly overall = new Evidence();
  private readonly importerDeclarations = new Map<string, Set<string>>();

  constructor(readonly options: ProfileBookOptions) {}

  get size(): number {
    return this.evidence.size;
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
    const seen = new Set<string>();
    for (const item of declaration.items) {
      for (const dimension of PROFILE_DIMENSIONS) {
        const key = dimension.keyOf(declaration, item);
        if (key === null) continue;
        const id = `${dimension.name}${SEP}${key}`;
        if (seen.has(id)) continue; // a declaration counts once per key, however many items share it
        seen.add(id);
        let evidence = this.evidence.get(id);
        if (!evidence) {
          evidence = new Evidence();
          this.evidence.set(id, evidence);
        }
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
    const atMs = at.getTime();
    const { halfLifeDays, priorStrength } = this.options;
    const baseLogit = logit(baseRate);
    const indicators: Indicator[] = [];
    for (const dimension of PROFILE_DIMENSIONS) {
      const key = dimension.keyOf(declaration, item);
      if (key === null) continue;
      const evidence = this.evidence.get(`${dimension.name}${SEP}${key}`);
      const weighted = evidence ? evidence.at(atMs, halfLifeDays) : { inspections: 0, hits: 0 };
      const hitRate = (weighted.hits + priorStrength * baseRate) / (weighted.inspections + priorStrength);
      indicators.push({
        dimension,
        key,
        weightedInspections: weighted.inspections,
        weightedHits: weighted.hits,
        inspections: evidence?.totalInspections ?? 0,
        hits: evidence?.totalHits ?? 0,
        seizures: evidence?.totalSeizures ?? 0,
        revenueRecovered: evidence?.revenueRecovered ?? 0,
        lastHitAt: evidence && evidence.lastHitMs > 0 ? new Date(evidence.lastHitMs).toISOString() : null,
        hitRate,
        lift: logit(hitRate) - baseLogit,
      });
    }
    return indicators;
  }

  /** Every indicator of one dimension (or all), for listing; cheap to iterate, not sorted. */
  *list(at: Date, dimensionName?: string): Generator<Indicator> {
    const baseRate = this.baseRate(at);
    const baseLogit = logit(baseRate);
    const atMs = at.getTime();
    const { halfLifeDays, priorStrength } = this.options;
    const dimensions = new Map(PROFILE_DIMENSIONS.map((dimension) => [dimension.name, dimension]));
    for (const [id, evidence] of this.evidence) {
      const separator = id.indexOf(SEP);
      const name = id.slice(0, separator);
      if (dimensionName !== undefined && name !== dimensionName) continue;
      const dimension = dimensions.get(name);
      if (!dimension) continue;
      const weighted = evidence.at(atMs, halfLifeDays);
      const hitRate = (weighted.hits + priorStrength * baseRate) / (weighted.inspections + priorStrength);
      yield {
        dimension,
        key: id.slice(separator + 1),
        weightedInspections: weighted.inspections,
        weightedHits: weighted.hits,
        inspections: evidence.totalInspections,
        hits: evidence.totalHits,
        seizures: evidence.totalSeizures,
        revenueRecovered: evidence.revenueRecovered,
        lastHitAt: evidence.lastHitMs > 0 ? new Date(evidence.lastHitMs).toISOString() : null,
        hitRate,
        lift: logit(hitRate) - baseLogit,
      };
    }
  }
}
