import { canonicalJson, chainHash, GENESIS_HASH } from '../hash-chain';
import {
  AUDIT_EXPORT_FORMAT,
  type ExportEventLine,
  type ExportHeader,
  type ExportSeal,
  headerHashOf,
  sealBodyOf,
} from './audit-export';
import { rollHash } from './rolling-hash';
import { AuditPublicKey } from './signing-key';

/** The first line that does not hold, with the position it names (for event lines). */
export interface ExportFault {
  line: number;
  globalPosition?: string;
  streamName?: string;
  streamPosition?: number;
  reason: string;
}

export interface ExportVerification {
  valid: boolean;
  lines: number;
  events: number;
  /** The fault with the lowest line number, or null. */
  firstBad: ExportFault | null;
  faults: number;
  /** `unsigned`: the export carries no signature (no audit key was configured). */
  signature: 'valid' | 'invalid' | 'unsigned';
  keyId: string | null;
  /** Where the key that checked the signature came from: the caller (pinned) or the file's own header. */
  keySource: 'pinned' | 'file' | null;
}

interface StreamSeen {
  position: number;
  hash: string;
  line: number;
  globalPosition: string;
}

/**
 * Verifies an export line by line, without any access to the system: every event line is re-hashed from its content
 * and its previous hash, consecutive events of a stream must chain, and the seal must count and roll up exactly the
 * lines present and carry a valid signature. Feed lines in order, then call `result()`.
 */
export class ExportVerifier {
  private lineNumber = 0;
  private events = 0;
  private header?: ExportHeader;
  private headerHash?: string;
  private rollingHash = '';
  private seal?: { value: ExportSeal; line: number };
  private readonly streams = new Map<string, StreamSeen>();
  private firstBad: ExportFault | null = null;
  private faults = 0;
  private signature: ExportVerification['signature'] = 'unsigned';
  private keySource: ExportVerification['keySource'] = null;

  constructor(private readonly pinnedKey?: AuditPublicKey) {}

  line(text: string): void {
    this.lineNumber++;
    const line = this.lineNumber;
    if (text.trim() === '') return this.fault({ line, reason: 'empty line' });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.fault({ line, reason: 'not JSON' });
    }
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (line === 1) return this.acceptHeader(value as ExportHeader);
    if (this.seal) return this.fault({ line, reason: 'a line after the seal' });
    if (kind === 'event') return this.acceptEvent(value as ExportEventLine, line);
    if (kind === 'seal') {
      this.seal = { value: value as ExportSeal, line };
      return;
    }
    this.fault({ line, reason: `unknown line kind ${JSON.stringify(kind)}` });
  }

  result(): ExportVerification {
    if (!this.seal) {
      this.fault({ line: this.lineNumber + 1, reason: 'the export ends without its seal: it was truncated' });
    } else {
      this.checkSeal(this.seal.value, this.seal.line);
    }
    return {
      valid: this.faults === 0 && this.signature !== 'invalid',
      lines: this.lineNumber,
      events: this.events,
      firstBad: this.firstBad,
      faults: this.faults,
      signature: this.signature,
      keyId: this.seal?.value.keyId ?? this.header?.keyId ?? null,
      keySource: this.keySource,
    };
  }

  private acceptHeader(header: ExportHeader): void {
    if (header?.kind !== 'header' || header.format !== AUDIT_EXPORT_FORMAT) {
      return this.fault({ line: 1, reason: `the first line is not an ${AUDIT_EXPORT_FORMAT} header` });
    }
    this.header = header;
    this.headerHash = headerHashOf(header);
    this.rollingHash = this.headerHash;
  }

  private acceptEvent(event: ExportEventLine, line: number): void {
    this.events++;
    const where = {
      line,
      globalPosition: typeof event.globalPosition === 'string' ? event.globalPosition : undefined,
      streamName: typeof event.streamName === 'string' ? event.streamName : undefined,
      streamPosition: Number.isInteger(event.streamPosition) ? event.streamPosition : undefined,
    };
    if (
      typeof event.hash !== 'string' ||
      where.streamName === undefined ||
      where.streamPosition === undefined ||
      where.globalPosition === undefined
    ) {
      return this.fault({ ...where, reason: 'the event line lacks its hash, stream or positions' });
    }
    this.rollingHash = rollHash(this.rollingHash, event.hash);
    if (event.previousHash === null) {
      this.fault({ ...where, reason: "its predecessor's hash is missing: the stored stream has a gap before it" });
    } else if (chainHash(event.previousHash, event) !== event.hash) {
      this.fault({ ...where, reason: 'the content does not match its hash: the line was altered' });
    }
    const seen = this.streams.get(where.streamName);
    if (!seen && where.streamPosition === 1 && event.previousHash !== GENESIS_HASH) {
      this.fault({ ...where, reason: 'the first event of a stream must chain from the genesis hash' });
    }
    if (seen) {
      if (where.streamPosition <= seen.position) {
        this.fault({ ...where, reason: `stream position ${where.streamPosition} comes after ${seen.position}` });
      } else if (where.streamPosition === seen.position + 1 && event.previousHash !== seen.hash) {
        // The successor still names the predecessor's original hash: the predecessor was altered and re-hashed.
        this.fault({
          line: seen.line,
          globalPosition: seen.globalPosition,
          streamName: where.streamName,
          streamPosition: seen.position,
          reason: `altered and re-hashed: line ${line} (its successor in the stream) chains from a different hash`,
        });
      }
    }
    this.streams.set(where.streamName, {
      position: where.streamPosition,
      hash: event.hash,
      line,
      globalPosition: where.globalPosition,
    });
  }

  private checkSeal(seal: ExportSeal, line: number): void {
    if (!this.header) return;
    if (seal.headerHash !== this.headerHash) this.fault({ line, reason: 'the header was altered after sealing' });
    if (seal.events !== this.events) {
      this.fault({ line, reason: `the seal counts ${seal.events} events, the file holds ${this.events}` });
    } else if (seal.rollingHash !== this.rollingHash) {
      this.fault({ line, reason: 'the event lines are not the ones sealed (removed, added, reordered or re-hashed)' });
    }
    if (seal.signature === null || seal.signature === undefined) {
      this.signature = 'unsigned';
      return;
    }
    let key = this.pinnedKey;
    this.keySource = key ? 'pinned' : null;
    if (!key && this.header.publicKey) {
      try {
        key = AuditPublicKey.parse(this.header.publicKey);
        this.keySource = 'file';
      } catch {
        key = undefined;
      }
    }
    const verified =
      !!key && seal.keyId === key.keyId && key.verify(canonicalJson(sealBodyOf(seal)), String(seal.signature));
    this.signature = verified ? 'valid' : 'invalid';
    if (!verified)
      this.fault({ line, reason: `the seal's signature does not verify with key ${key?.keyId ?? '(none)'}` });
  }

  private fault(fault: ExportFault): void {
    this.faults++;
    if (!this.firstBad || fault.line < this.firstBad.line) this.firstBad = fault;
  }
}

/** Verifies a whole export given as lines (a file read line by line, or a string split on newlines). */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  pinnedKey?: AuditPublicKey,
): Promise<ExportVerification> {
  const verifier = new ExportVerifier(pinnedKey);
  let pendingEmpty = 0;
  for await (const text of lines) {
    // A trailing newline yields one empty last line: not a fault unless something follows it.
    if (text === '') {
      pendingEmpty++;
      continue;
    }
    for (; pendingEmpty > 0; pendingEmpty--) verifier.line('');
    verifier.line(text);
  }
  return verifier.result();
}
