import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RiskDecision } from '@app/contracts';
import { ActiveRuleset } from '../../active-ruleset';
import { DecisionStore } from '../../decision-store';
import { RiskContextReader } from '../../risk-context.reader';
import { AssessDeclarationsCommand } from './assess-declarations.command';

@CommandHandler(AssessDeclarationsCommand)
export class AssessDeclarationsHandler implements ICommandHandler<AssessDeclarationsCommand> {
  constructor(
    private readonly ruleset: ActiveRuleset,
    private readonly store: DecisionStore,
    private readonly context: RiskContextReader,
  ) {}

  async execute(command: AssessDeclarationsCommand): Promise<RiskDecision[]> {
    const decidedAt = new Date();
    const contexts = await this.context.contextsFor(command.declarations, decidedAt);
    const engine = this.ruleset.current;
    const decisions: RiskDecision[] = [];
    for (const [index, declaration] of command.declarations.entries()) {
      decisions.push(await engine.assess(declaration, decidedAt, contexts[index]));
    }
    return this.store.record(command.declarations, decisions, command.rejected, command.channel);
  }
}
