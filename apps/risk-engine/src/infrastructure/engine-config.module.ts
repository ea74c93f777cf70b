import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';

/** Makes the validated configuration injectable everywhere as ENGINE_CONFIG. */
@Global()
@Module({})
export class EngineConfigModule {
  static forRoot(config: EngineConfig): DynamicModule {
    return { module: EngineConfigModule, providers: [{ provide: ENGINE_CONFIG, useValue: config }], exports: [ENGINE_CONFIG] };
  }
}
