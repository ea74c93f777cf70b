import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RiskDecision } from '@app/contracts';
import { SelectivityEngine } from '@app/selectivity';
import { DecisionStore } from '../../decision-store';
import { RiskContextReader } from '../../risk-context.reader';
import { AssessDeclarationsCommand } from './assess-declarations.command';

@CommandHandler(AssessDeclarationsCommand)
export class AssessDeclarationsHandler implements ICommandHandler<AssessDeclarationsCommand> {
  constructor(
    private readonly engine: SelectivityEngine,
    private readonly store: DecisionStore,
    private readonly context: RiskContextReader,
  ) {}

  async execute(command: AssessDeclarationsCommand): Promise<RiskDecision[]> {
    const decidedAt = new Date();
    const contexts = await this.context.contextsFor(command.declarations, decidedAt);
    const decisions: RiskDecision[] = [];
    for (const [index, declaration] of command.declarations.entries()) {
      decisions.push(await this.engine.assess(declaration, decidedAt, contexts[index]));
    }
    return this.store.record(command.declarations, decisions, command.rejected, command.channel);
  }
}
