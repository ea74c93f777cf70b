import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { performance } from 'node:perf_hooks';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { Topic, versionConflict, type RiskDecision } from '@app/contracts';
import { EngineMetrics } from '../../../observability/engine-metrics';
import { withCorrelation } from '../../../observability/correlation';
import { ActiveRuleset } from '../../active-ruleset';
import { DecisionStore } from '../../decision-store';
import { RiskContextReader } from '../../risk-context.reader';
import {
  AssessDeclarationsCommand,
  rejectedKafkaMessage,
  type AssessedDeclaration,
  type RejectedMessage,
} from './assess-declarations.command';

@CommandHandler(AssessDeclarationsCommand)
export class AssessDeclarationsHandler implements ICommandHandler<AssessDeclarationsCommand> {
  private readonly logger = new Logger('Selectivity');
  /** One debug line per decision; off at the default level, where it would be the bulk of the log. */
  private readonly logEachDecision: boolean;

  constructor(
    private readonly ruleset: ActiveRuleset,
    private readonly store: DecisionStore,
    private readonly context: RiskContextReader,
    private readonly metrics: EngineMetrics,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
  ) {
    this.logEachDecision = config.logLevel === 'debug' || config.logLevel === 'verbose';
  }

  async execute(command: AssessDeclarationsCommand): Promise<AssessedDeclaration[]> {
    const started = performance.now();
    const { declarations, channel, correlationIds } = command;
    this.metrics.declarationsConsumed(channel, declarations.length + command.rejected.length);
    const decidedAt = new Date();
    // The engine is taken first: its importer-history horizon decides which lookups can be skipped.
    const engine = this.ruleset.current;
    const contexts = await this.context.contextsFor(declarations, decidedAt, engine.importerHistoryHorizon);
    const decisions: RiskDecision[] = [];
    for (const [index, declaration] of declarations.entries()) {
      const scoring = performance.now();
      decisions.push(await engine.assess(declaration, decidedAt, contexts[index]));
      this.metrics.scored((performance.now() - scoring) / 1000);
    }
    const recorded = await this.store.record(declarations, decisions, command.rejected, channel, correlationIds);
    this.metrics.decided(channel, recorded.fresh);
    this.metrics.deadLettered(Topic.DeclarationsDeadLetter, recorded.deadLettered);
    const assessed = recorded.decisions.map((decision): AssessedDeclaration => ({ decision, versionConflict: null }));
    if (recorded.conflicts.length > 0) await this.refuseConflicts(command, assessed, recorded.conflicts);
    this.metrics.assessed(channel, (performance.now() - started) / 1000, declarations.length);
    if (this.logEachDecision) this.logDecisions(command, recorded.fresh);
    return assessed;
  }

  /**
   * Declarations whose version was decided before on other content keep no decision of theirs:
   * each is marked a version conflict, and those read from Kafka are dead-lettered (after the
   * decisions' commit; a crash between the two replays the batch, which finds the same conflict).
   */
  private async refuseConflicts(command: AssessDeclarationsCommand, assessed: AssessedDeclaration[], positions: number[]): Promise<void> {
    const deadLetters: RejectedMessage[] = [];
    for (const position of positions) {
      const entry = assessed[position];
      if (!entry) continue;
      const { declarationId, declarationVersion, decisionId } = entry.decision;
      entry.versionConflict = versionConflict(declarationId, declarationVersion, decisionId);
      const origin = command.origins[position];
      if (origin) deadLetters.push(rejectedKafkaMessage(origin.batch, origin.message, origin.key, entry.versionConflict));
      const fields = { message: 'Version conflict', declarationId, declarationVersion, decisionId, channel: command.channel };
      const correlationId = command.correlationIds[position];
      if (correlationId) withCorrelation(correlationId, () => this.logger.warn(fields));
      else this.logger.warn(fields);
    }
    this.metrics.deadLettered(Topic.DeclarationsDeadLetter, await this.store.deadLetter(deadLetters));
  }

  private logDecisions(command: AssessDeclarationsCommand, fresh: RiskDecision[]): void {
    const correlation = new Map(command.declarations.map((d, index) => [d.declarationId, command.correlationIds[index]]));
    for (const decision of fresh) {
      const fields = {
        message: 'Decided',
        declarationId: decision.declarationId,
        declarationVersion: decision.declarationVersion,
        decisionId: decision.decisionId,
        lane: decision.lane,
        score: decision.score,
        rulesetVersion: decision.rulesetVersion,
        channel: command.channel,
      };
      const correlationId = correlation.get(decision.declarationId);
      if (correlationId) withCorrelation(correlationId, () => this.logger.debug(fields));
      else this.logger.debug(fields);
    }
  }
}
