import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Declaration } from '@app/contracts';
import { HISTORY_CHANNEL, HistoryRepository, RELOAD_ANNOUNCEMENT } from '@app/persistence';
import { DatabaseNotifications } from '../infrastructure/database-notifications';
import { ActiveRuleset } from '../selectivity/active-ruleset';
import {
  ProfileBook,
  assessProfiles,
  seizureAsDeclaration,
  type Indicator,
  type ProfileAssessment,
  type ProfileSettings,
} from '@app/profiles';

/**
 * The derived risk profiles of this instance: a ProfileBook built from the stored history at
 * start and kept current from then on. Every instance listens for new history rows
 * (pg_notify on commit), whichever instance stored them, and folds each in once.
 */
@Injectable()
export class RiskProfiles implements OnApplicationBootstrap {
  private readonly logger = new Logger(RiskProfiles.name);
  private readonly history: HistoryRepository;
  private readonly applied = new Set<string>();
  private book: ProfileBook;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly ruleset: ActiveRuleset,
    private readonly notifications: DatabaseNotifications,
  ) {
    this.history = new HistoryRepository(dataSource);
    this.book = this.emptyBook();
    ruleset.onActivation((activated) => {
      const { halfLifeDays, priorStrength } = activated.profiles;
      if (halfLifeDays !== this.book.options.halfLifeDays || priorStrength !== this.book.options.priorStrength) {
        void this.reload().catch((error: Error) => this.logger.error(`Could not rebuild the profiles: ${error.message}`));
      }
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    await this.reload();
  }

  /** How indicators are weighed: the active ruleset's profile settings. */
  get settings(): ProfileSettings {
    return this.ruleset.current.ruleset.profiles;
  }

  assess(declaration: Declaration, at: Date): ProfileAssessment {
    return assessProfiles(this.book, this.settings, declaration, at);
  }

  indicators(at: Date, dimension?: string): Iterable<Indicator> {
    return this.book.list(at, dimension);
  }

  baseRate(at: Date): number {
    return this.book.baseRate(at);
  }

  get recordedInspections(): number {
    return this.book.recordedInspections;
  }

  /** Folds one announced history row into the book (once), e.g. `outcome:O-1`. */
  async apply(announcement: string): Promise<void> {
    if (announcement === RELOAD_ANNOUNCEMENT) return this.reload();
    if (this.applied.has(announcement)) return;
    // Claimed before the first await: the notification and the recording handler may race.
    this.applied.add(announcement);
    const [kind, ...rest] = announcement.split(':');
    const id = rest.join(':');
    try {
      if (kind === 'outcome') {
        const found = await this.history.outcome(id);
        if (!found?.declaration) {
          this.applied.delete(announcement); // kept in the table; applied once its declaration is known
          return;
        }
        this.book.record(found.declaration, found.outcome.result, new Date(found.outcome.inspectedAt), found.outcome.revenueRecovered ?? 0);
      } else if (kind === 'seizure') {
        const seizure = await this.history.seizure(id);
        if (!seizure) {
          this.applied.delete(announcement);
          return;
        }
        this.book.record(seizureAsDeclaration(seizure), 'SEIZURE', new Date(seizure.seizedAt));
      }
    } catch (error) {
      this.applied.delete(announcement);
      throw error;
    }
  }

  /** Rebuilds the book from the stored history and swaps it in; scoring goes on meanwhile. */
  async reload(): Promise<void> {
    const book = this.emptyBook();
    const applied = new Set<string>();
    for await (const page of this.history.allOutcomes()) {
      for (const { outcome, declaration } of page) {
        if (!declaration) continue;
        book.record(declaration, outcome.result, new Date(outcome.inspectedAt), outcome.revenueRecovered ?? 0);
        applied.add(`outcome:${outcome.outcomeId}`);
      }
    }
    for (const seizure of await this.history.allSeizures()) {
      book.record(seizureAsDeclaration(seizure), 'SEIZURE', new Date(seizure.seizedAt));
      applied.add(`seizure:${seizure.seizureId}`);
    }
    // Rows announced while loading were applied to the old book only; fold them in again.
    const missed = [...this.applied].filter((announcement) => !applied.has(announcement));
    this.book = book;
    this.applied.clear();
    for (const announcement of applied) this.applied.add(announcement);
    for (const announcement of missed) await this.apply(announcement);
    this.logger.log(`Risk profiles built from ${book.recordedInspections} inspections and seizures (${book.size} indicators)`);
  }

  private emptyBook(): ProfileBook {
    return new ProfileBook({ halfLifeDays: this.settings.halfLifeDays, priorStrength: this.settings.priorStrength });
  }

  private async listen(): Promise<void> {
    await this.notifications.listen(HISTORY_CHANNEL, {
      onNotification: (payload) => {
        if (payload) this.apply(payload).catch((error: Error) => this.logger.error(`Could not apply ${payload}: ${error.message}`));
      },
      // Announcements made while disconnected are lost: rebuild the profiles from the history.
      onReconnected: () => this.reload(),
    });
  }
}
