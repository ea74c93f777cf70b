import {
  InspectionOutcomeDto,
  SeizureRecordDto,
  validateAs,
  validateDeclaration,
  type Declaration,
  type InspectionOutcome,
} from '@app/contracts';
import type { HistoryReadResult, HistoryRecord } from './history-record';

/**
 * JSON Lines history: one object per line, either
 *   {"declaration": {...}, "outcome": {...}}   an inspected declaration
 *   {"declaration": {...}}                      a declaration without inspection
 *   {"seizure": {...}}                          a seizure record (CEN style)
 * Declarations, outcomes and seizures follow the v1 contracts.
 */
export function readJsonlHistory(text: string, file: string): HistoryReadResult<HistoryRecord> {
  const result: HistoryReadResult<HistoryRecord> = { records: [], rejected: [] };
  forEachLine(text, file, result.rejected, (value, location) => {
    const entry = value as { declaration?: unknown; outcome?: unknown; seizure?: unknown };
    if (entry.seizure !== undefined) {
      const seizure = validateAs(SeizureRecordDto, entry.seizure, 'seizure');
      if (seizure.ok) result.records.push({ kind: 'seizure', seizure: seizure.value });
      else result.rejected.push({ location, reason: seizure.rejection.message });
      return;
    }
    const declaration = validateDeclaration(entry.declaration);
    if (!declaration.ok) {
      result.rejected.push({ location, reason: declaration.rejection.message });
      return;
    }
    if (entry.outcome === undefined) {
      result.records.push({ kind: 'declaration', declaration: declaration.declaration });
      return;
    }
    const outcome = validateAs(InspectionOutcomeDto, entry.outcome, 'outcome');
    if (outcome.ok) result.records.push({ kind: 'inspection', declaration: declaration.declaration, outcome: outcome.value });
    else result.rejected.push({ location, reason: outcome.rejection.message });
  });
  return result;
}

/** Declarations to score: each line a declaration, or {"declaration": ...}; any outcome is ignored. */
export function readJsonlDeclarations(text: string, file: string): HistoryReadResult<Declaration> {
  const result: HistoryReadResult<Declaration> = { records: [], rejected: [] };
  forEachLine(text, file, result.rejected, (value, location) => {
    const entry = value as { declaration?: unknown };
    const parsed = validateDeclaration(entry.declaration ?? value);
    if (parsed.ok) result.records.push(parsed.declaration);
    else result.rejected.push({ location, reason: parsed.rejection.message });
  });
  return result;
}

/** Outcomes of the input lines that carry one (backtest only). */
export function readJsonlOutcomes(text: string): Map<string, InspectionOutcome['result']> {
  const outcomes = new Map<string, InspectionOutcome['result']>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as { declaration?: { declarationId?: string }; outcome?: { result?: InspectionOutcome['result'] } };
      if (entry.declaration?.declarationId && entry.outcome?.result) outcomes.set(entry.declaration.declarationId, entry.outcome.result);
    } catch {
      // reported by the declaration reader
    }
  }
  return outcomes;
}

function forEachLine(
  text: string,
  file: string,
  rejected: { location: string; reason: string }[],
  visit: (value: unknown, location: string) => void,
): void {
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const location = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      rejected.push({ location, reason: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    visit(value, location);
  });
}
