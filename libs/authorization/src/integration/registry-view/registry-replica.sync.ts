import { Logger } from '@nestjs/common';
import type { Database, SqlExecutor } from '@roaming/event-store';
import type { AgreementFacts, RegisteredTokenType } from '../../authorization/domain';
import { RegistryReplica, type ReplicaPartner } from './registry-replica';
import type { RegistryPartnerStatus } from './registry-view.changes';
import type { TokenRow } from './registry-view.contract-facts';

/** Where every change to the view is announced, for the replicas of the other instances of this context. */
export const REGISTRY_VIEW_CHANNEL = 'authz_registry_view';

/** Which rows of the view a change touched: what a replica reads again. */
export interface ChangedRows {
  tokens?: [RegisteredTokenType, string][];
  agreements?: string[];
  partners?: string[];
  /** Every row: after the view was written other than by the consumer (a bulk load, an operator's repair). */
  all?: boolean;
}

/** Rows per read when the whole token table is loaded: keyset pages, each indexed in a short slice of the loop. */
const LOAD_PAGE = 10_000;
/** After a failed read, the next try comes after this, doubling up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 10_000;
/**
 * How long a lookup waits for the read of a change this process applied before it. Past it (the database is slow
 * or down) the lookup goes on with the copy as it is: the decision's own append needs the database anyway.
 */
const LOCAL_WAIT_MS = 2_000;
/** PostgreSQL refuses a notification payload of 8,000 bytes or more; a larger change is announced as "everything". */
const MAX_PAYLOAD_BYTES = 7_900;
const RESOLVED = Promise.resolve();

interface Waiter {
  /** The number of local changes asked for when the lookup began: it waits until that many are read. */
  ticket: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Keeps this process's RegistryReplica in step with the view's tables:
 * - at start it listens for changes, then loads every row (a change committed during the load is read again after);
 * - a change this process applies is read again as soon as its transaction commits, and a lookup that starts after
 *   the commit waits for that read (at most LOCAL_WAIT_MS), so a block applied here denies the next request here;
 * - a change another instance applies arrives as a notification and is read within one round trip of it;
 * - when notifications may have been lost (the listening connection dropped, or listening starts again after a
 *   stop), everything is loaded again while lookups keep using the previous copy.
 * Reads are one at a time and coalesced: a burst of changes costs one query per table.
 */
export class RegistryReplicaSync {
  private replica = new RegistryReplica();
  private readonly logger = new Logger('RegistryReplica');
  private pending: PendingRows = emptyPending(true);
  private draining = false;
  private loaded = false;
  /** Local changes asked for and read so far. */
  private localAsked = 0;
  private localRead = 0;
  private waiters: Waiter[] = [];
  private unlisten?: () => Promise<void>;
  private stopped = false;
  /** Copies installed so far: a load started before another copy was installed must not replace it. */
  private installed = 0;

  constructor(private readonly db: Database) {}

  get current(): RegistryReplica {
    return this.replica;
  }

  /** Listens for the other instances' changes (server mode), then loads the view. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.db.listen && !this.unlisten) {
      // Anything read before listening began (a lookup before start, a start after a stop, a load under way) may
      // have changed since without a word reaching this process: it is all read again once listening.
      const readBefore = this.loaded || this.draining;
      const unlisten = await this.db.listen(REGISTRY_VIEW_CHANNEL, {
        onNotification: (payload) => this.changed(parseChangedRows(payload)),
        onGap: () => this.changed({ all: true }),
      });
      if (this.stopped) {
        await unlisten();
        return;
      }
      this.unlisten = unlisten;
      if (readBefore || this.draining) this.changed({ all: true });
    }
    await this.settled();
  }

  /** Stops listening and reading; lookups go on with the copy as it is (a copy never loaded fails them). */
  async stop(): Promise<void> {
    this.stopped = true;
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    await unlisten?.();
    this.release(true);
  }

  /**
   * Resolves once the view is loaded and every change this process applied before the call is read (waiting at
   * most LOCAL_WAIT_MS for the latter). A caller inside a transaction uses `settledWithin`.
   */
  settled(): Promise<void> {
    const ticket = this.localAsked;
    if (this.loaded && this.localRead >= ticket) return RESOLVED;
    if (this.stopped) return this.loaded ? RESOLVED : Promise.reject(notLoaded());
    this.kick();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { ticket, resolve, reject };
      if (this.loaded) {
        waiter.timer = setTimeout(() => {
          this.logger.warn(`a lookup went on without waiting longer for a change applied here to be read`);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        }, LOCAL_WAIT_MS).unref();
      }
      this.waiters.push(waiter);
    });
  }

  /**
   * For a caller inside a transaction (the Kafka door). On PostgreSQL it waits as `settled` does: the reads use
   * other connections of the pool. Embedded PGlite has one session, which the caller holds, so a wait for a read
   * would be for ever: the copy is used as it is there, and one never loaded is loaded through the transaction.
   */
  async settledWithin(tx: SqlExecutor): Promise<void> {
    if (this.db.kind !== 'pglite') return this.settled();
    if (this.loaded) return;
    const copy = await loadAll(tx, this.logger);
    if (this.loaded) return;
    this.install(copy);
    this.loaded = true;
    this.release(false);
  }

  /** `local`: applied by this process, whose next lookups must see it. */
  changed(rows: ChangedRows, local = false): void {
    const before = size(this.pending);
    if (rows.all) this.pending.all = true;
    for (const [type, uid] of rows.tokens ?? []) this.pending.tokens.set(`${type} ${uid}`, [type, uid]);
    for (const id of rows.agreements ?? []) this.pending.agreements.add(id);
    for (const id of rows.partners ?? []) this.pending.partners.add(id);
    // Nothing new to read (an empty change, or rows already waiting): the read already due covers it.
    if (size(this.pending) === before && !local) return;
    // A local change is waited for only while there is something to read for it.
    if (local && size(this.pending) > 0) this.localAsked++;
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.stopped || isEmpty(this.pending)) return;
    this.draining = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    let retryMs = RETRY_FIRST_MS;
    try {
      while (!this.stopped && !isEmpty(this.pending)) {
        const batch = this.pending;
        const localUpTo = this.localAsked;
        this.pending = emptyPending(false);
        try {
          await this.read(batch);
          this.loaded ||= batch.all;
          this.localRead = localUpTo;
          this.release(false);
          retryMs = RETRY_FIRST_MS;
        } catch (error) {
          // Nothing read is lost: the rows are asked for again, with whatever was noted meanwhile.
          this.pending = merge(batch, this.pending);
          this.logger.warn(`reading the registry view failed, retrying in ${retryMs} ms: ${(error as Error).message}`);
          await delay(retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
      }
    } finally {
      // The loop's last check and this run in one synchronous step: a change noted later finds no drain and starts one.
      this.draining = false;
    }
  }

  private install(copy: RegistryReplica): void {
    this.replica = copy;
    this.installed++;
  }

  /** Lets go the lookups whose wait is over; `all`: every one (the sync stopped). */
  private release(all: boolean): void {
    const waiting: Waiter[] = [];
    for (const waiter of this.waiters) {
      const done = this.loaded && this.localRead >= waiter.ticket;
      if (!done && !all) {
        waiting.push(waiter);
        continue;
      }
      clearTimeout(waiter.timer);
      if (this.loaded) waiter.resolve();
      else waiter.reject(notLoaded());
    }
    this.waiters = waiting;
  }

  private async read(batch: PendingRows): Promise<void> {
    if (batch.all) {
      // A new copy replaces the old in one step; the keys noted meanwhile are read again after it. One installed
      // while this load ran (settledWithin) is newer: this one is dropped.
      const installedBefore = this.installed;
      const copy = await loadAll(this.db, this.logger);
      if (this.installed === installedBefore) this.install(copy);
      return;
    }
    const replica = this.replica;
    if (batch.tokens.size > 0) {
      const keys = [...batch.tokens.values()];
      const rows = await tokenRows(this.db, keys, this.logger);
      for (const [type, uid] of keys) replica.putToken(type, uid, rows.get(`${type} ${uid}`));
    }
    if (batch.agreements.size > 0) {
      const ids = [...batch.agreements];
      const rows = await agreementRows(this.db, ids, this.logger);
      for (const id of ids) replica.putAgreement(id, rows.get(id));
    }
    if (batch.partners.size > 0) {
      const ids = [...batch.partners];
      const rows = await partnerRows(this.db, ids);
      for (const id of ids) replica.putPartner(id, rows.get(id));
    }
  }
}

/** The notification announcing a change; too large a one (absurdly long ids) announces "everything". */
export function changePayload(rows: ChangedRows): string {
  const payload = JSON.stringify(rows);
  return Buffer.byteLength(payload) < MAX_PAYLOAD_BYTES ? payload : JSON.stringify({ all: true });
}

function notLoaded(): Error {
  return new Error('the registry view replica was stopped before it was ever loaded');
}

/**
 * The payload of a notification on REGISTRY_VIEW_CHANNEL. Anyone with access to the database can notify: whatever
 * does not have the expected shape counts as "everything changed", which costs a reload and loses nothing.
 */
export function parseChangedRows(payload: string): ChangedRows {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (isChangedRows(parsed)) return parsed;
  } catch {
    // not JSON: as unreadable as a wrong shape
  }
  return { all: true };
}

function isChangedRows(value: unknown): value is ChangedRows {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { tokens, agreements, partners, all } = value as Record<string, unknown>;
  const strings = (list: unknown) =>
    list === undefined || (Array.isArray(list) && list.every((id) => typeof id === 'string'));
  const tokenKeys =
    tokens === undefined ||
    (Array.isArray(tokens) &&
      tokens.every(
        (key) =>
          Array.isArray(key) &&
          key.length === 2 &&
          TOKEN_TYPES.includes(key[0] as RegisteredTokenType) &&
          typeof key[1] === 'string',
      ));
  return tokenKeys && strings(agreements) && strings(partners) && (all === undefined || typeof all === 'boolean');
}

const TOKEN_TYPES: readonly RegisteredTokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE'];

interface PendingRows {
  all: boolean;
  tokens: Map<string, [RegisteredTokenType, string]>;
  agreements: Set<string>;
  partners: Set<string>;
}

function emptyPending(all: boolean): PendingRows {
  return { all, tokens: new Map(), agreements: new Set(), partners: new Set() };
}

function isEmpty(pending: PendingRows): boolean {
  return size(pending) === 0;
}

function size(pending: PendingRows): number {
  return (pending.all ? 1 : 0) + pending.tokens.size + pending.agreements.size + pending.partners.size;
}

function merge(a: PendingRows, b: PendingRows): PendingRows {
  return {
    all: a.all || b.all,
    tokens: new Map([...a.tokens, ...b.tokens]),
    agreements: new Set([...a.agreements, ...b.agreements]),
    partners: new Set([...a.partners, ...b.partners]),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export const TOKEN_COLUMNS = `token_type, token_uid, emaid, emsp_party_id, status, valid_until, allowed_services,
  allow_offline, updated_at`;
const AGREEMENT_COLUMNS = `agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id,
  timeout_policy`;
const PARTNER_COLUMNS = `partner_id, party_ids, status, contracts_at_hub, authorization_url, authorization_timeout_ms`;

async function loadAll(db: SqlExecutor, logger: Logger): Promise<RegistryReplica> {
  const replica = new RegistryReplica();
  for (const row of (await db.query<PartnerRow>(`SELECT ${PARTNER_COLUMNS} FROM authz.partners`)).rows) {
    replica.putPartner(row.partner_id, partnerOf(row));
  }
  for (const row of (await db.query<AgreementRow>(`SELECT ${AGREEMENT_COLUMNS} FROM authz.agreements`)).rows) {
    replica.putAgreement(row.agreement_id, agreementOf(row, logger));
  }
  let after: [string, string] = ['', ''];
  for (;;) {
    const { rows } = await db.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM authz.tokens WHERE (token_type, token_uid) > ($1, $2)
       ORDER BY token_type, token_uid LIMIT ${LOAD_PAGE}`,
      after,
    );
    for (const row of rows) replica.putToken(row.token_type, row.token_uid, usableToken(row, logger));
    if (rows.length < LOAD_PAGE) return replica;
    const last = rows[rows.length - 1];
    after = [last.token_type, last.token_uid];
  }
}

async function tokenRows(
  db: SqlExecutor,
  keys: [RegisteredTokenType, string][],
  logger: Logger,
): Promise<Map<string, TokenRow | undefined>> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM authz.tokens
     WHERE (token_type, token_uid) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map(([type]) => type), keys.map(([, uid]) => uid)],
  );
  return new Map(rows.map((row) => [`${row.token_type} ${row.token_uid}`, usableToken(row, logger)]));
}

async function agreementRows(
  db: SqlExecutor,
  ids: string[],
  logger: Logger,
): Promise<Map<string, AgreementFacts | undefined>> {
  const { rows } = await db.query<AgreementRow>(
    `SELECT ${AGREEMENT_COLUMNS} FROM authz.agreements WHERE agreement_id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.agreement_id, agreementOf(row, logger)]));
}

async function partnerRows(db: SqlExecutor, ids: string[]): Promise<Map<string, ReplicaPartner>> {
  const { rows } = await db.query<PartnerRow>(
    `SELECT ${PARTNER_COLUMNS} FROM authz.partners WHERE partner_id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.partner_id, partnerOf(row)]));
}

interface AgreementRow {
  agreement_id: string;
  cpo_party_id: string;
  emsp_party_id: string;
  status: AgreementFacts['status'];
  valid_from: Date | string;
  valid_until: Date | string | null;
  tariff_id: string | null;
  timeout_policy: AgreementFacts['timeoutPolicy'];
}

interface PartnerRow {
  partner_id: string;
  party_ids: string[];
  status: RegistryPartnerStatus;
  contracts_at_hub: boolean;
  authorization_url: string | null;
  authorization_timeout_ms: number | null;
}

/**
 * An agreement as the decision reads it; one whose dates name no instant (an operator's 'infinity' written by SQL)
 * is left out, so the pair has no agreement and is denied, and only that pair: one odd row must not stop the load.
 */
function agreementOf(row: AgreementRow, logger: Logger): AgreementFacts | undefined {
  if (!isInstant(row.valid_from) || (row.valid_until !== null && !isInstant(row.valid_until))) {
    logger.error(`agreement ${row.agreement_id} left out of the replica: its validity is not a point in time`);
    return undefined;
  }
  return {
    agreementId: row.agreement_id,
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    status: row.status,
    validFrom: new Date(row.valid_from).toISOString(),
    validUntil: row.valid_until === null ? null : new Date(row.valid_until).toISOString(),
    tariffId: row.tariff_id,
    timeoutPolicy: row.timeout_policy,
  };
}

/**
 * A token as the replica keeps it: dates as epoch milliseconds, and the values many tokens share (type, status,
 * provider, service lists) as one string or frozen list each, since pg hands every row its own copies. One whose
 * dates name no instant counts as unknown (denied), and only that token.
 */
function usableToken(row: TokenRow, logger: Logger): TokenRow | undefined {
  if (!isInstant(row.updated_at) || (row.valid_until !== null && !isInstant(row.valid_until))) {
    logger.error(`token ${row.token_type} ${row.token_uid} left out of the replica: a date is not a point in time`);
    return undefined;
  }
  return {
    token_type: shared(row.token_type),
    token_uid: row.token_uid,
    emaid: row.emaid,
    emsp_party_id: shared(row.emsp_party_id),
    status: shared(row.status),
    valid_until: row.valid_until === null ? null : new Date(row.valid_until).getTime(),
    allowed_services: row.allowed_services === null ? null : sharedList(row.allowed_services),
    allow_offline: row.allow_offline,
    updated_at: new Date(row.updated_at).getTime(),
  };
}

/** Few distinct values (token types, statuses, providers, service lists): kept once for the whole process. */
const sharedStrings = new Map<string, string>();
const sharedLists = new Map<string, readonly string[]>();

function shared<T extends string>(value: T): T {
  const known = sharedStrings.get(value);
  if (known !== undefined) return known as T;
  sharedStrings.set(value, value);
  return value;
}

function sharedList(values: string[]): string[] {
  const key = JSON.stringify(values);
  let known = sharedLists.get(key);
  if (!known) sharedLists.set(key, (known = Object.freeze(values.map(shared))));
  return known as string[];
}

/** pg hands 'infinity' over as a number, and an unparsable text would throw in toISOString. */
function isInstant(value: unknown): value is Date | string {
  if (value instanceof Date) return Number.isFinite(value.getTime());
  return typeof value === 'string' && Number.isFinite(Date.parse(value));
}

function partnerOf(row: PartnerRow): ReplicaPartner {
  return {
    partnerId: row.partner_id,
    partyIds: row.party_ids,
    status: row.status,
    contractsAtHub: row.contracts_at_hub,
    authorizationUrl: row.authorization_url,
    authorizationTimeoutMs: row.authorization_timeout_ms,
  };
}
