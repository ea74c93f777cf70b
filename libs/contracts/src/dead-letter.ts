/** Why a message could not be turned into a declaration. Stable codes for integrators. */
export const REJECTION_CODES = [
  'PAYLOAD_TOO_LARGE',
  'MALFORMED_JSON',
  'NOT_AN_OBJECT',
  'INVALID_DECLARATION',
  'INVALID_MESSAGE',
  'KEY_MISMATCH',
  'UNSUPPORTED_SCHEMA_VERSION',
  'VERSION_CONFLICT',
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

/**
 * A declaration version that was decided before, sent again with other content. A version is
 * decided once (ADR 0004); an amendment needs a higher `version`, so the first decision stands and
 * the new content is refused, never silently answered with the decision of the old one.
 */
export function versionConflict(declarationId: string, version: number, decisionId: string): Rejection {
  return {
    code: 'VERSION_CONFLICT',
    message:
      `Declaration ${declarationId} version ${version} was decided before (decision ${decisionId}) with other content; ` +
      `send an amendment as version ${version + 1} or higher`,
    fields: [{ field: 'version', problems: [`version ${version} was decided before with other content`] }],
  };
}

/** Record written to customs.declarations.v1.dlq for a message that failed validation. */
export interface DeadLetterRecord {
  reason: Rejection;
  source: { topic: string; partition: number; offset: string; key: string | null; timestamp: string };
  /** The original payload as text (truncated to 64 KiB when larger). */
  payload: string;
  rejectedAt: string;
}
