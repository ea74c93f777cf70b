import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ProfilesModule } from '../profiles/profiles.module';
import { RiskContextReader } from '../selectivity/risk-context.reader';
import { SelectivityCoreModule } from '../selectivity/selectivity-core.module';
import { AuditLogController } from './audit/audit-log.controller';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { GovernanceCoreModule } from './governance-core.module';
import { RulesetSimulation } from './rulesets/ruleset-simulation';
import { RulesetTrial } from './rulesets/ruleset-trial';
import { CandidateEngines } from './rulesets/candidate-engines';
import { RulesetsController } from './rulesets/rulesets.controller';

/** Risk-manager governance: ruleset lifecycle, simulation, audit log, and authentication for every endpoint. */
@Module({
  imports: [GovernanceCoreModule, SelectivityCoreModule, ProfilesModule],
  controllers: [RulesetsController, AuditLogController],
  providers: [CandidateEngines, RulesetSimulation, RulesetTrial, RiskContextReader, { provide: APP_GUARD, useClass: BearerAuthGuard }],
})
export class GovernanceModule {}
