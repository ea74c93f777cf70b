import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const DECLARATION_TYPES = ['IMPORT', 'EXPORT', 'TRANSIT'] as const;
export type DeclarationType = (typeof DECLARATION_TYPES)[number];
export const TRANSPORT_MODES = ['SEA', 'AIR', 'ROAD', 'RAIL', 'POST', 'OTHER'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** ISO 3166-1 alpha-2, upper case. */
const COUNTRY = /^[A-Z]{2}$/;
const COUNTRY_MESSAGE = '$property must be an ISO 3166 alpha-2 country code (two upper-case letters)';
const IDENTIFIER_MAX = 64;
/** class-validator validates an array given for a nested object element by element: IsObject refuses it. */
const OBJECT = { message: '$property must be a JSON object' };

/** An optional nested object of the given class; anything else in its place (an array too) is refused. */
function OptionalObject(type: new () => object): PropertyDecorator {
  // Applied in the order a stack of decorators is, bottom first.
  const decorators = [Type(() => type), ValidateNested(), IsObject(OBJECT), IsOptional(), ApiPropertyOptional({ type })];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}
const TEXT_MAX = 512;
export const MAX_ITEMS = 999;

export class ProcedureDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) processType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) importType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) importUse?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) paymentType?: string;
}

export class PartyRefDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(IDENTIFIER_MAX) id!: string;
}

export class ImporterDto extends PartyRefDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) name?: string;
  @ApiPropertyOptional({ description: 'Authorised Economic Operator' })
  @IsOptional()
  @IsBoolean()
  aeo?: boolean;
}

export class TradePartyDto extends PartyRefDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) name?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) country?: string;
}

export class ConveyanceDto {
  @ApiPropertyOptional({ enum: TRANSPORT_MODES }) @IsOptional() @IsIn(TRANSPORT_MODES) mode?: TransportMode;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) id?: string;
}

export class DeclarationItemDto {
  @ApiProperty() @IsInt() @Min(1) @Max(MAX_ITEMS) lineNo!: number;

  @ApiProperty({ example: '610910', description: 'HS code, 6 to 10 digits, as a string' })
  @Matches(/^\d{6,10}$/, { message: 'hsCode must be a string of 6 to 10 digits' })
  hsCode!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfOrigin?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) originIndicator?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) netMassKg?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) grossMassKg?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) quantity?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) customsValue?: number;
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1000) taxRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) taxType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(IDENTIFIER_MAX) preference?: string;
}

/** A customs declaration, contract v1. */
export class DeclarationDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(IDENTIFIER_MAX) declarationId!: string;

  @ApiPropertyOptional({ description: 'Amendment number', default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  version?: number;

  @ApiProperty({ example: '2026-11-24T08:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'submittedAt must be an ISO-8601 date-time' })
  submittedAt!: string;

  @ApiProperty({ enum: DECLARATION_TYPES }) @IsIn(DECLARATION_TYPES) type!: DeclarationType;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(IDENTIFIER_MAX) officeCode!: string;

  @OptionalObject(ProcedureDto) procedure?: ProcedureDto;

  @ApiPropertyOptional({ enum: TRANSPORT_MODES }) @IsOptional() @IsIn(TRANSPORT_MODES) transportMode?: TransportMode;

  @OptionalObject(PartyRefDto) declarant?: PartyRefDto;
  @OptionalObject(ImporterDto) importer?: ImporterDto;
  @OptionalObject(TradePartyDto) exporter?: TradePartyDto;
  @OptionalObject(TradePartyDto) seller?: TradePartyDto;
  @OptionalObject(PartyRefDto) courier?: PartyRefDto;

  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfDeparture?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(COUNTRY, { message: COUNTRY_MESSAGE }) countryOfDestination?: string;

  @ApiPropertyOptional({ type: [String], description: 'Countries the goods passed through, in order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @Matches(COUNTRY, { each: true, message: 'each routing entry must be an ISO 3166 alpha-2 country code' })
  routing?: string[];

  @OptionalObject(ConveyanceDto) conveyance?: ConveyanceDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(IDENTIFIER_MAX, { each: true })
  containers?: string[];

  @ApiProperty({ type: [DeclarationItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must hold at least one item' })
  @ArrayMaxSize(MAX_ITEMS)
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => DeclarationItemDto)
  items!: DeclarationItemDto[];
}
