import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../governance/auth/roles.decorator';
import { EngineMetrics } from './engine-metrics';

/** Prometheus scrape endpoint. Open like the health checks: it holds counts, never declarations. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', EngineMetrics.contentType)
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
