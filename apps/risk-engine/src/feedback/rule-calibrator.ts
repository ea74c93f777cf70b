import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DatabaseNotifications } from '../infrastructure/database-notifications';
import type { DataSource } from 'typeorm';
import { proposeWeight } from '@app/profiles';
import { weightBoundsOf } from '@app/selectivity';
import { ActiveRuleset } from '../selectivity/active-ruleset';
import { RulePerformanceReader } from './rule-performance.reader';
import { RuleReviewService } from './rule-review.service';

const CALIBRATION_CHANNEL = 'rule_calibrations';

/**
 * Automatic recalibration (`feedback.recalibration: "AUTO"`): after outcomes, rules whose record
 * supports another weight get it, within their bounds and step limit. Calibrations are stored per
 * authored ruleset version and announced, so every instance scores with the same calibrated
 * ruleset version. With PROPOSE or OFF this only loads nothing and changes nothing.
 */
@Injectable()
export class RuleCalibrator implements OnApplicationBootstrap {
  private readonly logger = new Logger(RuleCalibrator.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleset: ActiveRuleset,
    private readonly performance: RulePerformanceReader,
    private readonly review: RuleReviewService,
    private readonly notifications: DatabaseNotifications,
  ) {}

  private get automatic(): boolean {
    return this.review.settings.recalibration === 'AUTO';
  }

  async onApplicationBootstrap(): Promise<void> {
    this.ruleset.onActivation(() => {
      if (this.automatic) void this.load().catch((error: Error) => this.logger.error(`Could not load calibrations: ${error.message}`));
    });
    const load = () => this.load().catch((error: Error) => this.logger.error(`Could not load calibrations: ${error.message}`));
    await this.notifications.listen(CALIBRATION_CHANNEL, { onNotification: () => void load(), onReconnected: load });
    await this.load();
  }

  async recalibrateAfterOutcomes(outcomeIds: string[]): Promise<void> {
    if (!this.automatic || outcomeIds.length === 0) return;
    const settings = this.review.settings;
    const overall = await this.performance.overall();
    const baseRate = overall.controlInspections >= settings.recalibrationMinInspections ? overall.unbiasedHitRate : overall.hitRate;
    if (baseRate === null) return;
    const authored = this.ruleset.authored;
    let changed = false;
    for (const { ruleId, ruleVersion } of await this.performance.rulesAnsweredBy(outcomeIds)) {
      const rule = authored.rules.find((candidate) => candidate.id === ruleId && candidate.version === ruleVersion);
      const current = this.ruleset.current.ruleset.rules.find((candidate) => candidate.id === ruleId);
      if (!rule || !current) continue;
      const proposal = proposeWeight(
        current.event.params.weight,
        weightBoundsOf(rule),
        await this.performance.forRule(ruleId, ruleVersion),
        baseRate,
        settings,
      );
      if (!proposal || Math.abs(proposal.proposedWeight - current.event.params.weight) < 0.5) continue;
      await this.dataSource.query(
        `INSERT INTO rule_weight_calibrations (rule_id, rule_version, ruleset_version, weight, basis) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (rule_id, rule_version, ruleset_version) DO UPDATE SET weight = EXCLUDED.weight, basis = EXCLUDED.basis, calibrated_at = now()`,
        [ruleId, ruleVersion, authored.settings.version, proposal.proposedWeight, JSON.stringify(proposal)],
      );
      this.logger.log(
        `Rule ${ruleId} v${ruleVersion} recalibrated from ${proposal.currentWeight} to ${proposal.proposedWeight} (${proposal.basis} hit rate ${proposal.hitRate.toFixed(3)})`,
      );
      changed = true;
    }
    if (changed) {
      await this.dataSource.query(`SELECT pg_notify($1, '')`, [CALIBRATION_CHANNEL]);
      await this.load();
    }
  }

  private async load(): Promise<void> {
    if (!this.automatic) return;
    const authored = this.ruleset.authored;
    const rows = await this.dataSource.query<{ rule_id: string; rule_version: number; weight: string }[]>(
      'SELECT rule_id, rule_version, weight FROM rule_weight_calibrations WHERE ruleset_version = $1',
      [authored.settings.version],
    );
    const weights = new Map<string, number>();
    for (const row of rows) {
      if (authored.rules.some((rule) => rule.id === row.rule_id && rule.version === row.rule_version))
        weights.set(row.rule_id, Number(row.weight));
    }
    this.ruleset.applyCalibration(weights);
  }
}
