import * as fc from 'fast-check';
import { DECLARATION_TYPES, TRANSPORT_MODES, type Declaration, type DeclarationItem } from '@app/contracts';
import { COMPARISON_THRESHOLDS } from './rule.generator';

const COUNTRIES = [
  'BE',
  'NL',
  'DE',
  'CN',
  'HK',
  'AE',
  'CO',
  'EC',
  'PE',
  'AF',
  'IR',
  'TR',
  'NG',
  'MY',
  'VN',
  'US',
  'JP',
  'RU',
  'IN',
  'PA',
  'SG',
  'SE',
];
const HS_CODES = [
  '080390',
  '090111',
  '121190',
  '240220',
  '293292',
  '291431',
  '300490',
  '420221',
  '440711',
  '610910',
  '690721',
  '845611',
  '851713',
  '854143',
  '870323',
  '930320',
  '950699',
  '050710',
  '391590',
  '290372',
];
const WORDS = [
  'bananas',
  'replica',
  'ivory',
  'cigarettes',
  'research chemical',
  'gun barrel',
  'laptop',
  'shirts',
  'e-waste',
  'tiles',
  'coffee',
  'spare parts',
];
const TRADERS = ['IMP-0001', 'IMP-0002', 'TRD-WATCH-0001', 'SEL-0003', 'DCL-0004'];

const country = fc.constantFrom(...COUNTRIES);

/** Amounts that sit on a rule's boundary: the generated rules' thresholds and the shipped rules' `between` [0, 0.5]. */
const THRESHOLDS = [...COMPARISON_THRESHOLDS, 0.5];

/** A non-negative amount up to `max`, one time in four exactly a rule threshold. */
const amount = (max: number): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.constantFrom(...THRESHOLDS), weight: 1 }, { arbitrary: fc.double({ min: 0, max, noNaN: true }), weight: 3 });

export const itemArbitrary = (lineNo: number): fc.Arbitrary<DeclarationItem> =>
  fc.record({
    lineNo: fc.constant(lineNo),
    hsCode: fc.constantFrom(...HS_CODES).chain((hs) => fc.constantFrom(hs, `${hs}00`, `${hs}0000`)),
    description: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 3 }).map((words) => words.join(' ')),
    countryOfOrigin: country,
    netMassKg: amount(30_000),
    customsValue: amount(2_000_000),
    currency: fc.constant('EUR'),
    taxRate: fc.constantFrom(0, 5, 8, 12),
    preference: fc.option(fc.constantFrom('EU_FTA', 'GSP', 'NONE'), { nil: undefined }),
  });

/** Generated declarations drawn from the values the shipped rules look at. */
export const declarationArbitrary: fc.Arbitrary<Declaration> = fc
  .record({
    declarationId: fc.stringMatching(/^[A-Z0-9]{4,12}$/),
    version: fc.integer({ min: 1, max: 3 }),
    type: fc.constantFrom(...DECLARATION_TYPES),
    officeCode: fc.constantFrom('BEANR000', 'BEZEE000'),
    transportMode: fc.constantFrom(...TRANSPORT_MODES),
    importerId: fc.option(fc.constantFrom(...TRADERS), { nil: undefined }),
    aeo: fc.boolean(),
    sellerId: fc.constantFrom(...TRADERS),
    countryOfDeparture: country,
    countryOfDestination: country,
    routing: fc.array(country, { maxLength: 4 }),
    itemCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain((base) =>
    fc.tuple(...Array.from({ length: base.itemCount }, (_, index) => itemArbitrary(index + 1))).map((items) => ({
      declarationId: base.declarationId,
      version: base.version,
      submittedAt: '2026-11-24T08:00:00Z',
      type: base.type,
      officeCode: base.officeCode,
      transportMode: base.transportMode,
      importer: base.importerId ? { id: base.importerId, aeo: base.aeo } : undefined,
      seller: { id: base.sellerId },
      countryOfDeparture: base.countryOfDeparture,
      countryOfDestination: base.countryOfDestination,
      routing: base.routing,
      items,
    })),
  );
