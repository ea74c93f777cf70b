/**
 * Entry of the outbox relay's worker thread (ADR 0009, 2026-12-03 fourth addendum): its own
 * event loop, PostgreSQL connection and Kafka producer, so that the relay's round trips do not
 * wait for the turns of the engine's event loop, and the engine's requests do not wait for the
 * relay's work. It reports cycles, vacuums and log lines to the engine, which owns metrics and logs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createKafka } from '@app/messaging';
import { OutboxRelayLoop } from './relay-loop';
import type { RelayEvent, RelayStopCommand, RelayThreadData } from './relay-thread-protocol';

/** Log fields as plain data (kafkajs may attach errors and other objects a message cannot carry). */
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function runRelayThread(): void {
  const port = parentPort;
  if (!port) throw new Error('relay-worker runs as a worker thread of the risk engine');
  const { config } = workerData as RelayThreadData;
  const send = (event: RelayEvent) => port.postMessage(event);
  const kafka = createKafka(config.kafka, (level, message, fields) => send({ type: 'log', level, message, fields: plain(fields) }));
  const loop = new OutboxRelayLoop(kafka, config, {
    published: (steps) => send({ type: 'published', steps }),
    vacuumed: (seconds) => send({ type: 'vacuumed', seconds }),
    log: (level, message) => send({ type: 'log', level, message }),
  });
  port.on('message', (command: RelayStopCommand) => {
    if (command.type !== 'stop') return;
    void loop.stop(command.drainMs).finally(() => port.close());
  });
  loop.start();
}

runRelayThread();
