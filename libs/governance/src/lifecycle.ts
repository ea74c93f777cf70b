/** A ruleset version moves DRAFT -> SUBMITTED -> APPROVED -> ACTIVE -> RETIRED; a retired version may be reactivated (rollback). */
export const VERSION_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'RETIRED'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export type LifecycleAction = 'SUBMIT' | 'APPROVE' | 'ACTIVATE' | 'RETIRE' | 'ROLLBACK';

export class GovernanceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 409,
  ) {
    super(message);
    this.name = 'GovernanceError';
  }
}

export interface VersionState {
  status: VersionStatus;
  author: string;
}

const ALLOWED: Record<LifecycleAction, VersionStatus[]> = {
  SUBMIT: ['DRAFT'],
  APPROVE: ['SUBMITTED'],
  ACTIVATE: ['APPROVED'],
  RETIRE: ['ACTIVE', 'APPROVED'],
  ROLLBACK: ['RETIRED'],
};

const RESULT: Record<LifecycleAction, VersionStatus> = {
  SUBMIT: 'SUBMITTED',
  APPROVE: 'APPROVED',
  ACTIVATE: 'ACTIVE',
  RETIRE: 'RETIRED',
  ROLLBACK: 'ACTIVE',
};

/** The status a version moves to, or a GovernanceError saying why it may not. Four-eyes: the author never approves. */
export function transition(state: VersionState, action: LifecycleAction, actor: string): VersionStatus {
  if (!ALLOWED[action].includes(state.status)) {
    throw new GovernanceError(
      'RULESET.INVALID_TRANSITION',
      `A ${state.status} version cannot be ${action.toLowerCase()}d; it must be ${ALLOWED[action].join(' or ')}`,
    );
  }
  if (action === 'APPROVE' && actor === state.author) {
    throw new GovernanceError('RULESET.FOUR_EYES', `${actor} authored this version and cannot approve it: another supervisor must`, 403);
  }
  return RESULT[action];
}
