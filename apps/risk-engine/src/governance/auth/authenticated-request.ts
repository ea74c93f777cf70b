import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '@app/governance';

/** What the guard reads from a request (any HTTP adapter's) and what it leaves on it. */
export interface AuthenticatedRequest {
  headers: IncomingHttpHeaders;
  principal?: Principal;
}
