import { EngineMetrics } from './engine-metrics';
import type { RiskDecision } from '@app/contracts';

const decision = (lane: RiskDecision['lane']) => ({ lane }) as RiskDecision;

describe(EngineMetrics.name, () => {
  it('counts decisions by lane and channel and dead letters by reason, in Prometheus text', async () => {
    const metrics = new EngineMetrics({
      consumerLag: () => Promise.resolve([{ labels: { topic: 'customs.declarations.v1', partition: '0' }, value: 7 }]),
      outboxBacklog: () => Promise.resolve([{ labels: {}, value: 3 }]),
    });
    metrics.decided('KAFKA', [decision('RED'), decision('RED'), decision('GREEN')]);
    metrics.deadLettered('customs.declarations.v1.dlq', ['MALFORMED_JSON']);
    metrics.declarationsConsumed('HTTP', 2);
    metrics.scored(0.0002);
    metrics.published({ claim: 0.004, send: 0.02, commit: 0.006 });
    const body = await metrics.exposition();
    expect(metrics.registry.contentType).toBe(EngineMetrics.contentType);
    expect(body).toContain('risk_engine_decisions_total{channel="KAFKA",lane="RED"} 2');
    expect(body).toContain('risk_engine_decisions_total{channel="KAFKA",lane="GREEN"} 1');
    expect(body).toContain('risk_engine_dead_letters_total{topic="customs.declarations.v1.dlq",reason="MALFORMED_JSON"} 1');
    expect(body).toContain('risk_engine_declarations_consumed_total{channel="HTTP"} 2');
    expect(body).toContain('risk_engine_scoring_duration_seconds_bucket{le="0.00025"} 1');
    expect(body).toContain('risk_engine_outbox_publish_duration_seconds_bucket{le="0.025"} 0');
    expect(body).toContain('risk_engine_outbox_publish_duration_seconds_bucket{le="0.05"} 1');
    expect(body).toContain('risk_engine_outbox_relay_step_duration_seconds_bucket{le="0.0025",step="claim"} 0');
    expect(body).toContain('risk_engine_outbox_relay_step_duration_seconds_bucket{le="0.005",step="claim"} 1');
    expect(body).toContain('risk_engine_outbox_relay_step_duration_seconds_bucket{le="0.01",step="send"} 0');
    expect(body).toContain('risk_engine_outbox_relay_step_duration_seconds_bucket{le="0.025",step="send"} 1');
    expect(body).toContain('risk_engine_outbox_relay_step_duration_seconds_bucket{le="0.01",step="commit"} 1');
    expect(body).toContain('risk_engine_consumer_lag{topic="customs.declarations.v1",partition="0"} 7');
    expect(body).toContain('risk_engine_outbox_backlog 3');
  });

  it('leaves lag and backlog empty when their sources do not answer', async () => {
    const metrics = new EngineMetrics({ consumerLag: () => Promise.resolve(null), outboxBacklog: () => Promise.resolve(null) });
    const body = await metrics.exposition();
    expect(body).not.toMatch(/^risk_engine_consumer_lag\{/m);
    expect(body).toMatch(/^risk_engine_outbox_backlog nan$/im);
  });
});
