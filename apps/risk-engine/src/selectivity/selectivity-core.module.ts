import { Module } from '@nestjs/common';
import { ActiveRuleset } from './active-ruleset';

/** The active ruleset and its SelectivityEngine, shared by scoring, profiles and feedback. */
@Module({ providers: [ActiveRuleset], exports: [ActiveRuleset] })
export class SelectivityCoreModule {}
