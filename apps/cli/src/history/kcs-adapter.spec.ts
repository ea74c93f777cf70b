import { readKcsDeclarations, readKcsHistory, readKcsOutcomes } from './kcs-adapter';

const HEADER =
  'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';
const row = (id: string, fraud: string, critical: string) =>
  `${id},2020-01-01,30,B,11,21,11,40,DCL1,IMP1,,,90890,BE,BE,8.0,A,G,108.0,372254.4,${fraud},${critical}`;

describe('KCS adapter', () => {
  it('maps a KCS row to a v1 declaration', () => {
    const { records, rejected } = readKcsDeclarations(`${HEADER}\n${row('97061800', '0', '0')}\n`, 'kcs.csv');
    expect(rejected).toEqual([]);
    expect(records[0]).toEqual({
      declarationId: '97061800',
      version: 1,
      submittedAt: '2020-01-01T00:00:00Z',
      type: 'IMPORT',
      officeCode: '30',
      procedure: { processType: 'B', importType: '11', importUse: '21', paymentType: '11' },
      transportMode: 'AIR',
      declarant: { id: 'DCL1' },
      importer: { id: 'IMP1' },
      countryOfDeparture: 'BE',
      items: [
        {
          lineNo: 1,
          hsCode: '090890',
          countryOfOrigin: 'BE',
          originIndicator: 'G',
          netMassKg: 108,
          customsValue: 372254.4,
          currency: 'KRW',
          taxRate: 8,
          taxType: 'A',
        },
      ],
    });
  });

  it('reads the same declaration whatever the outcome columns say', () => {
    const clean = readKcsDeclarations(`${HEADER}\n${row('1', '0', '0')}\n`, 'a.csv').records;
    const fraud = readKcsDeclarations(`${HEADER}\n${row('1', '1', '2')}\n`, 'b.csv').records;
    expect(fraud).toEqual(clean);
  });

  it('maps Fraud and Critical Fraud to inspection outcomes', () => {
    const csv = `${HEADER}\n${row('1', '0', '0')}\n${row('2', '1', '1')}\n${row('3', '1', '2')}\n`;
    expect([...readKcsOutcomes(csv)]).toEqual([
      ['1', 'NO_FINDING'],
      ['2', 'IRREGULARITY'],
      ['3', 'SEIZURE'],
    ]);
    const history = readKcsHistory(csv, 'h.csv').records;
    expect(history.map((r) => (r.kind === 'inspection' ? r.outcome.result : null))).toEqual(['NO_FINDING', 'IRREGULARITY', 'SEIZURE']);
  });

  it('reports a row that breaks the contract, with its line', () => {
    const bad = `${HEADER}\n97061800,2020-01-01,30,B,11,21,11,40,DCL1,IMP1,,,90890,Belgium,BE,8.0,A,G,108.0,1.0,0,0\n`;
    const { records, rejected } = readKcsDeclarations(bad, 'bad.csv');
    expect(records).toEqual([]);
    expect(rejected).toEqual([{ location: 'bad.csv:2', reason: 'Declaration failed validation on countryOfDeparture' }]);
  });
});
