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

/** The indicators of a declaration scored without history. */
const NO_INDICATORS: Record<string, IndicatorFact> = Object.freeze({});

export const FACT_NAMES = ['declaration', 'item'] as const;

/** What the engine knows about the parties from history when it scores a declaration. */
export interface RiskContext {
  /** Earlier declarations (distinct ids) lodged for the importer; null when unknown or no importer. */
  importerPriorDeclarations: number | null;
  /** The derived-profile assessment, when profiles are in use. */
  profile: ProfileAssessment | null;
}

export const NO_HISTORY: RiskContext = { importerPriorDeclarations: null, profile: null };

function pushUnique(values: string[], value: string | undefined): void {
  if (typeof value === 'string' && value.length > 0 && values.indexOf(value) === -1) values.push(value);
}

export function itemFacts(item: DeclarationItem): ItemFacts {
  const mass = item.netMassKg;
  const value = item.customsValue;
  return {
    lineNo: item.lineNo,
    hsCode: item.hsCode,
    description: item.description,
    countryOfOrigin: item.countryOfOrigin,
    originIndicator: item.originIndicator,
    netMassKg: item.netMassKg,
    grossMassKg: item.grossMassKg,
    quantity: item.quantity,
    unit: item.unit,
    customsValue: item.customsValue,
    currency: item.currency,
    taxRate: item.taxRate,
    taxType: item.taxType,
    preference: item.preference,
    hs2: item.hsCode.slice(0, 2),
    hs4: item.hsCode.slice(0, 4),
    hs6: item.hsCode.slice(0, 6),
    unitValuePerKg: mass !== undefined && value !== undefined && mass > 0 ? value / mass : null,
  };
}

export function declarationFacts(declaration: Declaration, context: RiskContext = NO_HISTORY): DeclarationFacts {
  // Plain loops over small arrays: this runs once per declaration on the hot path.
  const routeCountries: string[] = [];
  pushUnique(routeCountries, declaration.countryOfDeparture);
  const routing = declaration.routing ?? [];
  for (const country of routing) pushUnique(routeCountries, country);
  const originCountries: string[] = [];
  const hsCodes: string[] = [];
  let totalCustomsValue = 0;
  let totalNetMassKg = 0;
  for (const item of declaration.items) {
    pushUnique(originCountries, item.countryOfOrigin);
    hsCodes.push(item.hsCode);
    totalCustomsValue += item.customsValue ?? 0;
    totalNetMassKg += item.netMassKg ?? 0;
  }
  const allCountries = routeCountries.slice();
  pushUnique(allCountries, declaration.countryOfDestination);
  for (const country of originCountries) pushUnique(allCountries, country);
  pushUnique(allCountries, declaration.seller?.country);
  pushUnique(allCountries, declaration.exporter?.country);
  // Every field named, so each facts object has the same shape (fast property reads in the rules).
  return {
    declarationId: declaration.declarationId,
    version: declaration.version,
    submittedAt: declaration.submittedAt,
    type: declaration.type,
    officeCode: declaration.officeCode,
    procedure: declaration.procedure,
    transportMode: declaration.transportMode,
    declarant: declaration.declarant,
    importer: declaration.importer,
    exporter: declaration.exporter,
    seller: declaration.seller,
    courier: declaration.courier,
    countryOfDeparture: declaration.countryOfDeparture,
    countryOfDestination: declaration.countryOfDestination,
    routing: declaration.routing,
    conveyance: declaration.conveyance,
    containers: declaration.containers,
    items: declaration.items,
    importerId: declaration.importer?.id ?? null,
    declarantId: declaration.declarant?.id ?? null,
    sellerId: declaration.seller?.id ?? null,
    courierId: declaration.courier?.id ?? null,
    importerAeo: declaration.importer?.aeo === true,
    routeCountries,
    allCountries,
    originCountries,
    routingCount: routing.length,
    hsCodes,
    itemCount: declaration.items.length,
    totalCustomsValue,
    totalNetMassKg,
    importerPriorDeclarations: declaration.importer ? context.importerPriorDeclarations : null,
    // A getter, so that the indicators are built only for a rule that reads them (ProfileAssessment).
    get indicators() {
      return context.profile?.indicators ?? NO_INDICATORS;
    },
  };
}
