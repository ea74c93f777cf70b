import {
  BadRequestException,
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  HttpCode,
  HttpStatus,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { InspectionOutcomeDto, validateAs, type InspectionOutcome } from '@app/contracts';
import { HistoryRepository } from '@app/persistence';
import { INTELLIGENCE_READERS } from '@app/governance';
import { Roles } from '../governance/auth/roles.decorator';
import { RecordHistoryCommand } from '../profiles/commands/record-history/record-history.command';

interface OutcomeReceipt {
  outcomeId: string;
  /** false when this outcomeId was recorded before (the request changed nothing). */
  recorded: boolean;
  /** false when the engine has not decided the declaration: the outcome is kept and linked later. */
  matched: boolean;
}

@ApiTags('inspection outcomes')
@Controller('v1/inspection-outcomes')
export class InspectionOutcomesController {
  constructor(
    private readonly commandBus: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Roles('CLEARANCE_SYSTEM')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Report what an inspection found. Roles: CLEARANCE_SYSTEM',
    description: 'Idempotent by outcomeId. The profiles reflect it within seconds.',
  })
  @ApiBody({ type: InspectionOutcomeDto })
  @ApiAcceptedResponse({ description: '{ outcomeId, recorded, matched }' })
  @ApiBadRequestResponse({ description: 'The outcome fails its contract; `fields` lists every failing field.' })
  async record(@Body() body: unknown): Promise<OutcomeReceipt> {
    const parsed = validateAs(InspectionOutcomeDto, body, 'Inspection outcome');
    if (!parsed.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', ...parsed.rejection });
    const outcome: InspectionOutcome = parsed.value;
    const recorded = await this.commandBus.execute(new RecordHistoryCommand([outcome], [], []));
    return {
      outcomeId: outcome.outcomeId,
      recorded: recorded.newOutcomes.includes(outcome.outcomeId),
      matched: !recorded.unmatchedOutcomes.includes(outcome.outcomeId),
    };
  }

  @Get('unmatched')
  @Roles(...INTELLIGENCE_READERS)
  @ApiOperation({
    summary: 'Outcomes for declarations the engine has not decided (kept, never dropped). Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR',
  })
  unmatched(
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ): Promise<{ outcomes: InspectionOutcome[]; total: number }> {
    return new HistoryRepository(this.dataSource).unmatchedOutcomes(Math.min(Math.max(limit, 1), 1000));
  }
}
