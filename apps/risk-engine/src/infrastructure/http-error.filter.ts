import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { MAX_DECLARATION_BYTES } from '@app/contracts';
import { GovernanceError } from '@app/governance';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'UNAVAILABLE',
};

interface ErrorBody {
  statusCode: number;
  code: string;
  message: unknown;
  [field: string]: unknown;
}

/**
 * The answer to a body the HTTP server refused before any handler saw it. Nest hands those on as
 * an HttpException whose response is the server's own message (Fastify's content-type parser:
 * too large, not JSON, empty, not application/json).
 */
function refusedBody(status: number, message: string): ErrorBody {
  if (status === 413) {
    return {
      statusCode: status,
      error: 'Payload Too Large',
      code: 'PAYLOAD_TOO_LARGE',
      message: `The body is larger than ${MAX_DECLARATION_BYTES / 1024} KiB`,
    };
  }
  if (status === 415) {
    return {
      statusCode: status,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the body as application/json',
    };
  }
  if (status === 400 && /json/i.test(message)) {
    const problem = /empty/i.test(message) ? 'The body is empty' : 'The body is not valid JSON';
    return {
      statusCode: status,
      error: 'Bad Request',
      code: 'MALFORMED_JSON',
      message: `${problem}; send the declaration as a JSON object`,
    };
  }
  return { statusCode: status, code: CODES[status] ?? `HTTP_${status}`, message };
}

const INTERNAL: ErrorBody = {
  statusCode: 500,
  error: 'Internal Server Error',
  code: 'INTERNAL',
  message: 'The engine could not complete the request',
};

/** One place that turns errors into HTTP answers with stable codes; only unexpected ones are logged. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.answer(exception);
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, body.statusCode);
  }

  private answer(exception: unknown): ErrorBody {
    if (exception instanceof GovernanceError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') return refusedBody(status, body);
      const payload = body as Record<string, unknown>;
      return { code: CODES[status] ?? `HTTP_${status}`, message: undefined, ...payload, statusCode: status };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return INTERNAL;
  }
}
