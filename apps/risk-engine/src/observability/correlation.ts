import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header (HTTP and Kafka) that carries a correlation id from the caller through to the decision. */
export const CORRELATION_HEADER = 'x-correlation-id';

const ACCEPTABLE = /^[A-Za-z0-9._:/-]{1,128}$/;
const storage = new AsyncLocalStorage<{ correlationId: string }>();

/** The caller's correlation id when it is a sensible token, otherwise a fresh one. */
export function correlationIdFrom(candidate: string | undefined | null): string {
  return candidate && ACCEPTABLE.test(candidate) ? candidate : randomUUID();
}

/** Runs `work` with `correlationId` attached to every log line written inside it. */
export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
