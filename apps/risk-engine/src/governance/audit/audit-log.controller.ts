import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AuditLog, type AuditEntry } from './audit-log';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles('AUDITOR', 'RISK_SUPERVISOR')
  @ApiOperation({ summary: 'The append-only audit log, newest first: who, when, what, before and after. Roles: AUDITOR, RISK_SUPERVISOR' })
  @ApiQuery({ name: 'entity', required: false, description: 'Entity prefix, e.g. ruleset:default' })
  @ApiQuery({ name: 'limit', required: false })
  read(
    @Query('entity') entity: string | undefined,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ): Promise<AuditEntry[]> {
    return this.audit.read(entity, Math.min(Math.max(limit, 1), 1000));
  }
}
