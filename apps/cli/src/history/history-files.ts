import { readFileSync } from 'node:fs';
import type { Declaration, InspectionOutcome } from '@app/contracts';
import type { HistoryReadResult, HistoryRecord } from './history-record';
import { readJsonlDeclarations, readJsonlHistory, readJsonlOutcomes } from './jsonl-adapter';
import { readKcsDeclarations, readKcsHistory, readKcsOutcomes } from './kcs-adapter';
import { readSeizureCsv } from './seizure-csv-adapter';

export const HISTORY_FORMATS = ['kcs', 'jsonl', 'seizures-csv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

export function readHistory(format: HistoryFormat, files: string[]): HistoryReadResult<HistoryRecord> {
  const all: HistoryReadResult<HistoryRecord> = { records: [], rejected: [] };
  for (const file of files) {
    const text = read(file);
    const result =
      format === 'kcs' ? readKcsHistory(text, file) : format === 'seizures-csv' ? readSeizureCsv(text, file) : readJsonlHistory(text, file);
    all.records.push(...result.records);
    all.rejected.push(...result.rejected);
  }
  return all;
}

export function readDeclarations(format: HistoryFormat, file: string): HistoryReadResult<Declaration> {
  if (format === 'seizures-csv')
    return { records: [], rejected: [{ location: file, reason: 'seizures-csv holds history, not declarations to score' }] };
  return format === 'kcs' ? readKcsDeclarations(read(file), file) : readJsonlDeclarations(read(file), file);
}

/** What the inspections of the input found; used only by `backtest`, after scoring. */
export function readOutcomes(format: HistoryFormat, file: string): Map<string, InspectionOutcome['result']> {
  if (format === 'seizures-csv') return new Map();
  return format === 'kcs' ? readKcsOutcomes(read(file)) : readJsonlOutcomes(read(file));
}
