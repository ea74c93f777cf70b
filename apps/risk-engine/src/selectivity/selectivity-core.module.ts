import { Module } from '@nestjs/common';
import { selectivityEngineProvider } from './selectivity-engine.provider';

/** The SelectivityEngine with the loaded ruleset, shared by scoring and profiles. */
@Module({ providers: [selectivityEngineProvider], exports: [selectivityEngineProvider] })
export class SelectivityCoreModule {}
