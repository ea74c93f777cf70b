/** Why a message could not be turned into a declaration. Stable codes for integrators. */
export const REJECTION_CODES = [
  'PAYLOAD_TOO_LARGE',
  'MALFORMED_JSON',
  'NOT_AN_OBJECT',
  'INVALID_DECLARATION',
  'INVALID_MESSAGE',
  'KEY_MISMATCH',
  'UNSUPPORTED_SCHEMA_VERSION',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface FieldProblem {
  field: string;
  problems: string[];
}

export interface Rejection {
  code: RejectionCode;
  message: string;
  fields: FieldProblem[];
}

/** Record written to customs.declarations.v1.dlq for a message that failed validation. */
export interface DeadLetterRecord {
  reason: Rejection;
  source: { topic: string; partition: number; offset: string; key: string | null; timestamp: string };
  /** The original payload as text (truncated to 64 KiB when larger). */
  payload: string;
  rejectedAt: string;
}
