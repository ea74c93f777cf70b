import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { GovernanceError } from '@app/governance';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  503: 'UNAVAILABLE',
};

/** One place that turns errors into HTTP answers with stable codes; only unexpected ones are logged. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof GovernanceError) {
      response.status(exception.status).json({ statusCode: exception.status, code: exception.code, message: exception.message });
      return;
    }
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | undefined;
    if (exception instanceof HttpException && parserError?.type === undefined) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { statusCode: status, message: body } : (body as Record<string, unknown>);
      // Nest turns the JSON body parser's SyntaxError into a plain 400 carrying the parser's message.
      const malformed = status === 400 && payload.code === undefined && typeof payload.message === 'string' && /JSON/.test(payload.message);
      response.status(status).json({ code: malformed ? 'MALFORMED_JSON' : (CODES[status] ?? `HTTP_${status}`), ...payload });
      return;
    }
    if (!parserError) {
      this.logger.error(String(exception));
      response
        .status(HttpStatus.INTERNAL_SERVER_ERROR)
        .json({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL', message: 'The engine could not complete the request' });
      return;
    }
    if (parserError.type === 'entity.too.large') {
      response
        .status(HttpStatus.PAYLOAD_TOO_LARGE)
        .json({ statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 256 KiB' });
      return;
    }
    if (parserError.type === 'entity.parse.failed') {
      response.status(HttpStatus.BAD_REQUEST).json({
        statusCode: 400,
        error: 'Bad Request',
        code: 'MALFORMED_JSON',
        message: `The body is not valid JSON: ${parserError.message ?? ''}`,
      });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL', message: 'The engine could not complete the request' });
  }
}
