import type { Database } from '@roaming/event-store';
import {
  type AnchorChainVerification,
  type AuditAnchor,
  type AuditPublicKey,
  AuditReader,
  type ChainVerification,
  verifyAnchorChain,
  verifyChains,
} from '@roaming/event-store/audit';
import { type CliArguments, UsageError } from '../cli-arguments';
import { openReadOnly } from '../read-only-database';
import { publicKeyOption } from './verify-export.command';

export interface StoreVerificationReport {
  valid: boolean;
  scope: { stream: string } | { category: string } | { everything: true };
  chains: ChainVerification;
  /** Per anchor stream (`auditAnchor-<app>`), when everything is verified. */
  anchors?: Record<string, AnchorChainVerification>;
  durationMs: number;
}

/**
 * `verify --database-url <url> [--stream <name> | --category <c>] [--public-key <key>]`: re-computes hash chains
 * straight from an app's PostgreSQL (read-only session, one snapshot) and, for everything, checks every signed
 * anchor chain; with --public-key the anchors' signatures too.
 */
export async function verifyCommand(
  args: CliArguments,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; report: StoreVerificationReport }> {
  const stream = args.options.get('stream');
  const category = args.options.get('category');
  if (stream && category) throw new UsageError('give --stream or --category, not both');
  const key = publicKeyOption(args.options.get('public-key'));
  const db = openReadOnly(args.options.get('database-url') ?? env.DATABASE_URL);
  const started = Date.now();
  try {
    const scope = stream ? { stream } : category ? { category } : { everything: true as const };
    // Anchored ranges hold settled events that no later append changes: checked beside the snapshot of the chains.
    const anchorsChecked = stream || category ? Promise.resolve(undefined) : verifyAnchors(db, key);
    anchorsChecked.catch(() => undefined);
    const chains = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return verifyChains(
        new AuditReader(tx),
        stream ? { streamName: stream } : category ? { categories: [category] } : {},
      );
    });
    const anchors = await anchorsChecked;
    const valid = chains.valid && Object.values(anchors ?? {}).every((a) => a.valid);
    return { ok: valid, report: { valid, scope, chains, anchors, durationMs: Date.now() - started } };
  } finally {
    await db.close();
  }
}

/** Every anchor chain of the database (`auditAnchor-<app>`, one per app that shares it). */
async function verifyAnchors(
  db: Database,
  key: AuditPublicKey | undefined,
): Promise<Record<string, AnchorChainVerification>> {
  const reader = new AuditReader(db);
  const anchors: Record<string, AnchorChainVerification> = {};
  const { rows } = await db.query<{ stream_name: string }>(
    `SELECT stream_name FROM es.streams WHERE category = 'auditAnchor' ORDER BY stream_name`,
  );
  for (const { stream_name: name } of rows) {
    const events = await reader.readStream(name);
    anchors[name] = await verifyAnchorChain(
      reader,
      events.map((e) => e.data as AuditAnchor),
      key,
    );
  }
  return anchors;
}
