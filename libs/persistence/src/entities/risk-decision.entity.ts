import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DecisionReason, Lane } from '@app/contracts';

@Entity({ name: 'risk_decisions' })
export class RiskDecisionEntity {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid' }) decisionId!: string;
  @Column({ name: 'declaration_id', type: 'text' }) declarationId!: string;
  @Column({ name: 'declaration_version', type: 'int' }) declarationVersion!: number;
  @Column({ type: 'text' }) lane!: Lane;
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  score!: number;
  @Column({ type: 'jsonb' }) reasons!: DecisionReason[];
  @Column({ name: 'ruleset_version', type: 'text' }) rulesetVersion!: string;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt!: Date;
  @Column({ type: 'text' }) channel!: 'KAFKA' | 'HTTP';
}
