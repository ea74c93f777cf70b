import { Module } from '@nestjs/common';
import { AuditLog } from './audit/audit-log';
import { RulesetVersions } from './rulesets/ruleset-versions';

/** Ruleset versions and the audit log, shared by the active ruleset and the governance API. */
@Module({ providers: [AuditLog, RulesetVersions], exports: [AuditLog, RulesetVersions] })
export class GovernanceCoreModule {}
