import { Module } from '@nestjs/common';
import { GovernanceCoreModule } from '../governance/governance-core.module';
import { ActiveRuleset } from './active-ruleset';

/** The active ruleset and its SelectivityEngine, shared by scoring, profiles and feedback. */
@Module({ imports: [GovernanceCoreModule], providers: [ActiveRuleset], exports: [ActiveRuleset] })
export class SelectivityCoreModule {}
