import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { TRANSPORT_MODES, type TransportMode } from './declaration.dto';

export const SEIZURE_CATEGORIES = ['DRUGS', 'TOBACCO', 'ALCOHOL', 'CITES', 'IPR', 'WEAPONS', 'CASH', 'OTHER'] as const;
export type SeizureCategory = (typeof SEIZURE_CATEGORIES)[number];
export const OFFENDER_KINDS = ['PERSON', 'COMPANY'] as const;

const COUNTRY = /^[A-Z]{2}$/;
const COUNTRY_MESSAGE = '$property must be an ISO 3166 alpha-2 country code';

/** A seizure in the spirit of the WCO Customs Enforcement Network (customs.seizures.v1). */
export interface SeizureRecord {
  seizureId: string;
  seizedAt: string;
  officeCode?: string;
  country?: string;
  category: SeizureCategory;
  hsCode?: string;
  quantity?: number;
  unit?: string;
  concealmentMethod?: string;
  transportMode?: TransportMode;
  countryOfOrigin?: string;
  countryOfDeparture?: string;
  countryOfDestination?: string;
  route?: string[];
  offenders?: { kind: 'PERSON' | 'COMPANY'; id: string }[];
  conveyance?: string;
  declarationId?: string;
}

export class OffenderDto {
  @ApiProperty({ enum: OFFENDER_KINDS }) @IsIn(OFFENDER_KINDS) kind!: 'PERSON' | 'COMPANY';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) id!: string;
}

export class SeizureRecordDto implements SeizureRecord {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) seizureId!: string;
  @ApiProperty() @IsISO8601({ strict: true }, { message: 'seizedAt must be an ISO-8601 date-time' }) seizedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) officeCode?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) country?: string;
  @ApiProperty({ enum: SEIZURE_CATEGORIES }) @IsIn(SEIZURE_CATEGORIES) category!: SeizureCategory;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{2,10}$/, { message: 'hsCode must be a string of 2 to 10 digits' }) hsCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) quantity?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) concealmentMethod?: string;
  @ApiPropertyOptional({ enum: TRANSPORT_MODES }) @IsOptional() @IsIn(TRANSPORT_MODES) transportMode?: TransportMode;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfOrigin?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfDeparture?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfDestination?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @Matches(COUNTRY, { each: true, message: 'each route entry must be an ISO 3166 alpha-2 country code' })
  route?: string[];
  @ApiPropertyOptional({ type: [OffenderDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OffenderDto)
  offenders?: OffenderDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) conveyance?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) declarationId?: string;
}
