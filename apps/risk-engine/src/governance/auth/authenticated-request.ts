import type { Request } from 'express';
import type { Principal } from '@app/governance';

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}
