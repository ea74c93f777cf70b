import { ApiProperty } from '@nestjs/swagger';
import { LANES, REASON_SOURCES, type DecisionReason, type Lane, type ReasonSource, type RiskDecision } from '@app/contracts';

export class DecisionReasonDto implements DecisionReason {
  @ApiProperty({ enum: REASON_SOURCES }) source!: ReasonSource;
  @ApiProperty({ example: 'DRUGS.PRECURSOR' }) code!: string;
  @ApiProperty({ nullable: true, type: String, example: 'DRG-001' }) ruleId!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 1 }) ruleVersion!: number | null;
  @ApiProperty({ description: 'Score points this reason contributed (negative for a facilitation)' }) contribution!: number;
  @ApiProperty() message!: string;
}

export class RiskDecisionResponseDto implements RiskDecision {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty() declarationId!: string;
  @ApiProperty() declarationVersion!: number;
  @ApiProperty({ enum: LANES }) lane!: Lane;
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ type: [DecisionReasonDto] }) reasons!: DecisionReasonDto[];
  @ApiProperty({ example: '2026.11.1' }) rulesetVersion!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}
