import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, correlationIdFrom, withCorrelation } from './correlation';

/** Gives every HTTP request a correlation id (the caller's X-Correlation-Id, or a new one) and echoes it. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const correlationId = correlationIdFrom(request.header(CORRELATION_HEADER));
    response.setHeader(CORRELATION_HEADER, correlationId);
    withCorrelation(correlationId, next);
  }
}
