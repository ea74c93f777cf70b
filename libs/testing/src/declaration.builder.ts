import type { Declaration, DeclarationItem } from '@app/contracts';

let sequence = 0;

/** A plain, low-risk import declaration; override what a test is about. */
export function aDeclaration(overrides: Partial<Declaration> = {}): Declaration {
  sequence += 1;
  return {
    declarationId: `DEC-TEST-${sequence.toString().padStart(6, '0')}`,
    version: 1,
    submittedAt: '2026-11-24T08:00:00Z',
    type: 'IMPORT',
    officeCode: 'BEANR000',
    procedure: { processType: 'B', importType: '11', importUse: '21', paymentType: '11' },
    transportMode: 'SEA',
    declarant: { id: 'DCL-0001' },
    importer: { id: 'IMP-0001', name: 'Harbour Foods NV', aeo: false },
    seller: { id: 'SEL-0001', name: 'Nordic Timber AB', country: 'SE' },
    countryOfDeparture: 'SE',
    countryOfDestination: 'BE',
    routing: [],
    items: [anItem()],
    ...overrides,
  };
}

/** A plain item: sawn softwood from Sweden at a normal price. */
export function anItem(overrides: Partial<DeclarationItem> = {}): DeclarationItem {
  return {
    lineNo: 1,
    hsCode: '440711',
    description: 'Sawn pine wood, planed',
    countryOfOrigin: 'SE',
    originIndicator: 'G',
    netMassKg: 12000,
    grossMassKg: 12500,
    quantity: 24,
    unit: 'M3',
    customsValue: 9600,
    currency: 'EUR',
    taxRate: 0,
    taxType: 'A',
    ...overrides,
  };
}
