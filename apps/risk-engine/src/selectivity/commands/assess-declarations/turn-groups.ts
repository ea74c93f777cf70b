/** How work submitted in one event-loop turn is grouped. */
export interface TurnGroupLimits<TItem> {
  /** Groups running at once; submissions that find them all busy join the next group. */
  maxInFlight: number;
  /** A group takes submissions until their weight reaches this (a heavier submission goes alone). */
  maxWeight: number;
  weight: (item: TItem) => number;
}

interface Submission<TItem, TResult> {
  items: TItem[];
  resolve: (results: TResult[]) => void;
  reject: (error: unknown) => void;
  onStart?: () => void;
}

/**
 * Runs work submitted in the same turn of the event loop as one group, without waiting on a
 * timer: at low load a submission runs at the end of its turn, alone; at high load the
 * submissions that arrive while `maxInFlight` groups run form the next group, so they share one
 * database round trip. `run` gets the group's items in submission order and returns one result
 * per item; each submitter gets the results of its own items. A failure fails its group only.
 */
export class TurnGroups<TItem, TResult> {
  private queued: Submission<TItem, TResult>[] = [];
  private inFlight = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly run: (items: TItem[]) => Promise<TResult[]>,
    private readonly limits: TurnGroupLimits<TItem>,
  ) {}

  /** `onStart` is called when the submission's group starts to run (before `run` is called). */
  submit(items: TItem[], onStart?: () => void): Promise<TResult[]> {
    return new Promise<TResult[]>((resolve, reject) => {
      this.queued.push({ items, resolve, reject, onStart });
      this.scheduled ??= setImmediate(() => {
        this.scheduled = null;
        this.dispatch();
      });
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queued.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      void this.runGroup(group).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  private takeGroup(): Submission<TItem, TResult>[] {
    let weight = 0;
    let count = 0;
    for (const submission of this.queued) {
      const next = submission.items.reduce((sum, item) => sum + this.limits.weight(item), 0);
      if (count > 0 && weight + next > this.limits.maxWeight) break;
      weight += next;
      count += 1;
    }
    return this.queued.splice(0, count);
  }

  private async runGroup(group: Submission<TItem, TResult>[]): Promise<void> {
    for (const submission of group) submission.onStart?.();
    try {
      const items = group.flatMap((submission) => submission.items);
      const results = await this.run(items);
      if (results.length !== items.length) throw new Error(`a group of ${items.length} items gave ${results.length} results`);
      let offset = 0;
      for (const submission of group) {
        submission.resolve(results.slice(offset, offset + submission.items.length));
        offset += submission.items.length;
      }
    } catch (error) {
      for (const submission of group) submission.reject(error);
    }
  }
}
