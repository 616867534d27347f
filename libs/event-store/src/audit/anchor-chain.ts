import { type Checkpoint, START } from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import type { AuditReader } from './audit-reader';
import { AUDIT_ANCHOR_CATEGORY, type AuditAnchor, checkAnchorSeal, FIRST_ANCHOR_LINK } from './audit-anchor';
import { compareCheckpoints } from './checkpoint-order';
import { rollHash } from './rolling-hash';
import type { AuditPublicKey } from './signing-key';

export interface RangeDigest {
  count: number;
  rollingHash: string;
  /** Events in the range that are not anchors themselves. */
  otherThanAnchors: number;
}

/** Folds the hashes of the events after `from` up to `to` into the rolling hash, seeded with `seed`. */
export async function digestRange(
  reader: AuditReader,
  from: Checkpoint,
  to: Checkpoint,
  seed: string,
): Promise<RangeDigest> {
  let rollingHash = seed;
  let count = 0;
  let otherThanAnchors = 0;
  for await (const batch of reader.hashesBetween(from, to)) {
    for (const entry of batch) {
      rollingHash = rollHash(rollingHash, entry.hash);
      count++;
      if (entry.category !== AUDIT_ANCHOR_CATEGORY) otherThanAnchors++;
    }
  }
  return { count, rollingHash, otherThanAnchors };
}

export interface AnchorIssue {
  sequence: number;
  kind: 'seal' | 'link' | 'range';
  detail: string;
}

export interface AnchorChainVerification {
  valid: boolean;
  anchors: number;
  /** Whether signatures were checked (a public key was given). */
  signaturesChecked: boolean;
  lastAnchor: { sequence: number; to: Checkpoint; anchoredAt: string } | null;
  /** Events after the last anchor: not covered yet. */
  unanchoredEvents: number;
  issues: AnchorIssue[];
}

/**
 * Checks a chain of anchors against the store: each one sealed (hash, signature), linked to the one before, and its
 * range still holding exactly the events it vouched for. A removed, added, re-hashed or altered-and-re-chained event
 * changes the count or the rolling hash of the anchor whose range held it; removing trailing events changes the
 * last anchor's range. Only events after the last anchor are not yet protected (`unanchoredEvents`).
 */
export async function verifyAnchorChain(
  reader: AuditReader,
  anchors: readonly AuditAnchor[],
  publicKey: AuditPublicKey | undefined,
): Promise<AnchorChainVerification> {
  const issues: AnchorIssue[] = [];
  let previous: AuditAnchor | undefined;
  for (const anchor of anchors) {
    const sequence = Number.isInteger(anchor?.sequence) ? anchor.sequence : -1;
    const seal = checkAnchorSeal(anchor, publicKey);
    if (seal.length > 0) {
      issues.push(...seal.map((detail) => ({ sequence, kind: 'seal' as const, detail })));
      if (seal.includes('the anchor is malformed')) continue;
    }
    const expectedFrom = previous?.to ?? START;
    const expectedLink = previous?.anchorHash ?? FIRST_ANCHOR_LINK;
    if (
      anchor.sequence !== (previous?.sequence ?? 0) + 1 ||
      anchor.previousAnchorHash !== expectedLink ||
      compareCheckpoints(anchor.from, expectedFrom) !== 0
    ) {
      issues.push({
        sequence,
        kind: 'link',
        detail: 'the anchor does not continue the previous one (sequence, previous anchor hash or range start)',
      });
    }
    const digest = await digestRange(reader, anchor.from, anchor.to, previous?.rollingHash ?? GENESIS_HASH);
    if (digest.count !== anchor.count || digest.rollingHash !== anchor.rollingHash) {
      issues.push({
        sequence,
        kind: 'range',
        detail:
          `the events after global position ${anchor.from.globalPosition} up to ${anchor.to.globalPosition} ` +
          `(transaction ${anchor.from.transactionId}..${anchor.to.transactionId}) are ${digest.count}, anchored ` +
          `${anchor.count}` +
          (digest.count === anchor.count ? ' with a different rolling hash: one of them was altered or re-hashed' : ''),
      });
    }
    previous = anchor;
  }
  const unanchoredEvents = await reader.countAfter(previous?.to ?? START);
  return {
    valid: issues.length === 0,
    anchors: anchors.length,
    signaturesChecked: publicKey !== undefined,
    lastAnchor: previous ? { sequence: previous.sequence, to: previous.to, anchoredAt: previous.anchoredAt } : null,
    unanchoredEvents,
    issues,
  };
}
