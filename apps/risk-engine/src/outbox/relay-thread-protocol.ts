import type { EngineConfig } from '@app/config';
import type { RelayCycleSteps } from '../observability/engine-metrics';

/** What the relay thread tells the engine. */
export type RelayEvent =
  | { type: 'published'; steps: RelayCycleSteps }
  | { type: 'vacuumed'; seconds: number }
  | { type: 'log'; level: 'error' | 'warn' | 'log'; message: string; fields?: Record<string, unknown> };

/** What the engine tells the relay thread: stop, after draining the outbox for at most `drainMs`; the thread then exits. */
export interface RelayStopCommand {
  type: 'stop';
  drainMs: number;
}

/** The data a relay thread starts with. */
export interface RelayThreadData {
  config: EngineConfig;
}
