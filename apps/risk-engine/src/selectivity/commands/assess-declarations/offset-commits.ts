import { partitionKey } from './stored-offsets';

export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read: one past the last message stored. */
  offset: string;
}

/**
 * Commits consumer offsets one request at a time. Offsets scheduled while a request is out are
 * sent together in the next one, the latest of each partition only. A request that fails (the
 * client has already retried it) is tried again after `retryDelayMs`, with whatever has been
 * scheduled since, up to `attempts` times in a row; a committed offset is only ever a lower
 * bound of what is stored, so an offset given up on costs a replay after a restart, never a loss.
 */
export class OffsetCommits {
  private readonly scheduled = new Map<string, PartitionOffset>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    private readonly onFailure: (error: unknown, offsets: PartitionOffset[], willRetry: boolean) => void,
    private readonly options: { retryDelayMs: number; attempts: number } = { retryDelayMs: 1_000, attempts: 2 },
  ) {}

  schedule(offset: PartitionOffset): void {
    this.scheduled.set(partitionKey(offset.topic, offset.partition), offset);
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything scheduled so far has been committed (or given up on). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.scheduled.size > 0) {
      const offsets = [...this.scheduled.values()];
      this.scheduled.clear();
      try {
        await this.commit(offsets);
        failures = 0;
      } catch (error) {
        failures += 1;
        const willRetry = failures < this.options.attempts;
        this.onFailure(error, offsets, willRetry);
        if (!willRetry) {
          failures = 0;
          continue;
        }
        // Offsets scheduled meanwhile are newer than the failed ones and replace them.
        for (const offset of offsets) {
          const key = partitionKey(offset.topic, offset.partition);
          if (!this.scheduled.has(key)) this.scheduled.set(key, offset);
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      }
    }
  }
}
