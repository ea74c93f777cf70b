import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const NAMES: Partial<Record<LogLevel, string>> = { log: 'info' };

type Write = (line: string) => void;

/**
 * Writes one JSON object per line: time, level, context, message, the correlation id of the work
 * in hand, and any fields passed as an object (declarationId, lane, ...). Log shippers read it as is.
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    maxLevel: LogLevel,
    private readonly write: Write = (line) => process.stdout.write(line),
  ) {
    this.enabled = new Set(LEVELS.slice(0, LEVELS.indexOf(maxLevel) + 1));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  isEnabled(level: LogLevel): boolean {
    return this.enabled.has(level);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest passes the context last; an error's stack comes before it.
    const params = [...rest];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: NAMES[level] ?? level };
    if (context) entry.context = context;
    const correlationId = currentCorrelationId();
    if (correlationId) entry.correlationId = correlationId;
    if (message instanceof Error) {
      entry.message = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.message = String(message);
    }
    const stack = params.find((param) => typeof param === 'string');
    if (typeof stack === 'string' && level === 'error') entry.stack = stack;
    this.write(`${JSON.stringify(entry)}\n`);
  }
}
