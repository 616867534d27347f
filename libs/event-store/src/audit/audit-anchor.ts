import { canonicalJson, GENESIS_HASH } from '../hash-chain';
import type { Checkpoint } from '../event-store.port';
import { isCheckpoint } from './checkpoint-order';
import { sha256Hex } from './rolling-hash';
import type { AuditPublicKey, AuditSigningKey } from './signing-key';

export const AUDIT_ANCHOR_CATEGORY = 'auditAnchor';
export const AUDIT_ANCHOR_RECORDED = 'AuditAnchorRecorded';

/**
 * What an anchor vouches for (ARCHITECTURE.md §5): the events after `from` up to and including `to` in commit order,
 * how many they are, and the rolling hash of their hashes, continued from the previous anchor's. Linked to the
 * previous anchor by its hash, so anchors form a chain of their own.
 */
export interface AuditAnchorBody {
  /** The app (database) whose global sequence this is. */
  app: string;
  /** 1, 2, 3, … per app. */
  sequence: number;
  from: Checkpoint;
  to: Checkpoint;
  count: number;
  rollingHash: string;
  previousAnchorHash: string;
  anchoredAt: string;
  keyId: string;
}

/** A signed anchor: the body, its SHA-256 and the Ed25519 signature of its canonical JSON. */
export interface AuditAnchor extends AuditAnchorBody {
  anchorHash: string;
  signature: string;
}

export const FIRST_ANCHOR_LINK = GENESIS_HASH;

export function anchorBodyOf(anchor: AuditAnchorBody): AuditAnchorBody {
  const { app, sequence, from, to, count, rollingHash, previousAnchorHash, anchoredAt, keyId } = anchor;
  return { app, sequence, from, to, count, rollingHash, previousAnchorHash, anchoredAt, keyId };
}

export function signAnchor(body: AuditAnchorBody, key: AuditSigningKey): AuditAnchor {
  const canonical = canonicalJson(anchorBodyOf(body));
  return { ...anchorBodyOf(body), anchorHash: sha256Hex(canonical), signature: key.sign(canonical) };
}

/** Problems with an anchor taken on its own (not yet against the store): shape, hash, signature. */
export function checkAnchorSeal(anchor: unknown, publicKey: AuditPublicKey | undefined): string[] {
  const a = anchor as Partial<AuditAnchor> | null;
  if (
    !a ||
    typeof a.app !== 'string' ||
    !Number.isInteger(a.sequence) ||
    !isCheckpoint(a.from) ||
    !isCheckpoint(a.to) ||
    !Number.isInteger(a.count) ||
    typeof a.rollingHash !== 'string' ||
    typeof a.previousAnchorHash !== 'string' ||
    typeof a.anchoredAt !== 'string' ||
    typeof a.keyId !== 'string' ||
    typeof a.anchorHash !== 'string' ||
    typeof a.signature !== 'string'
  ) {
    return ['the anchor is malformed'];
  }
  const problems: string[] = [];
  const canonical = canonicalJson(anchorBodyOf(a as AuditAnchor));
  if (sha256Hex(canonical) !== a.anchorHash) problems.push('the anchor hash does not match the anchor');
  if (publicKey) {
    if (a.keyId !== publicKey.keyId)
      problems.push(`signed with key ${a.keyId}, not the published key ${publicKey.keyId}`);
    else if (!publicKey.verify(canonical, a.signature)) problems.push('the signature does not verify');
  }
  return problems;
}
