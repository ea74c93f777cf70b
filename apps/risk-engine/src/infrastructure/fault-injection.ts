import type { EngineConfig, FaultPoint } from '@app/config';

/**
 * Kills the process at a named point when FAULT_INJECTION_POINT names it. Fault tests use it to
 * crash the engine between two steps that must not lose or repeat work. A no-op otherwise.
 */
export function faultPoint(config: EngineConfig, point: FaultPoint): void {
  if (config.faultInjectionPoint === point) {
    process.stderr.write(`fault injection: killing the engine at ${point}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
