import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { DomainError } from '@roaming/shared-kernel';
import { loadConfig } from '../config/load-config';
import { generateApiKey } from './api-key';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeyGuard } from './api-key.guard';
import { Public, Roles } from './auth.decorators';
import { CredentialDirectory } from './credential-directory';
import type { AuthenticatedRequest, Credential, CredentialStatus, Principal } from './principal';

class MapCredentialDirectory extends CredentialDirectory {
  readonly byHash = new Map<string, Credential>();
  async findByKeyHash(keyHash: string): Promise<Credential | undefined> {
    return this.byHash.get(keyHash);
  }
}

class PartnerController {
  read(): void {}
  @Roles('cpo')
  reportCdr(): void {}
  @Roles('cpo', 'emsp')
  either(): void {}
  @Public()
  health(): void {}
}

@Public()
class DocsController {
  show(): void {}
}

@Roles('operator')
class AdminController {
  @Roles('auditor')
  audit(): void {}
  suspend(): void {}
}

const OPERATOR_KEY = 'operator-bootstrap-key-0123456789';

function setup() {
  const directory = new MapCredentialDirectory();
  const config = loadConfig('test', { OPERATOR_API_KEY: OPERATOR_KEY });
  const guard = new ApiKeyGuard(new Reflector(), new ApiKeyAuthenticator(directory, config));
  const issue = (status: CredentialStatus = 'active', roles: Credential['roles'] = ['cpo']) => {
    const generated = generateApiKey();
    directory.byHash.set(generated.keyHash, {
      keyId: generated.keyId,
      partnerId: 'partner-1',
      partyIds: ['DEABC'],
      roles,
      status,
    });
    return generated;
  };
  const call = async <C>(controller: new () => C, method: keyof C & string, headers: Record<string, string> = {}) => {
    const request = { headers } as unknown as AuthenticatedRequest;
    const handler = controller.prototype[method] as () => void;
    const context = new ExecutionContextHost([request, {}, () => undefined], controller, handler);
    const allowed = await guard.canActivate(context);
    return { allowed, principal: request.principal };
  };
  return { guard, issue, call };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; kind: string; details: object }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ApiKeyGuard', () => {
  it('lets public routes through without a key, on a method or a whole controller', async () => {
    const { call } = setup();
    expect((await call(PartnerController, 'health')).allowed).toBe(true);
    expect((await call(DocsController, 'show')).allowed).toBe(true);
  });

  it('refuses a missing, malformed or unknown key with UNAUTHENTICATED', async () => {
    const { call } = setup();
    expect(await refusal(call(PartnerController, 'read'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      kind: 'unauthorized',
    });
    expect((await refusal(call(PartnerController, 'read', { authorization: 'Basic dXNlcjpwdw==' }))).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await refusal(call(PartnerController, 'read', { 'x-api-key': generateApiKey().key }))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('authenticates a bearer key and attaches the principal without its status', async () => {
    const { issue, call } = setup();
    const { key, keyId } = issue();
    const { allowed, principal } = await call(PartnerController, 'read', { authorization: `Bearer ${key}` });
    expect(allowed).toBe(true);
    expect(principal).toEqual<Principal>({ partnerId: 'partner-1', partyIds: ['DEABC'], roles: ['cpo'], keyId });
  });

  it('accepts the key in X-API-Key as well', async () => {
    const { issue, call } = setup();
    const { key } = issue();
    expect((await call(PartnerController, 'read', { 'x-api-key': key })).principal?.partnerId).toBe('partner-1');
  });

  it('refuses a revoked key like an unknown one', async () => {
    const { issue, call } = setup();
    const { key } = issue('revoked');
    expect((await refusal(call(PartnerController, 'read', { 'x-api-key': key }))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a suspended partner with PARTNER_SUSPENDED', async () => {
    const { issue, call } = setup();
    const { key } = issue('suspended');
    expect(await refusal(call(PartnerController, 'read', { 'x-api-key': key }))).toMatchObject({
      code: 'PARTNER_SUSPENDED',
      kind: 'forbidden',
    });
  });

  it('requires one of the listed roles and names them when missing', async () => {
    const { issue, call } = setup();
    const emsp = issue('active', ['emsp']).key;
    expect(await refusal(call(PartnerController, 'reportCdr', { 'x-api-key': emsp }))).toEqual({
      code: 'ROLE_REQUIRED',
      kind: 'forbidden',
      details: { requiredRoles: ['cpo'] },
    });
    expect((await call(PartnerController, 'either', { 'x-api-key': emsp })).allowed).toBe(true);
    const cpo = issue('active', ['cpo']).key;
    expect((await call(PartnerController, 'reportCdr', { 'x-api-key': cpo })).allowed).toBe(true);
  });

  it("lets a method's roles replace its controller's", async () => {
    const { issue, call } = setup();
    const auditor = issue('active', ['auditor']).key;
    expect((await call(AdminController, 'audit', { 'x-api-key': auditor })).allowed).toBe(true);
    expect((await refusal(call(AdminController, 'suspend', { 'x-api-key': auditor }))).code).toBe('ROLE_REQUIRED');
  });

  it('authenticates the operator bootstrap key from the configuration', async () => {
    const { call } = setup();
    const { principal } = await call(AdminController, 'suspend', { authorization: `Bearer ${OPERATOR_KEY}` });
    expect(principal).toEqual({
      partnerId: 'operator',
      partyIds: [],
      roles: ['operator', 'auditor'],
      keyId: 'operator-bootstrap',
    });
  });

  it('ignores the operator key when none is configured', async () => {
    const directory = new MapCredentialDirectory();
    const authenticator = new ApiKeyAuthenticator(directory, loadConfig('test', {}));
    expect((await refusal(authenticator.authenticate(OPERATOR_KEY))).code).toBe('UNAUTHENTICATED');
  });

  it('leaves non-HTTP contexts alone', async () => {
    const { guard } = setup();
    const context = new ExecutionContextHost([{}], PartnerController, PartnerController.prototype.read);
    context.setType('rpc');
    expect(await guard.canActivate(context)).toBe(true);
  });
});
