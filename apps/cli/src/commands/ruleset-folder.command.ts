import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRulesetFromDirectory, type RuleDefinition, type Ruleset } from '@app/selectivity';
import { one, UsageError, type Arguments } from '../arguments';

/** Calls the engine's governance API with the operator's bearer token (so every change is authorised and audited). */
async function api(args: Arguments, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const base = (args.options.get('url')?.[0] ?? process.env.ENGINE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = args.options.get('token')?.[0] ?? process.env.ENGINE_TOKEN;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new UsageError(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** `import-ruleset`: the rules folder (git) becomes a new DRAFT version, to be submitted and approved. */
export async function importRulesetCommand(args: Arguments): Promise<void> {
  const rulesetId = one(args, 'ruleset');
  const ruleset = loadRulesetFromDirectory(resolve(one(args, 'from')));
  const created = (await api(args, 'POST', `/v1/rulesets/${encodeURIComponent(rulesetId)}/versions`, { content: ruleset })) as {
    version: number;
    label: string;
  };
  process.stdout.write(`Created ${rulesetId} version ${created.version} (${created.label}) as DRAFT with ${ruleset.rules.length} rules\n`);
}

/** `export-ruleset`: writes a version back as a rules folder, each rule in the file it came from. */
export async function exportRulesetCommand(args: Arguments): Promise<void> {
  const rulesetId = one(args, 'ruleset');
  const version = one(args, 'version');
  const out = resolve(one(args, 'out'));
  const found = (await api(args, 'GET', `/v1/rulesets/${encodeURIComponent(rulesetId)}/versions/${encodeURIComponent(version)}`)) as {
    content: Ruleset;
  };
  const { settings, rules, profiles, origins = {} } = found.content;
  const files = new Map<string, RuleDefinition[]>();
  for (const rule of rules) {
    const file = origins[rule.id] ?? 'rules.json';
    files.set(file, [...(files.get(file) ?? []), rule]);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ruleset.json'), `${JSON.stringify(settings, null, 2)}\n`);
  writeFileSync(join(out, 'profiles.json'), `${JSON.stringify(profiles, null, 2)}\n`);
  for (const [file, fileRules] of files) writeFileSync(join(out, file), `${JSON.stringify({ rules: fileRules }, null, 2)}\n`);
  process.stdout.write(
    `Wrote ${rulesetId} version ${version} (${settings.version}) to ${out}: ${rules.length} rules in ${files.size} files\n`,
  );
}
