import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export const INSPECTION_RESULTS = ['NO_FINDING', 'IRREGULARITY', 'SEIZURE'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/** What an officer found when a declaration was inspected (customs.inspection-outcomes.v1). */
export interface InspectionOutcome {
  outcomeId: string;
  declarationId: string;
  /** The declaration version inspected; the latest known when omitted. */
  declarationVersion?: number;
  result: InspectionResult;
  inspectedAt: string;
  revenueRecovered?: number;
  details?: string;
}

export class InspectionOutcomeDto implements InspectionOutcome {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) outcomeId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) declarationId!: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) declarationVersion?: number;
  @ApiProperty({ enum: INSPECTION_RESULTS }) @IsIn(INSPECTION_RESULTS) result!: InspectionResult;
  @ApiProperty() @IsISO8601({ strict: true }, { message: 'inspectedAt must be an ISO-8601 date-time' }) inspectedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) revenueRecovered?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) details?: string;
}

/** Whether an outcome counts as a hit (something was found). */
export function isHit(result: InspectionResult): boolean {
  return result !== 'NO_FINDING';
}
