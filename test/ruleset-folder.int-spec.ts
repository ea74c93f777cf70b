import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRulesetFromDirectory } from '@app/selectivity';
import { parseArguments } from '../apps/cli/src/arguments';
import { exportRulesetCommand, importRulesetCommand } from '../apps/cli/src/commands/ruleset-folder.command';
import { startEngine } from './support/engine-harness';
import { TEST_JWT_SECRET, bearer } from './support/tokens';

describe('rules folder <-> ruleset versions (CLI over the governance API)', () => {
  const runId = randomUUID().slice(0, 8);
  const rulesetId = `git-${runId}`;
  let engine: INestApplication;
  let url: string;

  beforeAll(async () => {
    engine = await startEngine({ AUTH_JWT_SECRET: TEST_JWT_SECRET, ACTIVE_RULESET_ID: rulesetId });
    const server = engine.getHttpServer() as { address(): AddressInfo };
    url = `http://127.0.0.1:${server.address().port}`;
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('imports an edited folder as a DRAFT and exports it back into the same files', async () => {
    const edited = mkdtempSync(join(tmpdir(), 'rules-edit-'));
    cpSync(resolve(__dirname, '../rules'), edited, { recursive: true });
    const settings = JSON.parse(readFileSync(join(edited, 'ruleset.json'), 'utf8')) as { version: string };
    settings.version = `2026.12.${runId}`;
    writeFileSync(join(edited, 'ruleset.json'), JSON.stringify(settings));

    const analyst = bearer('ann', 'RISK_ANALYST').slice('Bearer '.length);
    await importRulesetCommand(
      parseArguments(['import-ruleset', '--url', url, '--token', analyst, '--ruleset', rulesetId, '--from', edited]),
    );

    const out = mkdtempSync(join(tmpdir(), 'rules-export-'));
    const auditor = bearer('audrey', 'AUDITOR').slice('Bearer '.length);
    await exportRulesetCommand(
      parseArguments(['export-ruleset', '--url', url, '--token', auditor, '--ruleset', rulesetId, '--version', '2', '--out', out]),
    );

    expect(readdirSync(out).sort()).toEqual(readdirSync(edited).sort());
    const exported = loadRulesetFromDirectory(out);
    const original = loadRulesetFromDirectory(edited);
    expect(exported.settings.version).toBe(`2026.12.${runId}`);
    expect(exported.rules).toEqual(original.rules);
    expect(exported.profiles).toEqual(original.profiles);
  });

  it('refuses an import without the analyst role', async () => {
    const auditor = bearer('audrey', 'AUDITOR').slice('Bearer '.length);
    await expect(
      importRulesetCommand(
        parseArguments([
          'import-ruleset',
          '--url',
          url,
          '--token',
          auditor,
          '--ruleset',
          rulesetId,
          '--from',
          resolve(__dirname, '../rules'),
        ]),
      ),
    ).rejects.toThrow('answered 403');
  });
});
