import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { CompiledRuleEvaluator, SelectivityEngine, loadRulesetFromDirectory, withCalibratedWeights, type Ruleset } from '@app/selectivity';
import { DatabaseNotifications } from '../infrastructure/database-notifications';
import { RULESET_ACTIVATED_CHANNEL, RulesetVersions, validateContent } from '../governance/rulesets/ruleset-versions';

const SCHEDULE_POLL_MS = 2_000;

/**
 * The ruleset this instance scores with: the ACTIVE version of ACTIVE_RULESET_ID in PostgreSQL
 * (seeded from RULES_DIR the first time), with feedback-calibrated weights when recalibration is
 * automatic. Every instance hears an activation (pg_notify) and switches within a second, without
 * a restart; scheduled activations are carried out by whichever instance sees them due first.
 */
@Injectable()
export class ActiveRuleset implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ActiveRuleset.name);
  private readonly rulesetId: string;
  private authoredRuleset: Ruleset;
  private weights: ReadonlyMap<string, number> = new Map();
  private engine: SelectivityEngine;
  private readonly listeners: ((ruleset: Ruleset) => void)[] = [];
  private scheduler: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly versions: RulesetVersions,
    private readonly notifications: DatabaseNotifications,
  ) {
    this.rulesetId = config.rules.activeRulesetId;
    this.authoredRuleset = loadRulesetFromDirectory(resolve(config.rules.directory));
    this.engine = new SelectivityEngine(this.authoredRuleset, new CompiledRuleEvaluator(this.authoredRuleset));
  }

  async onModuleInit(): Promise<void> {
    await this.versions.seed(this.rulesetId, this.authoredRuleset);
    await this.listen();
    await this.reload();
    this.scheduler = setInterval(() => {
      this.versions.activateDue().catch((error: Error) => this.logger.error(`Scheduled activation failed: ${error.message}`));
    }, SCHEDULE_POLL_MS);
  }

  onApplicationShutdown(): void {
    if (this.scheduler) clearInterval(this.scheduler);
  }

  get id(): string {
    return this.rulesetId;
  }

  /** The active version as authored (before calibration). */
  get authored(): Ruleset {
    return this.authoredRuleset;
  }

  get current(): SelectivityEngine {
    return this.engine;
  }

  /** Called with the authored ruleset whenever another version becomes active. */
  onActivation(listener: (ruleset: Ruleset) => void): void {
    this.listeners.push(listener);
  }

  applyCalibration(weights: ReadonlyMap<string, number>): void {
    this.weights = weights;
    this.rebuild();
  }

  async reload(): Promise<void> {
    const active = await this.versions.active(this.rulesetId);
    if (!active) {
      this.logger.warn(
        `Ruleset ${this.rulesetId} has no active version; scoring with ${this.authoredRuleset.settings.version} from ${this.config.rules.directory}`,
      );
      return;
    }
    const ruleset = validateContent(active.content);
    const changed = ruleset.settings.version !== this.authoredRuleset.settings.version;
    this.authoredRuleset = { ...ruleset, origins: active.content.origins };
    if (changed) this.weights = new Map();
    this.rebuild();
    if (changed) {
      this.logger.log(
        `Ruleset ${this.rulesetId} v${active.view.version} (${ruleset.settings.version}) is now active with ${ruleset.rules.length} rules`,
      );
      for (const listener of this.listeners) listener(this.authoredRuleset);
    }
  }

  private rebuild(): void {
    const ruleset = withCalibratedWeights(this.authoredRuleset, this.weights);
    if (ruleset.settings.version === this.engine.rulesetVersion && ruleset === this.engine.ruleset) return;
    this.engine = new SelectivityEngine(ruleset, new CompiledRuleEvaluator(ruleset));
  }

  private async listen(): Promise<void> {
    const reload = () => this.reload().catch((error: Error) => this.logger.error(`Could not load the activated ruleset: ${error.message}`));
    await this.notifications.listen(RULESET_ACTIVATED_CHANNEL, {
      onNotification: (payload) => {
        if (payload === this.rulesetId) void reload();
      },
      onReconnected: reload,
    });
  }
}
