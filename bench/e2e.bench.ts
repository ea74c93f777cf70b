/**
 * npm run bench:e2e — the whole engine as a separate process on the local stack:
 *  1. sustained throughput: declarations from customs.declarations.v1 to decisions read back from
 *     customs.risk-decisions.v1, every decision persisted (rows counted): first a backlog on the
 *     topic before the engine starts (the engine's rate, without this driver's CPU on the same
 *     two cores), then as many again with this driver producing them meanwhile;
 *  2. decision latency at an offered 1,000 declarations a second (Kafka in to Kafka out);
 *  3. POST /v1/risk-assessments latency at 500 requests a second, after a warm-up at that rate.
 * Uses its own database (risk_engine_bench), consumer group and client id. Where the machine runs
 * DAMON's kernel thread (`kdamond`), phases 2 and 3 also say how the decisions and requests in
 * flight during its bursts fared against the others (`kernel-bursts.ts`).
 */
import { cpus, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Consumer, Producer } from 'kafkajs';
import { Client } from 'pg';
import { Topic, type Declaration } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import {
  bucketPercentile,
  collectDriverGarbage,
  describeBursts,
  freshDatabase,
  percentile,
  describeLoad,
  scrapeGauges,
  scrapeHistogram,
  skipToEnd,
  sleep,
  startBenchEngine,
  startCpuMeter,
  runBench,
  timedRequests,
} from './support';
import { offerAssessments } from './http-load';
import { describeGc, scrapeGcTotals } from './engine-gc';
import { KernelBurstWatch } from './kernel-bursts';

const SUSTAINED = Number(process.env.BENCH_DECLARATIONS ?? 50_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 20);
const HTTP_RATE = Number(process.env.BENCH_HTTP_RATE ?? 500);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
const HTTP_WARMUP_SECONDS = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 5);
/** Engine processes, as replicas of one deployment: each consumes its share of the partitions, and HTTP requests alternate between them. */
const ENGINES = Number(process.env.BENCH_ENGINES ?? 1);
/** The steps of a relay cycle, as the engine labels them in risk_engine_outbox_relay_step_duration_seconds. */
const RELAY_STEPS = ['claim', 'send', 'commit'] as const;
const run = `bench${Date.now().toString(36)}`;
/** The resolution of the load driver's event-loop delay histograms. */
const DRIVER_LAG_INTERVAL_MS = 1;

/** A declaration as the load driver sends it: serialized before the phase that sends it, as a clearance system on another machine would. */
interface DeclarationMessage {
  key: string;
  value: string;
}

const toMessages = (declarations: Declaration[]): DeclarationMessage[] =>
  declarations.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) }));

/** Produces declarations to the declarations topic in sends of 1,000, eight in flight, as a busy clearance system would. */
async function produceInBulk(producer: Producer, messages: DeclarationMessage[]): Promise<void> {
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < messages.length; i += 1_000) {
    inFlight.push(
      producer.send({
        topic: Topic.Declarations,
        acks: -1,
        messages: messages.slice(i, i + 1_000),
      }),
    );
    if (inFlight.length >= 8) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

/** Resolves once a decision of every one of the declarations has been read back; gives up after 10 minutes. */
async function untilReadBack(arrived: ReadonlyMap<string, number>, declarationIds: string[], what: string): Promise<void> {
  const since = performance.now();
  while (declarationIds.some((id) => !arrived.has(id))) {
    if (performance.now() - since > 600_000) throw new Error(`the decisions on ${what} did not all arrive within 10 minutes`);
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const BENCH_DB = await freshDatabase('risk_engine_bench');
  // Decisions read back from Kafka, with the time each arrived and (wall clock) when it was decided.
  const arrived = new Map<string, number>();
  const decidedAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  const publishedAt = new Map<string, number>();
  let reader: Consumer | undefined;
  // The driver keeps only what it still needs: declarations are serialized before their phase and
  // let go once sent, so that its collector does not stall it while it times the engine.
  const backlogMessages = toMessages(sampleDeclarations(SUSTAINED, { seed: 10, idPrefix: `${run}-B` }));
  const backlogIds = backlogMessages.map((m) => m.key);
  const engine = await startBenchEngine(run, BENCH_DB, 'warn', ENGINES, async (kafka, admin) => {
    // The decision reader is running before the engine starts, so that it reads the backlog's
    // decisions as they come out.
    await skipToEnd(admin, `${run}-reader`, Topic.RiskDecisions);
    reader = kafka.consumer({ groupId: `${run}-reader`, readUncommitted: false, maxBytesPerPartition: 4 * 1024 * 1024 });
    await reader.connect();
    await reader.subscribe({ topic: Topic.RiskDecisions });
    await reader.run({
      // The reader needs no committed offsets (its group is this run's own, placed by skipToEnd).
      // kafkajs commits after every partition batch otherwise: about 300 requests a second to the
      // shared broker at 1,000 decisions a second, each one ahead of this reader's next fetch. A
      // Java consumer commits every 5 s by default.
      autoCommit: false,
      eachBatch: ({ batch }) => {
        const now = performance.now();
        const wall = Date.now();
        for (const message of batch.messages) {
          const key = message.key?.toString() ?? '';
          if (!key.startsWith(run)) continue;
          arrived.set(key, now);
          if (key.startsWith(`${run}-L`)) {
            decidedAt.set(key, Date.parse((JSON.parse(message.value?.toString() ?? '{}') as { decidedAt: string }).decidedAt));
            arrivedAt.set(key, wall);
            publishedAt.set(key, Number(message.timestamp));
          }
        }
        return Promise.resolve();
      },
    });
    await sleep(3_000);
    // 1a. A backlog, on the topic before the engine starts: the declarations a clearance system
    // lodged while the engine was down, or faster than it decides them.
    const backlogProducer = kafka.producer({ allowAutoTopicCreation: false });
    await backlogProducer.connect();
    await produceInBulk(backlogProducer, backlogMessages);
    backlogMessages.length = 0;
    await backlogProducer.disconnect();
  });
  const { kafka, ports } = engine;
  try {
    // 1a. Draining the backlog. The engine drains it from the moment its consumer joins, a little
    // before it reports ready, so the rate is taken between the first decisions read back and the
    // last, and the CPU from readiness on.
    const drainCpu = startCpuMeter();
    const drainCpuFrom = performance.now();
    await untilReadBack(arrived, backlogIds, 'the backlog');
    const drainCpuShares = drainCpu.stop((performance.now() - drainCpuFrom) / 1000);
    const backlogArrivals = backlogIds.map((id) => arrived.get(id) ?? 0);
    const firstOut = backlogArrivals.reduce((a, b) => Math.min(a, b), Infinity);
    const lastOut = backlogArrivals.reduce((a, b) => Math.max(a, b), 0);
    const outAfterFirst = backlogArrivals.filter((at) => at > firstOut).length;
    // The decisions come back in relay transactions of up to a few thousand; a backlog read back
    // in a handful of them (a small BENCH_DECLARATIONS) gives no interval worth timing.
    const readBacks = new Set(backlogArrivals).size;
    const drainRate =
      readBacks >= 10
        ? `${(outAfterFirst / ((lastOut - firstOut) / 1000)).toFixed(0)} declarations/s`
        : `read back in ${readBacks} fetches, too few to time (raise BENCH_DECLARATIONS):`;

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    // 1b. Sustained throughput with the load driver producing meanwhile, on the same two cores.
    const bulkMessages = toMessages(sampleDeclarations(SUSTAINED, { seed: 11, idPrefix: `${run}-S` }));
    const wanted = bulkMessages.map((m) => m.key);
    const started = performance.now();
    const sustainedCpu = startCpuMeter();
    await produceInBulk(producer, bulkMessages);
    bulkMessages.length = 0;
    const produced = performance.now();
    await untilReadBack(arrived, wanted, 'the declarations produced meanwhile');
    const sustainedCpuShares = sustainedCpu.stop((performance.now() - started) / 1000);
    const finished = wanted.reduce((latest, id) => Math.max(latest, arrived.get(id) ?? 0), 0);
    const db = new Client({ connectionString: BENCH_DB });
    await db.connect();
    const persisted = async (prefix: string) =>
      (await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1', [`${prefix}-%`])).rows[0]
        ?.count;
    const backlogPersisted = await persisted(`${run}-B`);
    const sustainedPersisted = await persisted(`${run}-S`);
    const sustainedRate = SUSTAINED / ((finished - started) / 1000);

    // 2. Latency at an offered rate, with the engine's own histograms read before and after.
    const engineHistograms = () =>
      Promise.all([
        scrapeHistogram(ports, 'risk_engine_assessment_duration_seconds', 'channel="KAFKA"'),
        scrapeHistogram(ports, 'risk_engine_outbox_publish_duration_seconds'),
        ...RELAY_STEPS.map((step) => scrapeHistogram(ports, 'risk_engine_outbox_relay_step_duration_seconds', `step="${step}"`)),
      ]);
    const [assessedBefore, publishedBefore, ...stepsBefore] = await engineHistograms();
    const pacedMessages = toMessages(sampleDeclarations(RATE * RATE_SECONDS, { seed: 12, idPrefix: `${run}-L` }));
    const sentAt = new Map<string, number>();
    const sentWall = new Map<string, number>();
    const tick = 20;
    const perTick = (RATE * tick) / 1000;
    collectDriverGarbage();
    const pacedDriverDelay = monitorEventLoopDelay({ resolution: DRIVER_LAG_INTERVAL_MS });
    pacedDriverDelay.enable();
    const pacedStart = performance.now();
    const pacedKernelWatch = KernelBurstWatch.start();
    const pacedCpu = startCpuMeter();
    for (let i = 0; i < pacedMessages.length; i += perTick) {
      const due = pacedStart + (i / perTick) * tick;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const slice = pacedMessages.slice(i, i + perTick);
      const now = performance.now();
      const wall = Date.now();
      for (const { key } of slice) {
        sentAt.set(key, now);
        sentWall.set(key, wall);
      }
      void producer.send({ topic: Topic.Declarations, acks: -1, messages: slice });
    }
    pacedMessages.length = 0;
    await untilReadBack(arrived, [...sentAt.keys()], 'the paced declarations');
    const pacedKernel = pacedKernelWatch?.stop();
    const pacedSeconds = (performance.now() - pacedStart) / 1000;
    const pacedCpuShares = pacedCpu.stop(pacedSeconds);
    pacedDriverDelay.disable();
    const [assessedAfter, publishedAfter, ...stepsAfter] = await engineHistograms();
    const latencies = [...sentAt].map(([id, sent]) => (arrived.get(id) ?? 0) - sent);
    const pacedDecisions = [...sentAt].map(([id, sent]) => ({ sentAt: performance.timeOrigin + sent, ms: (arrived.get(id) ?? 0) - sent }));
    // Where the time goes: sent -> decided (broker, consumer fetch, validation, scoring) and
    // decided -> read back (database commit, outbox relay, Kafka transaction, reader fetch).
    const toDecision = [...sentWall].map(([id, sent]) => (decidedAt.get(id) ?? 0) - sent);
    const toReader = [...sentWall.keys()].map((id) => (arrivedAt.get(id) ?? 0) - (decidedAt.get(id) ?? 0));
    // The relay's produce timestamp splits the second part: decided -> sent to Kafka by the relay
    // (commit, relay wake-up, claim) and sent by the relay -> read back (transaction commit, fetch).
    const toRelay = [...sentWall.keys()].map((id) => (publishedAt.get(id) ?? 0) - (decidedAt.get(id) ?? 0));
    const relayToReader = [...sentWall.keys()].map((id) => (arrivedAt.get(id) ?? 0) - (publishedAt.get(id) ?? 0));

    // 3. HTTP latency at an offered rate (open loop). The decision reader is done; stopping it
    // keeps its fetches off the shared cores while HTTP latency is measured, and what it read is
    // let go.
    await reader?.disconnect();
    for (const readBack of [arrived, decidedAt, arrivedAt, publishedAt, sentAt, sentWall]) readBack.clear();
    const bodies = sampleDeclarations(HTTP_RATE * (HTTP_WARMUP_SECONDS + HTTP_SECONDS), { seed: 13, idPrefix: `${run}-H` }).map((d) =>
      JSON.stringify(d),
    );
    // The first seconds at the rate open pooled connections and compile the concurrent code paths;
    // they are reported apart from the steady state.
    collectDriverGarbage();
    const httpWarmUp = await offerAssessments(ports, bodies.slice(0, HTTP_RATE * HTTP_WARMUP_SECONDS), HTTP_RATE);
    const httpAssessedBefore = await scrapeHistogram(ports, 'risk_engine_assessment_duration_seconds', 'channel="HTTP"');
    // Event-loop delay on both sides tells a stalled engine from a stalled load driver. The
    // engine's figure comes from its default metrics, whose histogram restarts at every scrape.
    // Node's delay histogram records the time between its timer's ticks, so every reading holds
    // the sampling interval (prom-client's 10 ms default, 1 ms here); it is taken off below.
    const LAG_P99 = 'risk_engine_nodejs_eventloop_lag_p99_seconds';
    const LAG_MAX = 'risk_engine_nodejs_eventloop_lag_max_seconds';
    const ENGINE_LAG_INTERVAL_MS = 10;
    await scrapeGauges(ports, [LAG_MAX]);
    const httpGcBefore = await scrapeGcTotals(ports);
    const driverDelay = monitorEventLoopDelay({ resolution: DRIVER_LAG_INTERVAL_MS });
    driverDelay.enable();
    const httpKernelWatch = KernelBurstWatch.start();
    const http = await offerAssessments(ports, bodies.slice(HTTP_RATE * HTTP_WARMUP_SECONDS), HTTP_RATE);
    const httpKernel = httpKernelWatch?.stop();
    driverDelay.disable();
    const engineDelay = await scrapeGauges(ports, [LAG_P99, LAG_MAX]);
    const httpAssessedAfter = await scrapeHistogram(ports, 'risk_engine_assessment_duration_seconds', 'channel="HTTP"');
    const httpGcAfter = await scrapeGcTotals(ports);

    const beyond = (milliseconds: number, interval: number) => Math.max(0, milliseconds - interval).toFixed(1);
    const driverLag = (nanoseconds: number) => beyond(nanoseconds / 1e6, DRIVER_LAG_INTERVAL_MS);
    console.log(
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${ENGINES} engine process${ENGINES === 1 ? '' : 'es'}, the Kafka broker, PostgreSQL and this load driver on the same machine`,
    );
    console.log(
      `1. Sustained, from a backlog of ${SUSTAINED} declarations on the topic before the engine started: ${drainRate} Kafka in -> decisions out (first to last decision read back: ${((lastOut - firstOut) / 1000).toFixed(1)} s); ${backlogPersisted} decisions persisted`,
    );
    console.log(`   CPU from the engine's readiness on, % of one core: ${drainCpuShares}`);
    console.log(
      `   and with this load driver producing ${SUSTAINED} more meanwhile: ${sustainedRate.toFixed(0)} declarations/s, in ${((finished - started) / 1000).toFixed(1)} s from the first send to the last decision read back (producing took ${((produced - started) / 1000).toFixed(1)} s); ${sustainedPersisted} decisions persisted`,
    );
    console.log(`   CPU, % of one core: ${sustainedCpuShares}`);
    console.log(
      `2. At an offered ${RATE}/s for ${RATE_SECONDS} s: decision latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(1)} ms`,
    );
    console.log(
      `   of which sent -> decided p50 ${percentile(toDecision, 50).toFixed(0)} ms, p99 ${percentile(toDecision, 99).toFixed(0)} ms; decided -> read back p50 ${percentile(toReader, 50).toFixed(0)} ms, p99 ${percentile(toReader, 99).toFixed(0)} ms`,
    );
    console.log(
      `   and decided -> produced by the relay p50 ${percentile(toRelay, 50).toFixed(0)} ms, p99 ${percentile(toRelay, 99).toFixed(0)} ms; produced -> read back p50 ${percentile(relayToReader, 50).toFixed(0)} ms, p99 ${percentile(relayToReader, 99).toFixed(0)} ms`,
    );
    console.log(
      `   engine's own histograms: batch in -> decisions committed p50 ${bucketPercentile(assessedBefore, assessedAfter, 50)}, p99 ${bucketPercentile(assessedBefore, assessedAfter, 99)}; outbox relay cycle (claim + Kafka transaction) p50 ${bucketPercentile(publishedBefore, publishedAfter, 50)}, p99 ${bucketPercentile(publishedBefore, publishedAfter, 99)}`,
    );
    const stepFigures = RELAY_STEPS.map((step, index) => {
      const [before, after] = [stepsBefore[index] ?? new Map<string, number>(), stepsAfter[index] ?? new Map<string, number>()];
      return `${step} p50 ${bucketPercentile(before, after, 50)}, p99 ${bucketPercentile(before, after, 99)}`;
    });
    console.log(`   relay cycle steps: ${stepFigures.join('; ')}`);
    console.log(`   CPU, % of one core: ${pacedCpuShares}`);
    console.log(
      `   event-loop delay of this load driver beyond the sampling interval: p99 ${driverLag(pacedDriverDelay.percentile(99))} ms, max ${driverLag(pacedDriverDelay.max)} ms`,
    );
    if (pacedKernel) console.log(`   kernel bursts meanwhile: ${describeBursts(pacedKernel, pacedDecisions, pacedSeconds, 50)}`);
    console.log(
      `3. POST /v1/risk-assessments at an offered ${HTTP_RATE}/s for ${HTTP_SECONDS} s (achieved ${(http.latencies.length / http.seconds).toFixed(0)}/s): ${describeLoad(http)}`,
    );
    console.log(
      `   the ${HTTP_WARMUP_SECONDS} s of warm-up at that rate before them (not in the figures above): ${describeLoad(httpWarmUp)}`,
    );
    console.log(
      `   engine's own histogram: request batch assessed and committed p50 ${bucketPercentile(httpAssessedBefore, httpAssessedAfter, 50)}, p99 ${bucketPercentile(httpAssessedBefore, httpAssessedAfter, 99)}`,
    );
    const engineLag = (gauge: string) => beyond((engineDelay.get(gauge) ?? NaN) * 1000, ENGINE_LAG_INTERVAL_MS);
    console.log(
      `   event-loop delay beyond the sampling interval: engine p99 ${engineLag(LAG_P99)} ms, max ${engineLag(LAG_MAX)} ms over the phase; load driver p99 ${driverLag(driverDelay.percentile(99))} ms, max ${driverLag(driverDelay.max)} ms`,
    );
    console.log(`   garbage collection in the engine meanwhile: ${describeGc(httpGcBefore, httpGcAfter, http.seconds)}`);
    if (httpKernel) console.log(`   kernel bursts meanwhile: ${describeBursts(httpKernel, timedRequests(http), http.seconds, 10)}`);
    await db.end();
    await producer.disconnect();
  } finally {
    await engine.stop();
  }
}

runBench(main);
