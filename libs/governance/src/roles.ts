/** Roles carried in the `roles` claim of a bearer token. */
export const ROLES = ['RISK_ANALYST', 'RISK_SUPERVISOR', 'CLEARANCE_SYSTEM', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** Who may read risk intelligence (rules, profiles, performance, rulesets): never a clearance system. */
export const INTELLIGENCE_READERS: readonly Role[] = ['RISK_ANALYST', 'RISK_SUPERVISOR', 'AUDITOR'];

export interface Principal {
  subject: string;
  roles: Role[];
}
