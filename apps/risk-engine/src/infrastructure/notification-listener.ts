import type { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface NotificationListenerOptions {
  databaseUrl: string;
  /** What the listener is for, in log lines ("Notification listener"). */
  label: string;
  logger: Logger;
  retryMs?: number;
  /** The connection's application_name in pg_stat_activity. */
  applicationName?: string;
}

/** What a channel's subscriber is told. */
export interface ChannelSubscriber {
  onNotification: (payload: string) => void;
  /**
   * Runs after the connection came back: notifications sent while it was down are lost, so this
   * re-reads whatever they would have announced.
   */
  onReconnected: () => Promise<void>;
}

/** PostgreSQL channel names are identifiers; only plain ones are listened to (they are the engine's own). */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * One PostgreSQL LISTEN connection for any number of channels, which survives the server
 * restarting: on losing its connection it reconnects, retrying until it succeeds or is closed,
 * listens again on every channel, and then lets every subscriber catch up. One connection, not
 * one per channel: PostgreSQL 15 wakes every backend listening in a database on every NOTIFY,
 * whatever its channel, so each extra listening connection costs it CPU on every decision batch.
 */
export class NotificationListener {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly subscribers = new Map<string, ChannelSubscriber[]>();

  constructor(private readonly options: NotificationListenerOptions) {}

  /**
   * Subscribes to a channel, connecting first if no connection is up. Rejects when the first
   * connection fails (start-up then fails loudly).
   */
  async listen(channel: string, subscriber: ChannelSubscriber): Promise<void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`Not a plain channel name: ${channel}`);
    const known = this.subscribers.get(channel);
    if (known) {
      known.push(subscriber);
    } else {
      this.subscribers.set(channel, [subscriber]);
    }
    await this.connect();
    if (!known) await this.client?.query(`LISTEN ${channel}`);
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Connects and listens on every channel subscribed so far, once at a time. */
  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName ?? 'risk-engine-notifications',
    });
    client.on('notification', (message) => {
      if (message.payload === undefined) return;
      for (const subscriber of this.subscribers.get(message.channel) ?? []) subscriber.onNotification(message.payload);
    });
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.logger.warn(`${this.options.label} lost its connection (${error.message}); reconnecting`);
      this.scheduleReconnect();
    });
    await client.connect();
    try {
      for (const channel of this.subscribers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    this.retry = setTimeout(() => void this.reconnect(), this.options.retryMs ?? 1_000);
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
    } catch (error) {
      this.options.logger.warn(`${this.options.label} could not reconnect yet (${(error as Error).message}); retrying`);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await this.close();
      return;
    }
    this.options.logger.log(`${this.options.label} reconnected`);
    for (const [channel, subscribers] of this.subscribers) {
      for (const subscriber of subscribers) {
        await subscriber
          .onReconnected()
          .catch((error: Error) => this.options.logger.error(`${this.options.label} could not catch up on ${channel}: ${error.message}`));
      }
    }
  }
}
