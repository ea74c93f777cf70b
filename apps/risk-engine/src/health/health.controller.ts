import { Controller, Get, HttpCode, HttpStatus, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { Public } from '../governance/auth/roles.decorator';
import { KAFKA } from '../infrastructure/kafka.module';

interface ReadinessReport {
  status: 'ready' | 'not ready';
  checks: { postgres: 'up' | 'down'; kafka: 'up' | 'down' };
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The process is up (no dependency checks). No authentication.' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'PostgreSQL and Kafka both answer; 503 otherwise. No authentication.' })
  async ready(): Promise<ReadinessReport> {
    const [postgres, kafka] = await Promise.all([this.checkPostgres(), this.checkKafka()]);
    const report: ReadinessReport = { status: postgres === 'up' && kafka === 'up' ? 'ready' : 'not ready', checks: { postgres, kafka } };
    if (report.status !== 'ready') throw new ServiceUnavailableException(report);
    return report;
  }

  private async checkPostgres(): Promise<'up' | 'down'> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 2_000);
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async checkKafka(): Promise<'up' | 'down'> {
    const admin = this.kafka.admin();
    try {
      await withTimeout(admin.connect(), 2_000);
      await withTimeout(admin.describeCluster(), 2_000);
      return 'up';
    } catch {
      return 'down';
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
