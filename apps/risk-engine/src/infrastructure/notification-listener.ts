import type { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface NotificationListenerOptions {
  databaseUrl: string;
  channel: string;
  /** What the listener is for, in log lines ("Ruleset listener"). */
  label: string;
  logger: Logger;
  onNotification: (payload: string) => void;
  /**
   * Runs after the connection came back: notifications sent while it was down are lost, so this
   * re-reads whatever they would have announced.
   */
  onReconnected: () => Promise<void>;
  retryMs?: number;
}

/**
 * A PostgreSQL LISTEN connection that survives the server restarting: on losing its connection it
 * reconnects, retrying until it succeeds or is closed, and then lets its owner catch up.
 */
export class NotificationListener {
  private client: Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotificationListenerOptions) {}

  /** Connects and listens; rejects when the first connection fails (start-up then fails loudly). */
  async start(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.options.onNotification(message.payload);
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
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private scheduleReconnect(): void {
    this.retry = setTimeout(() => void this.reconnect(), this.options.retryMs ?? 1_000);
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.start();
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
    await this.options
      .onReconnected()
      .catch((error: Error) => this.options.logger.error(`${this.options.label} could not catch up: ${error.message}`));
  }
}
