import type { Kafka } from 'kafkajs';

/** kafkajs' coordinator type for transaction coordinators (FindCoordinator key type 1). */
const TRANSACTION_COORDINATOR = 1;
/** The description of the private symbol under which a kafkajs client keeps its cluster factory. */
const CREATE_CLUSTER = 'private:Kafka:createCluster';

interface CoordinatorQuery {
  groupId: string;
  coordinatorType?: number;
}

interface ClusterLike {
  findGroupCoordinator(query: CoordinatorQuery): Promise<unknown>;
}

type ClusterFactory = (options: unknown) => ClusterLike;

/**
 * Makes the transactional producers of a kafkajs client look their transaction coordinator up at
 * most once every `maxAgeMs`. kafkajs asks the broker for it before every AddPartitionsToTxn and
 * every EndTxn: two extra round trips in each transaction, five in all where three are needed,
 * and every round trip waits for a turn of a busy event loop (ADR 0009). A coordinator that moves
 * answers NOT_COORDINATOR; the producer retries (about ten seconds in all), and the cached answer
 * is renewed within `maxAgeMs` of the move. Group coordinators (consumers) are not cached.
 *
 * The hook is kafkajs 2's private cluster factory; when it is not there (another kafkajs), the
 * client is left as it is and false is returned.
 */
export function cacheTransactionCoordinators(kafka: Kafka, maxAgeMs = 1_000): boolean {
  const symbol = Object.getOwnPropertySymbols(kafka).find((candidate) => candidate.description === CREATE_CLUSTER);
  const holder = kafka as unknown as Record<symbol, unknown>;
  const createCluster = symbol === undefined ? undefined : holder[symbol];
  if (symbol === undefined || typeof createCluster !== 'function') return false;
  holder[symbol] = (options: unknown) => {
    const cluster = (createCluster as ClusterFactory)(options);
    const lookUp = cluster.findGroupCoordinator.bind(cluster);
    const known = new Map<string, { coordinator: Promise<unknown>; at: number }>();
    cluster.findGroupCoordinator = (query: CoordinatorQuery) => {
      if (query.coordinatorType !== TRANSACTION_COORDINATOR) return lookUp(query);
      const cached = known.get(query.groupId);
      const now = Date.now();
      if (cached && now - cached.at < maxAgeMs) return cached.coordinator;
      const coordinator = lookUp(query);
      known.set(query.groupId, { coordinator, at: now });
      coordinator.catch(() => known.delete(query.groupId));
      return coordinator;
    };
    return cluster;
  };
  return true;
}
