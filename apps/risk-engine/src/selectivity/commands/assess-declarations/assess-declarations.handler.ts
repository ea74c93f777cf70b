import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RiskDecision } from '@app/contracts';
import { SelectivityEngine } from '@app/selectivity';
import { DecisionStore } from '../../decision-store';
import { AssessDeclarationsCommand } from './assess-declarations.command';

@CommandHandler(AssessDeclarationsCommand)
export class AssessDeclarationsHandler implements ICommandHandler<AssessDeclarationsCommand> {
  constructor(
    private readonly engine: SelectivityEngine,
    private readonly store: DecisionStore,
  ) {}

  async execute(command: AssessDeclarationsCommand): Promise<RiskDecision[]> {
    const decidedAt = new Date();
    const decisions: RiskDecision[] = [];
    for (const declaration of command.declarations) {
      decisions.push(await this.engine.assess(declaration, decidedAt));
    }
    return this.store.record(command.declarations, decisions, command.rejected, command.channel);
  }
}
