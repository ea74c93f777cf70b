import type { Declaration, DeclarationItem } from '@app/contracts';
import type { IndicatorFact, ProfileAssessment } from '@app/profiles';

/** Declaration-level facts a rule can read (fact name `declaration`). */
export interface DeclarationFacts extends Declaration {
  importerId: string | null;
  declarantId: string | null;
  sellerId: string | null;
  courierId: string | null;
  importerAeo: boolean;
  /** Departure country followed by the routing countries, without repeats. */
  routeCountries: string[];
  /** Every country the declaration names: departure, routing, destination, origins, seller, exporter. */
  allCountries: string[];
  originCountries: string[];
  /** Number of transit countries declared in routing. */
  routingCount: number;
  hsCodes: string[];
  itemCount: number;
  totalCustomsValue: number;
  totalNetMassKg: number;
  /** From history: earlier declarations of the importer (0 = first-time importer); null when unknown. */
  importerPriorDeclarations: number | null;
  /** From history: derived indicators by dimension name (of the riskiest item), e.g. indicators.importer.hitRate. */
  indicators: Record<string, IndicatorFact>;
}

/** Item-level facts a rule can read (fact name `item`). */
export interface ItemFacts extends DeclarationItem {
  hs2: string;
  hs4: string;
  hs6: string;
  /** Customs value per kg of net mass; null when either is missing or the mass is zero. */
  unitValuePerKg: number | null;
}

export const FACT_NAMES = ['declaration', 'item'] as const;

/** What the engine knows about the parties from history when it scores a declaration. */
export interface RiskContext {
  /** Earlier declarations (distinct ids) lodged for the importer; null when unknown or no importer. */
  importerPriorDeclarations: number | null;
  /** The derived-profile assessment, when profiles are in use. */
  profile: ProfileAssessment | null;
}

export const NO_HISTORY: RiskContext = { importerPriorDeclarations: null, profile: null };

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length > 0))];
}

export function itemFacts(item: DeclarationItem): ItemFacts {
  const mass = item.netMassKg;
  const value = item.customsValue;
  return {
    ...item,
    hs2: item.hsCode.slice(0, 2),
    hs4: item.hsCode.slice(0, 4),
    hs6: item.hsCode.slice(0, 6),
    unitValuePerKg: mass !== undefined && value !== undefined && mass > 0 ? value / mass : null,
  };
}

export function declarationFacts(declaration: Declaration, context: RiskContext = NO_HISTORY): DeclarationFacts {
  const routeCountries = unique([declaration.countryOfDeparture, ...(declaration.routing ?? [])]);
  const originCountries = unique(declaration.items.map((item) => item.countryOfOrigin));
  return {
    ...declaration,
    importerId: declaration.importer?.id ?? null,
    declarantId: declaration.declarant?.id ?? null,
    sellerId: declaration.seller?.id ?? null,
    courierId: declaration.courier?.id ?? null,
    importerAeo: declaration.importer?.aeo === true,
    routeCountries,
    allCountries: unique([
      ...routeCountries,
      declaration.countryOfDestination,
      ...originCountries,
      declaration.seller?.country,
      declaration.exporter?.country,
    ]),
    originCountries,
    routingCount: declaration.routing?.length ?? 0,
    hsCodes: declaration.items.map((item) => item.hsCode),
    itemCount: declaration.items.length,
    totalCustomsValue: declaration.items.reduce((sum, item) => sum + (item.customsValue ?? 0), 0),
    totalNetMassKg: declaration.items.reduce((sum, item) => sum + (item.netMassKg ?? 0), 0),
    importerPriorDeclarations: declaration.importer ? context.importerPriorDeclarations : null,
    indicators: context.profile?.indicators ?? {},
  };
}
