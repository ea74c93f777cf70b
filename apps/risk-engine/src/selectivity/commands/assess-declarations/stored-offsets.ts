/** A partition batch handed over for storing; `stored` or `failed` settles it. */
export interface BatchTicket {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the batch's first message. */
  readonly firstOffset: string;
  /** One past the batch's last message: what to commit once it and every batch before it are stored. */
  readonly nextOffset: string;
  readonly generation: number;
}

interface PartitionLedger {
  generation: number;
  /** Batches not yet settled, or stored behind one that is not, in the order they were read. */
  tickets: { ticket: BatchTicket; stored: boolean }[];
}

/**
 * Which offsets the declaration consumer may commit while several batches of a partition are
 * being stored at once, and where a partition resumes when one of them fails.
 *
 * A partition's offset is committed only up to the end of the longest run of stored batches
 * from the oldest one still pending: a batch stored before an earlier one waits for it, so a
 * committed offset never passes a declaration that is not stored. A failed batch makes every
 * batch of its partition still pending stale (their outcome no longer moves the offset) and
 * names the offset to read the partition again from: the first message of the oldest of them.
 */
export class StoredOffsets {
  private readonly partitions = new Map<string, PartitionLedger>();

  /** Tracks a batch read from `topic`/`partition`, messages `firstOffset` to `nextOffset - 1`. */
  track(topic: string, partition: number, firstOffset: string, nextOffset: string): BatchTicket {
    const ledger = this.ledgerOf(topic, partition);
    const ticket: BatchTicket = { topic, partition, firstOffset, nextOffset, generation: ledger.generation };
    ledger.tickets.push({ ticket, stored: false });
    return ticket;
  }

  /** The batch is stored: the offset its partition may now commit, or null if none yet (or the ticket is stale). */
  stored(ticket: BatchTicket): string | null {
    const ledger = this.current(ticket);
    if (!ledger) return null;
    const entry = ledger.tickets.find((candidate) => candidate.ticket === ticket);
    if (!entry) return null;
    entry.stored = true;
    let commit: string | null = null;
    while (ledger.tickets[0]?.stored) commit = ledger.tickets.shift()?.ticket.nextOffset ?? commit;
    return commit;
  }

  /** The batch failed: the offset to read its partition again from, or null if the ticket is stale. */
  failed(ticket: BatchTicket): string | null {
    const ledger = this.current(ticket);
    if (!ledger) return null;
    const oldest = ledger.tickets[0]?.ticket.firstOffset ?? ticket.firstOffset;
    ledger.tickets = [];
    ledger.generation += 1;
    return oldest;
  }

  /** Batches tracked and not yet settled (stored ones waiting behind a pending one included). */
  get pending(): number {
    let pending = 0;
    for (const ledger of this.partitions.values()) pending += ledger.tickets.length;
    return pending;
  }

  private current(ticket: BatchTicket): PartitionLedger | null {
    const ledger = this.partitions.get(partitionKey(ticket.topic, ticket.partition));
    return ledger && ledger.generation === ticket.generation ? ledger : null;
  }

  private ledgerOf(topic: string, partition: number): PartitionLedger {
    const k = partitionKey(topic, partition);
    let ledger = this.partitions.get(k);
    if (!ledger) {
      ledger = { generation: 0, tickets: [] };
      this.partitions.set(k, ledger);
    }
    return ledger;
  }
}

/** One key per topic partition, for maps kept by partition. */
export const partitionKey = (topic: string, partition: number) => `${topic}|${partition}`;
