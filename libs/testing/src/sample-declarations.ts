import type { Declaration, DeclarationItem, TransportMode } from '@app/contracts';
import { SeededRandom } from './random';

interface Commodity {
  hsCode: string;
  description: string;
  origins: string[];
  valuePerKg: [number, number];
  mass: [number, number];
  modes: TransportMode[];
  taxRate: number;
}

const COMMODITIES: Commodity[] = [
  {
    hsCode: '440711',
    description: 'Sawn pine wood',
    origins: ['SE', 'FI', 'DE'],
    valuePerKg: [0.6, 1.2],
    mass: [5000, 25000],
    modes: ['SEA', 'ROAD'],
    taxRate: 0,
  },
  {
    hsCode: '847130',
    description: 'Laptop computers',
    origins: ['CN', 'TW', 'VN'],
    valuePerKg: [150, 400],
    mass: [100, 3000],
    modes: ['AIR', 'SEA'],
    taxRate: 0,
  },
  {
    hsCode: '610910',
    description: 'Cotton T-shirts',
    origins: ['BD', 'IN', 'TR', 'CN'],
    valuePerKg: [15, 60],
    mass: [200, 5000],
    modes: ['SEA', 'ROAD'],
    taxRate: 12,
  },
  {
    hsCode: '080390',
    description: 'Fresh bananas',
    origins: ['EC', 'CO', 'CR'],
    valuePerKg: [0.5, 1.0],
    mass: [15000, 22000],
    modes: ['SEA'],
    taxRate: 0,
  },
  {
    hsCode: '090111',
    description: 'Green coffee beans, not roasted',
    origins: ['BR', 'CO', 'ET', 'VN'],
    valuePerKg: [2, 6],
    mass: [15000, 20000],
    modes: ['SEA'],
    taxRate: 0,
  },
  {
    hsCode: '870323',
    description: 'Passenger cars, 1500-3000 cc',
    origins: ['JP', 'KR', 'DE'],
    valuePerKg: [10, 40],
    mass: [1200, 30000],
    modes: ['SEA', 'RAIL'],
    taxRate: 10,
  },
  {
    hsCode: '300490',
    description: 'Medicaments in measured doses',
    origins: ['IN', 'CH', 'DE'],
    valuePerKg: [40, 800],
    mass: [5, 800],
    modes: ['AIR', 'POST'],
    taxRate: 0,
  },
  {
    hsCode: '220421',
    description: 'Red wine in bottles',
    origins: ['FR', 'IT', 'CL', 'ZA'],
    valuePerKg: [2.5, 30],
    mass: [1000, 20000],
    modes: ['SEA', 'ROAD'],
    taxRate: 0,
  },
  {
    hsCode: '690721',
    description: 'Ceramic floor tiles',
    origins: ['CN', 'ES', 'IT', 'MY'],
    valuePerKg: [0.3, 1.5],
    mass: [10000, 26000],
    modes: ['SEA'],
    taxRate: 5,
  },
  {
    hsCode: '854143',
    description: 'Photovoltaic modules',
    origins: ['CN', 'MY', 'VN'],
    valuePerKg: [3, 10],
    mass: [2000, 20000],
    modes: ['SEA'],
    taxRate: 0,
  },
  {
    hsCode: '420221',
    description: 'Leather handbags',
    origins: ['IT', 'CN', 'FR'],
    valuePerKg: [40, 900],
    mass: [50, 1500],
    modes: ['AIR', 'SEA'],
    taxRate: 3,
  },
  {
    hsCode: '851713',
    description: 'Smartphones',
    origins: ['CN', 'VN', 'IN'],
    valuePerKg: [300, 2500],
    mass: [20, 2000],
    modes: ['AIR'],
    taxRate: 0,
  },
  {
    hsCode: '940360',
    description: 'Wooden furniture',
    origins: ['PL', 'VN', 'ID', 'CN'],
    valuePerKg: [2, 8],
    mass: [1000, 12000],
    modes: ['SEA', 'ROAD'],
    taxRate: 0,
  },
  {
    hsCode: '392690',
    description: 'Articles of plastics',
    origins: ['CN', 'DE', 'TR'],
    valuePerKg: [2, 12],
    mass: [200, 8000],
    modes: ['SEA', 'ROAD'],
    taxRate: 6.5,
  },
];

const OFFICES = ['BEANR000', 'BEZEE000', 'BEBRU000', 'BELGG000'];
const MODES_ROUTE: Record<TransportMode, string[]> = {
  SEA: ['NL', 'ES', 'PA', 'AE', 'SG'],
  AIR: ['AE', 'QA', 'TR'],
  ROAD: ['DE', 'PL', 'AT'],
  RAIL: ['KZ', 'PL'],
  POST: ['DE'],
  OTHER: [],
};

/** A risky twist applied to a small share of the samples, so the demo shows rules firing. */
type Twist = (declaration: Declaration, item: DeclarationItem, random: SeededRandom) => void;
const TWISTS: Twist[] = [
  (d, item) => {
    Object.assign(item, {
      hsCode: '293292',
      description: '3,4-MDP-2-P methyl glycidate',
      countryOfOrigin: 'CN',
      netMassKg: 500,
      customsValue: 4000,
    });
    Object.assign(d, { countryOfDeparture: 'CN', transportMode: 'SEA' });
  },
  (d, item) => {
    Object.assign(item, { hsCode: '080390', description: 'Fresh bananas', countryOfOrigin: 'EC', netMassKg: 20000, customsValue: 14000 });
    Object.assign(d, { countryOfDeparture: 'EC', transportMode: 'SEA', routing: ['PA'] });
  },
  (d, item) => {
    Object.assign(item, {
      hsCode: '610910',
      description: 'T-shirts with logo',
      countryOfOrigin: 'CN',
      netMassKg: 1000,
      customsValue: 2500,
    });
    Object.assign(d, { countryOfDeparture: 'CN' });
  },
  (d, item) => {
    Object.assign(item, {
      hsCode: '240220',
      description: 'Cigarettes containing tobacco',
      countryOfOrigin: 'AE',
      netMassKg: 8000,
      customsValue: 30000,
    });
    Object.assign(d, { countryOfDeparture: 'AE', routing: ['AE'] });
  },
  (d, item) => {
    Object.assign(item, {
      hsCode: '950699',
      description: 'Sports equipment: rifle scopes and gun barrel kits',
      countryOfOrigin: 'US',
      netMassKg: 40,
      customsValue: 6000,
    });
    Object.assign(d, { countryOfDeparture: 'US', transportMode: 'AIR' });
  },
  (_d, item, random) => {
    Object.assign(item, { customsValue: Math.round((item.customsValue ?? 100) * random.pick([0.05, 0.1, 0.2])) });
  },
  (d) => {
    Object.assign(d, { importer: { id: 'TRD-WATCH-0002', name: 'Blue Lagoon Trading FZE', aeo: false } });
  },
  (d, item) => {
    Object.assign(item, {
      hsCode: '050710',
      description: 'Carved ivory figurines',
      countryOfOrigin: 'NG',
      netMassKg: 12,
      customsValue: 900,
    });
    Object.assign(d, { countryOfDeparture: 'NG', transportMode: 'AIR' });
  },
];

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Realistic import declarations for demos and tests: common commodities at normal prices from
 * their usual origins, a pool of importers (some AEO), and about `riskShare` of them carrying a
 * known risk pattern (precursors, cocaine route, counterfeits, cigarettes, weapons, undervaluation,
 * watch-listed trader, ivory).
 */
export function sampleDeclarations(count: number, options: { seed?: number; idPrefix?: string; riskShare?: number } = {}): Declaration[] {
  const random = new SeededRandom(options.seed ?? 20261124);
  const prefix = options.idPrefix ?? 'DEC';
  const riskShare = options.riskShare ?? 0.12;
  const start = Date.parse('2026-11-24T06:00:00Z');
  return Array.from({ length: count }, (_, index) => {
    const commodity = random.pick(COMMODITIES);
    const origin = random.pick(commodity.origins);
    const mode = random.pick(commodity.modes);
    const netMassKg = round2(commodity.mass[0] + random.next() * (commodity.mass[1] - commodity.mass[0]));
    const valuePerKg = commodity.valuePerKg[0] + random.next() * (commodity.valuePerKg[1] - commodity.valuePerKg[0]);
    const importerNo = random.int(1, 120);
    const item: DeclarationItem = {
      lineNo: 1,
      hsCode: commodity.hsCode,
      description: commodity.description,
      countryOfOrigin: origin,
      originIndicator: random.pick(['G', 'B', 'Y']),
      netMassKg,
      grossMassKg: round2(netMassKg * 1.05),
      quantity: Math.max(1, Math.round(netMassKg / random.int(1, 50))),
      unit: 'PCE',
      customsValue: round2(netMassKg * valuePerKg),
      currency: 'EUR',
      taxRate: commodity.taxRate,
      taxType: 'A',
    };
    const declaration: Declaration = {
      declarationId: `${prefix}-${(index + 1).toString().padStart(7, '0')}`,
      version: 1,
      submittedAt: new Date(start + index * 7_000).toISOString(),
      type: 'IMPORT',
      officeCode: random.pick(OFFICES),
      procedure: { processType: 'B', importType: '11', importUse: '21', paymentType: random.pick(['11', '43']) },
      transportMode: mode,
      declarant: { id: `DCL-${random.int(1, 25).toString().padStart(4, '0')}` },
      importer: { id: `IMP-${importerNo.toString().padStart(4, '0')}`, name: `Importer ${importerNo}`, aeo: importerNo % 7 === 0 },
      seller: { id: `SEL-${random.int(1, 300).toString().padStart(4, '0')}`, country: origin },
      countryOfDeparture: origin,
      countryOfDestination: 'BE',
      routing: random.chance(0.3) ? [random.pick(MODES_ROUTE[mode].length > 0 ? MODES_ROUTE[mode] : ['NL'])] : [],
      conveyance: { mode, id: mode === 'SEA' ? `IMO${random.int(9100000, 9899999)}` : `${mode}-${random.int(100, 999)}` },
      containers: mode === 'SEA' ? [`MSCU${random.int(1000000, 9999999)}`] : [],
      items: [item],
    };
    if (random.chance(riskShare)) random.pick(TWISTS)(declaration, item, random);
    return declaration;
  });
}
