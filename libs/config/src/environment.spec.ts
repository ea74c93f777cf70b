import { InvalidConfigurationError, loadEnvironment } from './environment';

describe(loadEnvironment.name, () => {
  it('applies the documented defaults when nothing is set', () => {
    const sut = loadEnvironment({});
    expect(sut.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/risk_engine');
    expect(sut.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(sut.PORT).toBe(3000);
    expect(sut.RUN_MIGRATIONS).toBe(true);
    expect(sut.HTTP_GROUPS_IN_FLIGHT).toBe(1);
    expect(sut.OUTBOX_VACUUM_EVERY).toBe(10_000);
    expect(sut.OUTBOX_RELAY_THREAD).toBe('main');
    expect(sut.OUTBOX_RELAY_MIN_CYCLE_MS).toBe(0);
  });

  it('reads and coerces values from the environment', () => {
    const sut = loadEnvironment({ PORT: '8080', KAFKA_BROKERS: 'k1:9092,k2:9093', RUN_MIGRATIONS: 'false' });
    expect(sut.PORT).toBe(8080);
    expect(sut.KAFKA_BROKERS).toBe('k1:9092,k2:9093');
    expect(sut.RUN_MIGRATIONS).toBe(false);
  });

  it('names every bad value in one error', () => {
    let caught: unknown;
    try {
      loadEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', KAFKA_BROKERS: 'nohost' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigurationError);
    const message = (caught as Error).message;
    expect(message).toContain('PORT must be an integer (got "eighty")');
    expect(message).toContain('DATABASE_URL must look like postgres://');
    expect(message).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
  });

  it('rejects a port out of range', () => {
    expect(() => loadEnvironment({ PORT: '70000' })).toThrow('PORT must be between 0 and 65535');
  });

  it('reads HTTP_GROUPS_IN_FLIGHT and rejects zero', () => {
    expect(loadEnvironment({ HTTP_GROUPS_IN_FLIGHT: '4' }).HTTP_GROUPS_IN_FLIGHT).toBe(4);
    expect(() => loadEnvironment({ HTTP_GROUPS_IN_FLIGHT: '0' })).toThrow('HTTP_GROUPS_IN_FLIGHT must be between 1 and 64');
  });

  it('reads OUTBOX_RELAY_THREAD, main or worker, and rejects anything else', () => {
    expect(loadEnvironment({ OUTBOX_RELAY_THREAD: 'worker' }).OUTBOX_RELAY_THREAD).toBe('worker');
    expect(() => loadEnvironment({ OUTBOX_RELAY_THREAD: 'process' })).toThrow('OUTBOX_RELAY_THREAD must be main or worker');
  });

  it('reads OUTBOX_VACUUM_EVERY, where 0 turns the vacuum by the relay off, and rejects a negative count', () => {
    expect(loadEnvironment({ OUTBOX_VACUUM_EVERY: '0' }).OUTBOX_VACUUM_EVERY).toBe(0);
    expect(loadEnvironment({ OUTBOX_VACUUM_EVERY: '50000' }).OUTBOX_VACUUM_EVERY).toBe(50_000);
    expect(() => loadEnvironment({ OUTBOX_VACUUM_EVERY: '-1' })).toThrow('OUTBOX_VACUUM_EVERY must be 0 (off) or more');
  });

  it('reads OUTBOX_RELAY_MIN_CYCLE_MS from 0 to 1000 ms and rejects anything else', () => {
    expect(loadEnvironment({ OUTBOX_RELAY_MIN_CYCLE_MS: '25' }).OUTBOX_RELAY_MIN_CYCLE_MS).toBe(25);
    expect(() => loadEnvironment({ OUTBOX_RELAY_MIN_CYCLE_MS: '-1' })).toThrow('OUTBOX_RELAY_MIN_CYCLE_MS must be 0 or more');
    expect(() => loadEnvironment({ OUTBOX_RELAY_MIN_CYCLE_MS: '5000' })).toThrow('OUTBOX_RELAY_MIN_CYCLE_MS must be at most 1000');
  });
});
