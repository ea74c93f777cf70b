import { SeizureRecordDto, validateAs } from '@app/contracts';
import { parseCsv } from './csv';
import type { HistoryReadResult, HistoryRecord } from './history-record';

/**
 * Seizure records as CSV (`--format seizures-csv`), one seizure per row, for bulk loads from a
 * CEN / nCEN export. Columns, by header name (any order; empty cells are omitted):
 *
 * | column               | field                | notes                                         |
 * |----------------------|----------------------|-----------------------------------------------|
 * | seizureId            | seizureId            | required                                      |
 * | seizedAt             | seizedAt             | required, ISO-8601                            |
 * | category             | category             | required: DRUGS, TOBACCO, ALCOHOL, CITES, IPR, WEAPONS, CASH, OTHER |
 * | officeCode, country  | officeCode, country  |                                               |
 * | hsCode               | hsCode               | 2 to 10 digits                                |
 * | quantity, unit       | quantity, unit       |                                               |
 * | concealmentMethod    | concealmentMethod    |                                               |
 * | transportMode        | transportMode        | SEA, AIR, ROAD, RAIL, POST, OTHER             |
 * | countryOfOrigin, countryOfDeparture, countryOfDestination | same | ISO 3166 alpha-2            |
 * | route                | route                | countries separated by `;`, e.g. `AE;TR`      |
 * | offenders            | offenders            | `KIND:ID` separated by `;`, e.g. `COMPANY:BE0999;PERSON:P-17` |
 * | conveyance           | conveyance           |                                               |
 * | declarationId        | declarationId        |                                               |
 */
export function readSeizureCsv(csv: string, file: string): HistoryReadResult<HistoryRecord> {
  const result: HistoryReadResult<HistoryRecord> = { records: [], rejected: [] };
  parseCsv(csv).forEach((row, index) => {
    const value: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (cell === '') continue;
      if (column === 'quantity') value.quantity = Number(cell);
      else if (column === 'route') value.route = cell.split(';').map((c) => c.trim());
      else if (column === 'offenders') {
        value.offenders = cell.split(';').map((entry) => {
          const [kind, ...id] = entry.trim().split(':');
          return { kind, id: id.join(':') };
        });
      } else value[column] = cell;
    }
    const seizure = validateAs(SeizureRecordDto, value, 'Seizure');
    if (seizure.ok) result.records.push({ kind: 'seizure', seizure: seizure.value });
    else result.rejected.push({ location: `${file}:${index + 2}`, reason: seizure.rejection.message });
  });
  return result;
}
