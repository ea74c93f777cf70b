/**
 * npm run bench:soak — the engine under a steady 1,000 declarations a second for 10 minutes
 * (BENCH_SOAK_SECONDS), sampling its resident memory every 10 s; memory must stay flat.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';

const ROOT = resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const ADMIN_URL = (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/risk_engine').replace(/\/[^/]*$/, '/postgres');
const SOAK_DB = ADMIN_URL.replace(/\/postgres$/, '/risk_engine_soak');
const run = `soak${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  execFileSync('npx', ['nest', 'build', 'risk-engine'], { cwd: ROOT, stdio: 'ignore' });
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS risk_engine_soak WITH (FORCE)');
  await admin.query('CREATE DATABASE risk_engine_soak');
  await admin.end();
  const kafka = new Kafka({ clientId: `${run}-driver`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  if ((await kafkaAdmin.listTopics()).includes(Topic.Declarations)) {
    const offsets = await kafkaAdmin.fetchTopicOffsets(Topic.Declarations);
    await kafkaAdmin.setOffsets({
      groupId: `${run}-engine`,
      topic: Topic.Declarations,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
    });
  }
  const port = 51_000 + Math.floor(Math.random() * 5_000);
  const engine = spawn(process.execPath, [join(ROOT, 'dist/apps/risk-engine/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: SOAK_DB,
      PORT: String(port),
      KAFKA_GROUP_ID: `${run}-engine`,
      KAFKA_CLIENT_ID: run,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i += 1) {
      if (i > 300) throw new Error('the engine did not become ready');
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
      } catch {
        // starting
      }
      await sleep(200);
    }
    const producer = kafka.producer();
    await producer.connect();
    const samples: { second: number; mb: number }[] = [];
    const started = performance.now();
    let sent = 0;
    let nextSample = 0;
    const perTick = RATE / 10;
    while ((performance.now() - started) / 1000 < SECONDS) {
      const batch = sampleDeclarations(perTick, { seed: sent + 1, idPrefix: `${run}-${sent}` });
      await producer.send({ topic: Topic.Declarations, messages: batch.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })) });
      sent += batch.length;
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= nextSample) {
        samples.push({ second: Math.round(elapsed), mb: residentMb(engine.pid ?? 0) });
        nextSample += 10;
      }
      const wait = started + (sent / RATE) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await sleep(5_000);
    const db = new Client({ connectionString: SOAK_DB });
    await db.connect();
    const decided = Number((await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions')).rows[0]?.count);
    await db.end();
    const minute = (from: number, to: number) => {
      const window = samples.filter((s) => s.second >= from && s.second < to).map((s) => s.mb);
      return window.reduce((a, b) => a + b, 0) / Math.max(1, window.length);
    };
    const second = minute(60, 120);
    const last = minute(SECONDS - 60, SECONDS + 1);
    console.log(`Soak: ${sent} declarations offered at ${RATE}/s for ${SECONDS} s; ${decided} decided and stored`);
    console.log(`Engine resident memory (MB) every 10 s: ${samples.map((s) => s.mb.toFixed(0)).join(' ')}`);
    console.log(
      `Second minute average ${second.toFixed(0)} MB, last minute average ${last.toFixed(0)} MB: ${(((last - second) / second) * 100).toFixed(1)}% change`,
    );
    await producer.disconnect();
  } finally {
    engine.kill('SIGTERM');
    await kafkaAdmin.disconnect();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
