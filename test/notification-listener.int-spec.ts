import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { NotificationListener } from '../apps/risk-engine/src/infrastructure/notification-listener';

/**
 * The engine's channels share one LISTEN connection, which comes back after PostgreSQL drops it
 * (as on a server restart), listens on every channel again and lets every subscriber catch up.
 */
describe('NotificationListener', () => {
  const ruleset = `listener_ruleset_${process.pid}`;
  const history = `listener_history_${process.pid}`;
  let admin: Client;
  let listener: NotificationListener | null = null;

  beforeAll(async () => {
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });

  afterAll(async () => {
    await listener?.close();
    await admin.end();
  });

  const until = async (condition: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const applicationName = `listener-test-${process.pid}`;
  /** The listener's connections to PostgreSQL. */
  const listenerBackends = async () =>
    Number(
      (await admin.query<{ count: string }>(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, [applicationName])).rows[0]
        ?.count,
    );

  it('hears several channels on one connection, each subscriber only its own, and after losing the connection hears them again and catches up once each', async () => {
    const received: string[] = [];
    const caughtUp: string[] = [];
    const subscriber = (name: string) => ({
      onNotification: (payload: string) => received.push(`${name}:${payload}`),
      onReconnected: () => {
        caughtUp.push(name);
        return Promise.resolve();
      },
    });
    listener = new NotificationListener({
      databaseUrl: process.env.DATABASE_URL ?? '',
      label: 'Test listener',
      logger: new Logger('NotificationListenerTest'),
      retryMs: 100,
      applicationName,
    });
    expect(await listenerBackends()).toBe(0);
    await listener.listen(ruleset, subscriber('ruleset'));
    await listener.listen(history, subscriber('history'));
    await listener.listen(history, subscriber('profiles'));
    expect(await listenerBackends()).toBe(1);

    await admin.query('SELECT pg_notify($1, $2), pg_notify($3, $4)', [ruleset, 'v1', history, 'outcome:1']);
    await until(() => received.length === 3);
    expect(received.sort()).toEqual(['history:outcome:1', 'profiles:outcome:1', 'ruleset:v1']);

    const terminated = await admin.query<{ count: string }>(
      `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND application_name = $1 AND query = $2) t`,
      [applicationName, `LISTEN ${history}`],
    );
    expect(Number(terminated.rows[0]?.count)).toBe(1);
    await until(() => caughtUp.length === 3 && listener?.listening === true);
    expect(caughtUp.sort()).toEqual(['history', 'profiles', 'ruleset']);

    received.length = 0;
    await admin.query('SELECT pg_notify($1, $2), pg_notify($3, $4)', [ruleset, 'v2', history, 'outcome:2']);
    await until(() => received.length === 3);
    expect(received.sort()).toEqual(['history:outcome:2', 'profiles:outcome:2', 'ruleset:v2']);
    expect(await listenerBackends()).toBe(1);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    const other = new NotificationListener({ databaseUrl: process.env.DATABASE_URL ?? '', label: 'Test', logger: new Logger('Test') });
    await expect(
      other.listen('x; DROP TABLE y', { onNotification: () => undefined, onReconnected: () => Promise.resolve() }),
    ).rejects.toThrow('Not a plain channel name');
    await other.close();
  });
});
