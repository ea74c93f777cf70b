import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Topic } from '@app/contracts';
import { DEFAULT_FEEDBACK_SETTINGS, reviewRule, type FeedbackSettings } from '@app/profiles';
import { enqueueOutbox } from '../outbox/outbox-writer';
import { ActiveRuleset } from '../selectivity/active-ruleset';
import { RulePerformanceReader } from './rule-performance.reader';

export interface RuleReviewFlag {
  ruleId: string;
  ruleVersion: number;
  flaggedAt: string;
  hitRate: number;
  inspections: number;
  reason: string;
}

/** Risk alert published on customs.risk-alerts.v1 when a rule is flagged for review. */
export interface RiskAlert {
  alertType: 'RULE_REVIEW';
  ruleId: string;
  ruleVersion: number;
  rulesetVersion: string;
  hitRate: number;
  inspections: number;
  reason: string;
  raisedAt: string;
}

/**
 * Flags rules whose hit rate stays below the configured floor, once per rule version: a row in
 * rule_review_flags and an alert on customs.risk-alerts.v1, written in one transaction. Nothing
 * is changed or deleted; a risk manager decides.
 */
@Injectable()
export class RuleReviewService {
  private readonly logger = new Logger(RuleReviewService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly performance: RulePerformanceReader,
    private readonly ruleset: ActiveRuleset,
  ) {}

  get settings(): FeedbackSettings {
    return this.ruleset.authored.settings.feedback ?? DEFAULT_FEEDBACK_SETTINGS;
  }

  async reviewAfterOutcomes(outcomeIds: string[]): Promise<RuleReviewFlag[]> {
    const rules = await this.performance.rulesAnsweredBy(outcomeIds);
    const flagged: RuleReviewFlag[] = [];
    for (const { ruleId, ruleVersion } of rules) {
      const flag = await this.review(ruleId, ruleVersion);
      if (flag) flagged.push(flag);
    }
    return flagged;
  }

  async flagOf(ruleId: string, ruleVersion: number): Promise<RuleReviewFlag | null> {
    const rows = await this.dataSource.query<{ flagged_at: Date; hit_rate: string; inspections: number; reason: string }[]>(
      'SELECT flagged_at, hit_rate, inspections, reason FROM rule_review_flags WHERE rule_id = $1 AND rule_version = $2',
      [ruleId, ruleVersion],
    );
    const row = rows[0];
    return row
      ? {
          ruleId,
          ruleVersion,
          flaggedAt: row.flagged_at.toISOString(),
          hitRate: Number(row.hit_rate),
          inspections: row.inspections,
          reason: row.reason,
        }
      : null;
  }

  private async review(ruleId: string, ruleVersion: number): Promise<RuleReviewFlag | null> {
    const estimate = await this.performance.forRule(ruleId, ruleVersion);
    const finding = reviewRule(estimate, this.settings);
    if (!finding.flagged || !finding.reason) return null;
    const hitRate =
      estimate.controlInspections >= this.settings.reviewMinInspections ? (estimate.unbiasedHitRate ?? 0) : (estimate.hitRate ?? 0);
    const inspections =
      estimate.controlInspections >= this.settings.reviewMinInspections ? estimate.controlInspections : estimate.inspections;
    const reason = finding.reason;
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ flagged_at: Date }[]>(
        `INSERT INTO rule_review_flags (rule_id, rule_version, hit_rate, inspections, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING flagged_at`,
        [ruleId, ruleVersion, hitRate, inspections, reason],
      );
      const row = inserted[0];
      if (!row) return null;
      const alert: RiskAlert = {
        alertType: 'RULE_REVIEW',
        ruleId,
        ruleVersion,
        rulesetVersion: this.ruleset.current.rulesetVersion,
        hitRate,
        inspections,
        reason,
        raisedAt: row.flagged_at.toISOString(),
      };
      await enqueueOutbox(manager, [
        { topic: Topic.RiskAlerts, key: ruleId, payload: JSON.stringify(alert), headers: { 'alert-type': alert.alertType } },
      ]);
      this.logger.warn(`Rule ${ruleId} v${ruleVersion} flagged for review: ${reason}`);
      return { ruleId, ruleVersion, flaggedAt: alert.raisedAt, hitRate, inspections, reason };
    });
  }
}
