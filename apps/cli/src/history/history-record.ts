import type { Declaration, InspectionOutcome, SeizureRecord } from '@app/contracts';

/** One history entry read from a file: a declaration with its inspection outcome, or a seizure. */
export type HistoryRecord =
  | { kind: 'inspection'; declaration: Declaration; outcome: InspectionOutcome }
  | { kind: 'declaration'; declaration: Declaration }
  | { kind: 'seizure'; seizure: SeizureRecord };

/** A line or row that could not be read, with the reason. */
export interface RejectedRecord {
  location: string;
  reason: string;
}

export interface HistoryReadResult<T> {
  records: T[];
  rejected: RejectedRecord[];
}
