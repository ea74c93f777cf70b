import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { GovernanceError, transition, type LifecycleAction, type VersionStatus } from '@app/governance';
import { RulesetValidationError, buildRuleset, type Ruleset } from '@app/selectivity';
import { AuditLog } from '../audit/audit-log';

export const RULESET_ACTIVATED_CHANNEL = 'ruleset_activated';

export interface RulesetVersionView {
  rulesetId: string;
  version: number;
  label: string;
  status: VersionStatus;
  author: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  activateAt: string | null;
  scheduledBy: string | null;
  activatedBy: string | null;
  activatedAt: string | null;
  retiredAt: string | null;
  rules: number;
}

interface VersionRow {
  ruleset_id: string;
  version: number;
  label: string;
  status: VersionStatus;
  author: string;
  created_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  activate_at: Date | null;
  scheduled_by: string | null;
  activated_by: string | null;
  activated_at: Date | null;
  retired_at: Date | null;
  content: Ruleset;
  origins: Record<string, string>;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toView(row: VersionRow): RulesetVersionView {
  return {
    rulesetId: row.ruleset_id,
    version: row.version,
    label: row.label,
    status: row.status,
    author: row.author,
    createdAt: row.created_at.toISOString(),
    submittedBy: row.submitted_by,
    submittedAt: iso(row.submitted_at),
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    activateAt: iso(row.activate_at),
    scheduledBy: row.scheduled_by,
    activatedBy: row.activated_by,
    activatedAt: iso(row.activated_at),
    retiredAt: iso(row.retired_at),
    rules: row.content.rules.length,
  };
}

/** Validates ruleset content as the loader does; a GovernanceError lists every problem. */
export function validateContent(content: unknown): Ruleset {
  const candidate = (content ?? {}) as { settings?: unknown; rules?: unknown; profiles?: unknown };
  try {
    return buildRuleset(
      candidate.settings,
      [{ origin: 'content', rules: candidate.rules }],
      'settings',
      candidate.profiles ?? undefined,
      'profiles',
    );
  } catch (error) {
    if (error instanceof RulesetValidationError) throw new GovernanceError('RULESET.INVALID', error.message, 400);
    throw error;
  }
}

/**
 * Ruleset versions in PostgreSQL: immutable content, a lifecycle with four-eyes approval,
 * immediate or scheduled activation, rollback, and an audit entry for every change.
 */
@Injectable()
export class RulesetVersions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(rulesetId: string): Promise<RulesetVersionView[]> {
    const rows = await this.dataSource.query<VersionRow[]>('SELECT * FROM ruleset_versions WHERE ruleset_id = $1 ORDER BY version', [
      rulesetId,
    ]);
    return rows.map(toView);
  }

  async get(rulesetId: string, version: number, manager?: EntityManager): Promise<{ view: RulesetVersionView; content: Ruleset }> {
    const rows = await (manager ?? this.dataSource).query<VersionRow[]>(
      `SELECT * FROM ruleset_versions WHERE ruleset_id = $1 AND version = $2${manager ? ' FOR UPDATE' : ''}`,
      [rulesetId, version],
    );
    const row = rows[0];
    if (!row) throw new GovernanceError('RULESET.VERSION_NOT_FOUND', `Ruleset ${rulesetId} has no version ${version}`, 404);
    return { view: toView(row), content: { ...row.content, origins: row.origins } };
  }

  async active(rulesetId: string): Promise<{ view: RulesetVersionView; content: Ruleset } | null> {
    const rows = await this.dataSource.query<{ version: number }[]>(
      `SELECT version FROM ruleset_versions WHERE ruleset_id = $1 AND status = 'ACTIVE'`,
      [rulesetId],
    );
    const version = rows[0]?.version;
    return version === undefined ? null : this.get(rulesetId, version);
  }

  /** Creates a DRAFT from validated content; the label (settings.version) must be new for the ruleset. */
  async create(rulesetId: string, content: unknown, actor: string): Promise<RulesetVersionView> {
    const ruleset = validateContent(content);
    const { origins: validated = {}, ...stored } = ruleset;
    // Keep the file each rule came from when the caller says (import from a rules folder).
    const provided = (content as { origins?: unknown }).origins;
    const origins =
      typeof provided === 'object' &&
      provided !== null &&
      Object.values(provided).every((file) => typeof file === 'string' && /^[\w.-]+\.json$/.test(file))
        ? (provided as Record<string, string>)
        : validated;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ruleset:${rulesetId}`]);
      const clash = await manager.query<{ version: number }[]>(
        'SELECT version FROM ruleset_versions WHERE ruleset_id = $1 AND label = $2',
        [rulesetId, stored.settings.version],
      );
      if (clash[0]) {
        throw new GovernanceError(
          'RULESET.LABEL_TAKEN',
          `Version ${clash[0].version} of ${rulesetId} is already labelled ${stored.settings.version}; give settings.version a new label`,
        );
      }
      const rows = await manager.query<VersionRow[]>(
        `INSERT INTO ruleset_versions (ruleset_id, version, label, status, content, origins, author)
         SELECT $1, coalesce(max(version), 0) + 1, $2, 'DRAFT', $3, $4, $5 FROM ruleset_versions WHERE ruleset_id = $1
         RETURNING *`,
        [rulesetId, stored.settings.version, JSON.stringify(stored), JSON.stringify(origins), actor],
      );
      const view = toView(rows[0] as VersionRow);
      await this.audit.record(manager, {
        actor,
        action: 'RULESET_VERSION_CREATED',
        entity: `ruleset:${rulesetId}:v${view.version}`,
        before: null,
        after: { ...view, content: stored },
      });
      return view;
    });
  }

  /** The first version of a ruleset, active at once, from the rules folder (no-op when versions exist). */
  async seed(rulesetId: string, ruleset: Ruleset): Promise<void> {
    const { origins = {}, ...stored } = ruleset;
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ruleset:${rulesetId}`]);
      const existing = await manager.query<{ count: string }[]>('SELECT count(*) FROM ruleset_versions WHERE ruleset_id = $1', [rulesetId]);
      if (Number(existing[0]?.count) > 0) return;
      await manager.query(
        `INSERT INTO ruleset_versions (ruleset_id, version, label, status, content, origins, author, activated_by, activated_at)
         VALUES ($1, 1, $2, 'ACTIVE', $3, $4, 'system', 'system', now())`,
        [rulesetId, stored.settings.version, JSON.stringify(stored), JSON.stringify(origins)],
      );
      await this.audit.record(manager, {
        actor: 'system',
        action: 'RULESET_SEEDED',
        entity: `ruleset:${rulesetId}:v1`,
        before: null,
        after: { label: stored.settings.version, rules: stored.rules.length },
      });
    });
  }

  async submit(rulesetId: string, version: number, actor: string): Promise<RulesetVersionView> {
    return this.change(rulesetId, version, 'SUBMIT', actor, (manager) =>
      manager.query(
        `UPDATE ruleset_versions SET status = 'SUBMITTED', submitted_by = $3, submitted_at = now() WHERE ruleset_id = $1 AND version = $2`,
        [rulesetId, version, actor],
      ),
    );
  }

  async approve(rulesetId: string, version: number, actor: string): Promise<RulesetVersionView> {
    return this.change(rulesetId, version, 'APPROVE', actor, (manager) =>
      manager.query(
        `UPDATE ruleset_versions SET status = 'APPROVED', approved_by = $3, approved_at = now() WHERE ruleset_id = $1 AND version = $2`,
        [rulesetId, version, actor],
      ),
    );
  }

  /** Activates now, or schedules activation at `at` (a later time). */
  async activate(rulesetId: string, version: number, actor: string, at?: Date): Promise<RulesetVersionView> {
    if (at && at.getTime() > Date.now()) {
      return this.change(
        rulesetId,
        version,
        'ACTIVATE',
        actor,
        (manager) =>
          manager.query(`UPDATE ruleset_versions SET activate_at = $3, scheduled_by = $4 WHERE ruleset_id = $1 AND version = $2`, [
            rulesetId,
            version,
            at,
            actor,
          ]),
        'RULESET_ACTIVATION_SCHEDULED',
      );
    }
    return this.change(rulesetId, version, 'ACTIVATE', actor, (manager) => this.makeActive(manager, rulesetId, version, actor));
  }

  async retire(rulesetId: string, version: number, actor: string): Promise<RulesetVersionView> {
    return this.change(rulesetId, version, 'RETIRE', actor, (manager) =>
      manager.query(
        `UPDATE ruleset_versions SET status = 'RETIRED', retired_at = now(), activate_at = NULL WHERE ruleset_id = $1 AND version = $2`,
        [rulesetId, version],
      ),
    );
  }

  /** Makes an earlier, previously active version active again. */
  async rollback(rulesetId: string, toVersion: number, actor: string): Promise<RulesetVersionView> {
    return this.change(rulesetId, toVersion, 'ROLLBACK', actor, async (manager, view) => {
      if (!view.activatedAt)
        throw new GovernanceError('RULESET.NEVER_ACTIVE', `Version ${toVersion} was never active; approve and activate it instead`);
      await this.makeActive(manager, rulesetId, toVersion, actor);
    });
  }

  /** Activates every approved version whose scheduled time has come; returns how many. */
  async activateDue(): Promise<number> {
    const due = await this.dataSource.query<{ ruleset_id: string; version: number; scheduled_by: string }[]>(
      `SELECT ruleset_id, version, scheduled_by FROM ruleset_versions WHERE status = 'APPROVED' AND activate_at <= now() ORDER BY activate_at`,
    );
    for (const row of due) {
      try {
        await this.change(row.ruleset_id, row.version, 'ACTIVATE', row.scheduled_by, (manager) =>
          this.makeActive(manager, row.ruleset_id, row.version, row.scheduled_by),
        );
      } catch (error) {
        if (!(error instanceof GovernanceError)) throw error; // another instance got there first
      }
    }
    return due.length;
  }

  private async makeActive(manager: EntityManager, rulesetId: string, version: number, actor: string): Promise<void> {
    await manager.query(`UPDATE ruleset_versions SET status = 'RETIRED', retired_at = now() WHERE ruleset_id = $1 AND status = 'ACTIVE'`, [
      rulesetId,
    ]);
    await manager.query(
      `UPDATE ruleset_versions SET status = 'ACTIVE', activated_by = $3, activated_at = now(), activate_at = NULL, retired_at = NULL WHERE ruleset_id = $1 AND version = $2`,
      [rulesetId, version, actor],
    );
    await manager.query('SELECT pg_notify($1, $2)', [RULESET_ACTIVATED_CHANNEL, rulesetId]);
  }

  private async change(
    rulesetId: string,
    version: number,
    action: LifecycleAction,
    actor: string,
    apply: (manager: EntityManager, view: RulesetVersionView) => Promise<unknown>,
    auditAction = `RULESET_VERSION_${action}`,
  ): Promise<RulesetVersionView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ruleset:${rulesetId}`]);
      const { view: before } = await this.get(rulesetId, version, manager);
      transition({ status: before.status, author: before.author }, action, actor);
      await apply(manager, before);
      const { view: after } = await this.get(rulesetId, version, manager);
      await this.audit.record(manager, { actor, action: auditAction, entity: `ruleset:${rulesetId}:v${version}`, before, after });
      return after;
    });
  }
}
