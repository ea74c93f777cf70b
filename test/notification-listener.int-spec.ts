import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { NotificationListener } from '../apps/risk-engine/src/infrastructure/notification-listener';

/** A LISTEN connection that PostgreSQL drops (as on a server restart) comes back and hears again. */
describe('NotificationListener', () => {
  const channel = `listener_test_${process.pid}`;
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

  it('reconnects after its connection is terminated, catches up once, and receives later notifications', async () => {
    const received: string[] = [];
    let caughtUp = 0;
    listener = new NotificationListener({
      databaseUrl: process.env.DATABASE_URL ?? '',
      channel,
      label: 'Test listener',
      logger: new Logger('NotificationListenerTest'),
      onNotification: (payload) => received.push(payload),
      onReconnected: () => {
        caughtUp += 1;
        return Promise.resolve();
      },
      retryMs: 100,
    });
    await listener.start();
    await admin.query('SELECT pg_notify($1, $2)', [channel, 'before']);
    await until(() => received.includes('before'));

    const terminated = await admin.query<{ count: string }>(
      `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND query = $1) t`,
      [`LISTEN ${channel}`],
    );
    expect(Number(terminated.rows[0]?.count)).toBe(1);
    await until(() => caughtUp === 1 && listener?.listening === true);

    await admin.query('SELECT pg_notify($1, $2)', [channel, 'after']);
    await until(() => received.includes('after'));
    expect(received).toEqual(['before', 'after']);
    expect(caughtUp).toBe(1);
  });
});
