/**
 * The engine's main job on sample data: publishes realistic declarations to Kafka, reads the
 * decisions back from Kafka, and prints the lane counts and three decisions with their reasons.
 * Run through `npm run demo`, which starts the stack and the engine first.
 */
import { Kafka, logLevel } from 'kafkajs';
import { LANES, Topic, type Lane, type RiskDecision } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';

const COUNT = Number(process.env.DEMO_DECLARATIONS ?? 400);
const TIMEOUT_MS = 90_000;

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const runId = `DEMO${Date.now().toString(36).toUpperCase()}`;
  const kafka = new Kafka({ clientId: 'risk-engine-demo', brokers, logLevel: logLevel.NOTHING });
  const declarations = sampleDeclarations(COUNT, { seed: Date.now() % 100_000, idPrefix: runId });

  const decisions = new Map<string, RiskDecision>();
  const consumer = kafka.consumer({ groupId: `${runId}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topic.RiskDecisions, fromBeginning: true });
  let done: () => void = () => undefined;
  const allIn = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: ({ message }) => {
      if (message.key?.toString().startsWith(runId)) {
        const decision = JSON.parse(message.value?.toString() ?? '{}') as RiskDecision;
        decisions.set(decision.declarationId, decision);
        if (decisions.size >= COUNT) done();
      }
      return Promise.resolve();
    },
  });

  const producer = kafka.producer();
  await producer.connect();
  const started = Date.now();
  for (let i = 0; i < declarations.length; i += 100) {
    await producer.send({
      topic: Topic.Declarations,
      messages: declarations.slice(i, i + 100).map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })),
    });
  }
  console.log(`Published ${declarations.length} declarations to ${Topic.Declarations} (run ${runId})`);

  const timer = setTimeout(done, TIMEOUT_MS);
  await allIn;
  clearTimeout(timer);
  const seconds = (Date.now() - started) / 1000;
  await producer.disconnect();
  await consumer.disconnect();

  console.log(`Read ${decisions.size} decisions back from ${Topic.RiskDecisions} in ${seconds.toFixed(1)} s\n`);
  const counts = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  for (const decision of decisions.values()) counts[decision.lane] += 1;
  console.log('Lane     Declarations  Share');
  for (const lane of LANES) {
    console.log(
      `${lane.padEnd(8)} ${String(counts[lane]).padStart(12)}  ${((100 * counts[lane]) / Math.max(1, decisions.size)).toFixed(1).padStart(5)}%`,
    );
  }

  const shown = new Set<Lane>();
  const examples = [...decisions.values()]
    .filter((d) => d.reasons.length > 0)
    .sort((a, b) => b.score - a.score)
    .filter((d) => (shown.has(d.lane) ? false : (shown.add(d.lane), true)))
    .slice(0, 3);
  for (const decision of examples) {
    console.log(`\n${decision.declarationId} -> ${decision.lane} (score ${decision.score}, ruleset ${decision.rulesetVersion})`);
    for (const reason of decision.reasons) {
      const rule = reason.ruleId ? `${reason.ruleId} v${reason.ruleVersion}` : reason.source;
      console.log(`  - [${reason.code}] ${rule}, contribution ${reason.contribution}: ${reason.message}`);
    }
  }
  if (decisions.size < COUNT) {
    console.error(`\nOnly ${decisions.size} of ${COUNT} decisions arrived within ${TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
