import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { NotificationListener, type ChannelSubscriber } from './notification-listener';

/**
 * The engine's one LISTEN connection to PostgreSQL, shared by everything that reacts to
 * pg_notify: ruleset activations, new inspection history, rule calibrations. (The outbox relay
 * keeps its own, on the connection that holds the relay lock.) Closed last, on shutdown.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseNotifications.name);
  private readonly listener: NotificationListener;

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    this.listener = new NotificationListener({ databaseUrl: config.database.url, label: 'Notification listener', logger: this.logger });
  }

  /** Subscribes to a channel; rejects when the database cannot be reached at start-up. */
  listen(channel: string, subscriber: ChannelSubscriber): Promise<void> {
    return this.listener.listen(channel, subscriber);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }
}
