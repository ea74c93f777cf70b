import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom, withCorrelation } from './correlation';

/**
 * Gives every HTTP request a correlation id (the caller's X-Correlation-Id, or a new one) and
 * echoes it. Middleware sees Node's own request and response, whatever the HTTP adapter.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const header = request.headers[CORRELATION_HEADER];
    const correlationId = correlationIdFrom(Array.isArray(header) ? header[0] : header);
    response.setHeader(CORRELATION_HEADER, correlationId);
    withCorrelation(correlationId, next);
  }
}
