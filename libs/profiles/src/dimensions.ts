import type { Declaration, DeclarationItem } from '@app/contracts';

/** A dimension of a declaration along which history is kept: a trader, an HS code, a combination. */
export interface ProfileDimension {
  name: string;
  /** Reason code suffix, e.g. PROFILE.HS6_ORIGIN. */
  code: string;
  /** `declaration`: the key depends on the declaration alone, so every item has the same one. */
  scope: 'declaration' | 'item';
  /** The key of a declaration (and one of its items) on this dimension; null when it has none. */
  keyOf(declaration: Declaration, item: DeclarationItem): string | null;
  /** Officer-facing name of a key, e.g. "HS 392690 from CN". */
  describe(key: string): string;
}

const hs = (item: DeclarationItem, digits: number) => (item.hsCode.length >= digits ? item.hsCode.slice(0, digits) : null);
const join = (...parts: (string | null | undefined)[]) =>
  parts.every((part) => part !== null && part !== undefined && part !== '') ? parts.join('|') : null;
const split = (key: string) => key.split('|');

function single(
  name: string,
  code: string,
  noun: string,
  scope: ProfileDimension['scope'],
  keyOf: ProfileDimension['keyOf'],
): ProfileDimension {
  return { name, code, scope, keyOf, describe: (key) => `${noun} ${key}` };
}

/** The dimensions the engine derives profiles for. Names are stable: settings refer to them. */
export const PROFILE_DIMENSIONS: readonly ProfileDimension[] = [
  single('importer', 'IMPORTER', 'Importer', 'declaration', (d) => d.importer?.id ?? null),
  single('declarant', 'DECLARANT', 'Declarant', 'declaration', (d) => d.declarant?.id ?? null),
  single('seller', 'SELLER', 'Seller', 'declaration', (d) => d.seller?.id ?? null),
  single('courier', 'COURIER', 'Courier', 'declaration', (d) => d.courier?.id ?? null),
  single('office', 'OFFICE', 'Office', 'declaration', (d) => d.officeCode),
  single('transportMode', 'TRANSPORT_MODE', 'Transport mode', 'declaration', (d) => d.transportMode ?? null),
  single('importType', 'IMPORT_TYPE', 'Import type', 'declaration', (d) => d.procedure?.importType ?? null),
  single('importUse', 'IMPORT_USE', 'Import use', 'declaration', (d) => d.procedure?.importUse ?? null),
  single('paymentType', 'PAYMENT_TYPE', 'Payment type', 'declaration', (d) => d.procedure?.paymentType ?? null),
  single('departure', 'DEPARTURE', 'Departure from', 'declaration', (d) => d.countryOfDeparture ?? null),
  {
    name: 'routing',
    code: 'ROUTING',
    scope: 'declaration',
    keyOf: (d) => (d.routing && d.routing.length > 0 ? d.routing.join('>') : null),
    describe: (key) => `Routing via ${key.split('>').join(', ')}`,
  },
  single('origin', 'ORIGIN', 'Origin', 'item', (_d, i) => i.countryOfOrigin ?? null),
  single('hs2', 'HS2', 'HS chapter', 'item', (_d, i) => hs(i, 2)),
  single('hs4', 'HS4', 'HS heading', 'item', (_d, i) => hs(i, 4)),
  single('hs6', 'HS6', 'HS subheading', 'item', (_d, i) => hs(i, 6)),
  single('taxType', 'TAX_TYPE', 'Tax type', 'item', (_d, i) => i.taxType ?? null),
  single('taxRate', 'TAX_RATE', 'Tax rate', 'item', (_d, i) => (i.taxRate === undefined ? null : String(i.taxRate))),
  single('originIndicator', 'ORIGIN_INDICATOR', 'Origin indicator', 'item', (_d, i) => i.originIndicator ?? null),
  {
    name: 'hs6xorigin',
    code: 'HS6_ORIGIN',
    scope: 'item',
    keyOf: (_d, i) => join(hs(i, 6), i.countryOfOrigin),
    describe: (key) => `HS ${split(key)[0]} from ${split(key)[1]}`,
  },
  {
    name: 'hs4xorigin',
    code: 'HS4_ORIGIN',
    scope: 'item',
    keyOf: (_d, i) => join(hs(i, 4), i.countryOfOrigin),
    describe: (key) => `HS ${split(key)[0]} from ${split(key)[1]}`,
  },
  {
    name: 'hs6xdeparture',
    code: 'HS6_DEPARTURE',
    scope: 'item',
    keyOf: (d, i) => join(hs(i, 6), d.countryOfDeparture),
    describe: (key) => `HS ${split(key)[0]} departing ${split(key)[1]}`,
  },
  {
    name: 'hs6xtaxType',
    code: 'HS6_TAX_TYPE',
    scope: 'item',
    keyOf: (_d, i) => join(hs(i, 6), i.taxType),
    describe: (key) => `HS ${split(key)[0]} under tax type ${split(key)[1]}`,
  },
  {
    name: 'hs6xtaxRate',
    code: 'HS6_TAX_RATE',
    scope: 'item',
    keyOf: (_d, i) => join(hs(i, 6), i.taxRate === undefined ? null : String(i.taxRate)),
    describe: (key) => `HS ${split(key)[0]} at tax rate ${split(key)[1]}%`,
  },
  {
    name: 'hs6xoriginxtaxType',
    code: 'HS6_ORIGIN_TAX_TYPE',
    scope: 'item',
    keyOf: (_d, i) => join(hs(i, 6), i.countryOfOrigin, i.taxType),
    describe: (key) => `HS ${split(key)[0]} from ${split(key)[1]} under tax type ${split(key)[2]}`,
  },
  {
    name: 'originxdeparture',
    code: 'ORIGIN_DEPARTURE',
    scope: 'item',
    keyOf: (d, i) => join(i.countryOfOrigin, d.countryOfDeparture),
    describe: (key) => `Origin ${split(key)[0]} departing ${split(key)[1]}`,
  },
  {
    name: 'importerxhs6',
    code: 'IMPORTER_HS6',
    scope: 'item',
    keyOf: (d, i) => join(d.importer?.id, hs(i, 6)),
    describe: (key) => `Importer ${split(key)[0]} with HS ${split(key)[1]}`,
  },
  {
    name: 'declarantxhs6',
    code: 'DECLARANT_HS6',
    scope: 'item',
    keyOf: (d, i) => join(d.declarant?.id, hs(i, 6)),
    describe: (key) => `Declarant ${split(key)[0]} with HS ${split(key)[1]}`,
  },
  {
    name: 'officexhs6',
    code: 'OFFICE_HS6',
    scope: 'item',
    keyOf: (d, i) => join(d.officeCode, hs(i, 6)),
    describe: (key) => `HS ${split(key)[1]} at office ${split(key)[0]}`,
  },
  {
    name: 'importerxseller',
    code: 'IMPORTER_SELLER',
    scope: 'declaration',
    keyOf: (d) => join(d.importer?.id, d.seller?.id),
    describe: (key) => `Importer ${split(key)[0]} buying from seller ${split(key)[1]}`,
  },
  {
    name: 'declarantximporter',
    code: 'DECLARANT_IMPORTER',
    scope: 'declaration',
    keyOf: (d) => join(d.declarant?.id, d.importer?.id),
    describe: (key) => `Declarant ${split(key)[0]} for importer ${split(key)[1]}`,
  },
];

export const DIMENSION_NAMES = PROFILE_DIMENSIONS.map((dimension) => dimension.name);
