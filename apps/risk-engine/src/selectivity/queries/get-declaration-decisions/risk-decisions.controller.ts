import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@app/governance';
import { Roles } from '../../../governance/auth/roles.decorator';
import { GetDeclarationDecisionsQuery, type DeclarationDecisions } from './get-declaration-decisions.query';

/** A declaration version as a query parameter: absent, or a whole number from 1. */
function parseVersion(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'BAD_REQUEST',
      message: 'version must be a whole number from 1',
      fields: [{ field: 'version', problems: ['must be a whole number from 1'] }],
    });
  }
  return Number(value);
}

@ApiTags('risk assessments')
@Roles(...ROLES)
@Controller('v1/risk-decisions')
export class RiskDecisionsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':declarationId')
  @ApiOperation({
    summary: 'The decisions stored for a declaration. Roles: CLEARANCE_SYSTEM, RISK_ANALYST, RISK_SUPERVISOR, AUDITOR',
    description:
      'One decision per declaration version, oldest version first, each as published on customs.risk-decisions.v1, with the ' +
      'channel it was asked on (KAFKA or HTTP) and the inspection outcomes reported for it.',
  })
  @ApiQuery({ name: 'version', required: false, description: 'Only this declaration version' })
  @ApiOkResponse({ description: 'The declaration and its decisions' })
  @ApiBadRequestResponse({ description: '`version` is not a whole number from 1' })
  @ApiNotFoundResponse({ description: 'DECISION.NOT_FOUND: no decision for that declaration (or version)' })
  decisions(@Param('declarationId') declarationId: string, @Query('version') version?: string): Promise<DeclarationDecisions> {
    return this.queryBus.execute(new GetDeclarationDecisionsQuery(declarationId, parseVersion(version)));
  }
}
