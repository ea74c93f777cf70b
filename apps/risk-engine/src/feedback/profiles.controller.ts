import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INTELLIGENCE_READERS } from '@app/governance';
import { DIMENSION_NAMES } from '@app/profiles';
import { Roles } from '../governance/auth/roles.decorator';
import {
  ListProfileIndicatorsQuery,
  PROFILE_SORTS,
  type ProfileIndicatorPage,
  type ProfileSort,
} from './queries/list-profile-indicators.query';

export class ListProfilesRequestDto {
  @ApiPropertyOptional({ enum: DIMENSION_NAMES }) @IsOptional() @IsIn(DIMENSION_NAMES) dimension?: string;
  @ApiPropertyOptional({ enum: PROFILE_SORTS, default: 'risk' }) @IsOptional() @IsIn(PROFILE_SORTS) sort?: ProfileSort;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) minInspections?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

@ApiTags('rules and performance')
@Roles(...INTELLIGENCE_READERS)
@Controller('v1/profiles')
export class ProfilesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Derived risk indicators. Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR',
    description:
      'Indicators built from inspection outcomes and seizures, filterable by dimension and sorted by risk (lift), inspections, seizures or most recent hit.',
  })
  list(
    @Query(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true })) request: ListProfilesRequestDto,
  ): Promise<ProfileIndicatorPage> {
    return this.queryBus.execute(
      new ListProfileIndicatorsQuery(request.dimension, request.sort ?? 'risk', request.minInspections ?? 1, request.limit ?? 50),
    );
  }
}
