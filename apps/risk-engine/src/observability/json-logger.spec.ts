import { withCorrelation } from './correlation';
import { JsonLogger } from './json-logger';

describe(JsonLogger.name, () => {
  const capture = (level: 'log' | 'debug') => {
    const lines: string[] = [];
    return { lines, logger: new JsonLogger(level, (line) => lines.push(line)) };
  };

  it('writes one JSON object per line with level, context and the correlation id in scope', () => {
    const { lines, logger } = capture('log');
    withCorrelation('corr-1', () => logger.log({ message: 'Decided', declarationId: 'D-1', lane: 'RED' }, 'Selectivity'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      context: 'Selectivity',
      correlationId: 'corr-1',
      message: 'Decided',
      declarationId: 'D-1',
      lane: 'RED',
    });
  });

  it('drops levels above the configured one and keeps an error stack', () => {
    const { lines, logger } = capture('log');
    logger.debug('noise', 'X');
    logger.error('failed', 'Error: failed\n    at here', 'Relay');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'error',
      message: 'failed',
      context: 'Relay',
      stack: 'Error: failed\n    at here',
    });
  });

  it('has no correlation id outside a correlated scope', () => {
    const { lines, logger } = capture('debug');
    logger.debug('plain');
    expect(JSON.parse(lines[0] ?? '')).not.toHaveProperty('correlationId');
  });
});
