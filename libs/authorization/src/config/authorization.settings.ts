/**
 * The authorization context's own settings, with defaults that suit production. Read once from the environment
 * (variables prefixed AUTHZ_) by `loadAuthorizationSettings`; tests override the provider.
 */
export class AuthorizationSettings {
  /** Hard timeout for a home EVSP's real-time answer when its partner record names none (IEC 63119-2 UC4-1). */
  readonly providerTimeoutMs: number = 2_000;
  /** Consecutive failures of one provider that open its circuit. */
  readonly breakerFailureThreshold: number = 5;
  /** How long an open circuit refuses calls before one probe may try again. */
  readonly breakerOpenMs: number = 30_000;
  /**
   * How long an API key's directory entry is reused without asking the database. Bounds how late a revocation or
   * suspension made elsewhere takes effect here; in this process it takes effect at once (see CachedCredentialDirectory).
   */
  readonly credentialCacheTtlMs: number = 5_000;
  /** How long the CPO has to accept or reject a remote start or stop before the command times out (UC3-2/UC3-4). */
  readonly commandTimeoutMs: number = 60_000;
  /** A session still open this long after its start is flagged (a missed end report, a stuck EVSE). */
  readonly sessionOpenLimitMs: number = 24 * 60 * 60_000;
  /** How often due deadlines (command timeouts, overdue sessions) are looked for. */
  readonly deadlinePollMs: number = 1_000;

  constructor(values: Partial<AuthorizationSettings> = {}) {
    Object.assign(this, values);
    Object.freeze(this);
  }
}

const VARIABLES: Record<keyof AuthorizationSettings, string> = {
  providerTimeoutMs: 'AUTHZ_PROVIDER_TIMEOUT_MS',
  breakerFailureThreshold: 'AUTHZ_BREAKER_FAILURE_THRESHOLD',
  breakerOpenMs: 'AUTHZ_BREAKER_OPEN_MS',
  credentialCacheTtlMs: 'AUTHZ_CREDENTIAL_CACHE_TTL_MS',
  commandTimeoutMs: 'AUTHZ_COMMAND_TIMEOUT_MS',
  sessionOpenLimitMs: 'AUTHZ_SESSION_OPEN_LIMIT_MS',
  deadlinePollMs: 'AUTHZ_DEADLINE_POLL_MS',
};

/** Reads the AUTHZ_* variables; each must be a non-negative integer when set. Throws naming every bad one. */
export function loadAuthorizationSettings(env: Readonly<Record<string, string | undefined>>): AuthorizationSettings {
  const values: Partial<Record<keyof AuthorizationSettings, number>> = {};
  const bad: string[] = [];
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof AuthorizationSettings, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,10}$/.test(raw)) bad.push(`${variable} must be a non-negative integer`);
    else values[key] = Number(raw);
  }
  if (bad.length > 0) throw new Error(`authorization configuration is invalid: ${bad.join('; ')}`);
  return new AuthorizationSettings(values);
}

/** The Nest provider: settings from this process's environment, read once at start. */
export const authorizationSettingsProvider = {
  provide: AuthorizationSettings,
  useFactory: (): AuthorizationSettings => loadAuthorizationSettings(process.env),
};
