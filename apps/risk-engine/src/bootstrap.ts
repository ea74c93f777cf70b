import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MAX_DECLARATION_BYTES } from '@app/contracts';
import type { EngineConfig } from '@app/config';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './infrastructure/http-error.filter';
import { JsonLogger } from './observability/json-logger';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the engine: HTTP API, Kafka consumer and outbox relay in one process. */
export async function createEngine(config: EngineConfig): Promise<INestApplication> {
  const level = config.logLevel as LogLevel;
  const logger = config.logFormat === 'json' ? new JsonLogger(level) : LEVELS.slice(0, LEVELS.indexOf(level) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    abortOnError: false,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: MAX_DECLARATION_BYTES });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Customs risk engine')
    .setDescription('Selectivity decisions (GREEN, BLUE, YELLOW, RED) for customs declarations, with the reasons behind them.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
