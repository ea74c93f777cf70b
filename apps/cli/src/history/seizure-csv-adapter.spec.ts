import { readSeizureCsv } from './seizure-csv-adapter';

describe(readSeizureCsv.name, () => {
  it('maps the documented columns, lists included', () => {
    const csv = [
      'seizureId,seizedAt,category,hsCode,transportMode,countryOfOrigin,route,offenders,quantity',
      'CEN-1,2026-11-22T09:00:00Z,TOBACCO,240220,SEA,AE,AE;TR,COMPANY:BE0999;PERSON:P-17,1200',
    ].join('\n');
    const { records, rejected } = readSeizureCsv(csv, 'cen.csv');
    expect(rejected).toEqual([]);
    expect(records).toEqual([
      {
        kind: 'seizure',
        seizure: {
          seizureId: 'CEN-1',
          seizedAt: '2026-11-22T09:00:00Z',
          category: 'TOBACCO',
          hsCode: '240220',
          transportMode: 'SEA',
          countryOfOrigin: 'AE',
          route: ['AE', 'TR'],
          offenders: [
            { kind: 'COMPANY', id: 'BE0999' },
            { kind: 'PERSON', id: 'P-17' },
          ],
          quantity: 1200,
        },
      },
    ]);
  });

  it('rejects a row without a category, naming the line', () => {
    const { records, rejected } = readSeizureCsv('seizureId,seizedAt,category\nCEN-2,2026-11-22T09:00:00Z,\n', 'cen.csv');
    expect(records).toEqual([]);
    expect(rejected).toEqual([{ location: 'cen.csv:2', reason: 'Seizure failed validation on category' }]);
  });
});
