import { createHash } from 'node:crypto';
import type { Ruleset } from './ruleset';

/**
 * The ruleset with feedback-calibrated weights in place of the authored ones. It gets its own
 * version, `<base>+cal.<digest of the weights>`, so every decision names exactly what made it.
 */
export function withCalibratedWeights(base: Ruleset, weights: ReadonlyMap<string, number>): Ruleset {
  const applied = [...weights].filter(([ruleId]) => base.rules.some((rule) => rule.id === ruleId)).sort(([a], [b]) => a.localeCompare(b));
  if (applied.length === 0) return base;
  const digest = createHash('sha256').update(JSON.stringify(applied)).digest('hex').slice(0, 8);
  const byId = new Map(applied);
  return {
    ...base,
    settings: { ...base.settings, version: `${base.settings.version}+cal.${digest}` },
    rules: base.rules.map((rule) => {
      const weight = byId.get(rule.id);
      return weight === undefined ? rule : { ...rule, event: { ...rule.event, params: { ...rule.event.params, weight } } };
    }),
  };
}
