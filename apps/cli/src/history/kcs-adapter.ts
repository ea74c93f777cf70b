import { validateDeclaration, type Declaration, type InspectionOutcome, type TransportMode } from '@app/contracts';
import { parseCsv } from './csv';
import type { HistoryReadResult, HistoryRecord } from './history-record';

/**
 * The KCS import declaration dataset (Korea Customs Service, CTGAN-synthetic, one item per row).
 * Column mapping to contract v1:
 *
 * | KCS column                  | declaration field                          |
 * |-----------------------------|--------------------------------------------|
 * | Declaration ID              | declarationId                              |
 * | Date                        | submittedAt (midnight UTC)                 |
 * | Office ID                   | officeCode                                 |
 * | Process Type, Import Type, Import Use, Payment Type | procedure.*        |
 * | Mode of Transport           | transportMode (10 SEA, 20 RAIL, 30 ROAD, 40 AIR, 50 POST, other OTHER) |
 * | Declarant ID, Importer ID, Seller ID, Courier ID | declarant/importer/seller/courier.id |
 * | HS6 Code                    | items[0].hsCode (left-padded to 6 digits)  |
 * | Country of Departure        | countryOfDeparture                         |
 * | Country of Origin           | items[0].countryOfOrigin                   |
 * | Tax Rate, Tax Type          | items[0].taxRate, items[0].taxType         |
 * | Country of Origin Indicator | items[0].originIndicator                   |
 * | Net Mass                    | items[0].netMassKg                         |
 * | Item Price                  | items[0].customsValue, currency KRW        |
 * | Fraud, Critical Fraud       | outcome: Critical Fraud = 2 SEIZURE, Fraud = 1 IRREGULARITY, else NO_FINDING |
 *
 * The outcome columns are read only by `readKcsHistory`; `readKcsDeclarations` never touches them.
 */
const MODES: Record<string, TransportMode> = { '10': 'SEA', '20': 'RAIL', '30': 'ROAD', '40': 'AIR', '50': 'POST' };

const number = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
const text = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

type DeclarationColumns = Omit<Record<string, string>, 'Fraud' | 'Critical Fraud'>;

function toDeclaration(row: DeclarationColumns): unknown {
  const seller = text(row['Seller ID']);
  const courier = text(row['Courier ID']);
  return {
    declarationId: row['Declaration ID'],
    version: 1,
    submittedAt: `${row['Date']}T00:00:00Z`,
    type: 'IMPORT',
    officeCode: row['Office ID'],
    procedure: {
      processType: text(row['Process Type']),
      importType: text(row['Import Type']),
      importUse: text(row['Import Use']),
      paymentType: text(row['Payment Type']),
    },
    transportMode: MODES[row['Mode of Transport'] ?? ''] ?? 'OTHER',
    declarant: text(row['Declarant ID']) ? { id: row['Declarant ID'] } : undefined,
    importer: text(row['Importer ID']) ? { id: row['Importer ID'] } : undefined,
    seller: seller ? { id: seller } : undefined,
    courier: courier ? { id: courier } : undefined,
    countryOfDeparture: text(row['Country of Departure']),
    items: [
      {
        lineNo: 1,
        hsCode: (row['HS6 Code'] ?? '').padStart(6, '0'),
        countryOfOrigin: text(row['Country of Origin']),
        originIndicator: text(row['Country of Origin Indicator']),
        netMassKg: number(row['Net Mass']),
        customsValue: number(row['Item Price']),
        currency: 'KRW',
        taxRate: number(row['Tax Rate']),
        taxType: text(row['Tax Type']),
      },
    ],
  };
}

function outcomeOf(row: Record<string, string>, declaration: Declaration): InspectionOutcome {
  const result = row['Critical Fraud'] === '2' ? 'SEIZURE' : row['Fraud'] === '1' ? 'IRREGULARITY' : 'NO_FINDING';
  return {
    outcomeId: `KCS-${declaration.declarationId}`,
    declarationId: declaration.declarationId,
    declarationVersion: 1,
    result,
    inspectedAt: declaration.submittedAt,
  };
}

function withoutOutcomes(row: Record<string, string>): DeclarationColumns {
  const { Fraud: _fraud, 'Critical Fraud': _critical, ...declarationColumns } = row;
  return declarationColumns;
}

/** Declarations only: the outcome columns are dropped before anything else reads the row. */
export function readKcsDeclarations(csv: string, file: string): HistoryReadResult<Declaration> {
  const result: HistoryReadResult<Declaration> = { records: [], rejected: [] };
  parseCsv(csv).forEach((row, index) => {
    const parsed = validateDeclaration(toDeclaration(withoutOutcomes(row)));
    if (parsed.ok) result.records.push(parsed.declaration);
    else result.rejected.push({ location: `${file}:${index + 2}`, reason: parsed.rejection.message });
  });
  return result;
}

/** Declarations with their inspection outcomes, for history. */
export function readKcsHistory(csv: string, file: string): HistoryReadResult<HistoryRecord> {
  const result: HistoryReadResult<HistoryRecord> = { records: [], rejected: [] };
  parseCsv(csv).forEach((row, index) => {
    const parsed = validateDeclaration(toDeclaration(withoutOutcomes(row)));
    if (!parsed.ok) {
      result.rejected.push({ location: `${file}:${index + 2}`, reason: parsed.rejection.message });
      return;
    }
    result.records.push({ kind: 'inspection', declaration: parsed.declaration, outcome: outcomeOf(row, parsed.declaration) });
  });
  return result;
}

/** Inspection outcomes of a KCS file, keyed by declaration id (for measuring a selection). */
export function readKcsOutcomes(csv: string): Map<string, InspectionOutcome['result']> {
  const outcomes = new Map<string, InspectionOutcome['result']>();
  for (const row of parseCsv(csv)) {
    const id = row['Declaration ID'] ?? '';
    outcomes.set(id, row['Critical Fraud'] === '2' ? 'SEIZURE' : row['Fraud'] === '1' ? 'IRREGULARITY' : 'NO_FINDING');
  }
  return outcomes;
}
