import { AuthorizationSettings, loadAuthorizationSettings } from './authorization.settings';

describe('authorization settings (AUTHZ_* variables)', () => {
  it('defaults: 2 s for a home EVSP (IEC 63119-2 UC4-1), 5 s key cache, 60 s for a CPO to answer a command', () => {
    expect(loadAuthorizationSettings({})).toEqual(new AuthorizationSettings());
    expect(new AuthorizationSettings()).toMatchObject({
      providerTimeoutMs: 2_000,
      credentialCacheTtlMs: 5_000,
      commandTimeoutMs: 60_000,
      sessionOpenLimitMs: 86_400_000,
    });
  });

  it('reads each variable that is set, ignoring empty ones', () => {
    expect(
      loadAuthorizationSettings({
        AUTHZ_PROVIDER_TIMEOUT_MS: '1500',
        AUTHZ_CREDENTIAL_CACHE_TTL_MS: '0',
        AUTHZ_BREAKER_OPEN_MS: '',
      }),
    ).toMatchObject({ providerTimeoutMs: 1_500, credentialCacheTtlMs: 0, breakerOpenMs: 30_000 });
  });

  it('refuses a value that is not a whole number, naming every bad variable', () => {
    expect(() =>
      loadAuthorizationSettings({ AUTHZ_PROVIDER_TIMEOUT_MS: '2s', AUTHZ_COMMAND_TIMEOUT_MS: '-1' }),
    ).toThrow(/AUTHZ_PROVIDER_TIMEOUT_MS.*AUTHZ_COMMAND_TIMEOUT_MS/);
  });
});
