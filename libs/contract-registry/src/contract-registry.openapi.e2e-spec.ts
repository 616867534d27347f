import { RegistryApiFixture } from './testing/registry-api.fixture';

/** Every door of the registry is in the OpenAPI document, with its roles' security and its refusals described. */
describe('contract registry OpenAPI document', () => {
  let fx: RegistryApiFixture;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
  });
  afterAll(() => fx.close());

  it('documents every route, each operation with a summary and its answers', async () => {
    const res = await fx.http().get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { summary?: string; responses?: object }>>;
    const routes = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/admin/partners',
        'GET /v1/admin/partners',
        'GET /v1/admin/partners/{partnerId}',
        'POST /v1/admin/partners/{partnerId}/credentials',
        'DELETE /v1/admin/partners/{partnerId}/credentials/{keyId}',
        'POST /v1/admin/partners/{partnerId}/credentials/{keyId}/rotate',
        'POST /v1/admin/partners/{partnerId}/suspend',
        'POST /v1/admin/partners/{partnerId}/reactivate',
        'POST /v1/admin/partners/{partnerId}/deactivate',
        'PUT /v1/admin/partners/{partnerId}/endpoints',
        'PUT /v1/admin/partners/{partnerId}/roaming-partners',
        'GET /v1/partner',
        'PUT /v1/partner/endpoints',
        'PUT /v1/partner/roaming-partners',
        'POST /v1/partner/credentials/rotate',
        'POST /v1/agreements',
        'GET /v1/agreements',
        'GET /v1/agreements/{agreementId}',
        'DELETE /v1/agreements/{agreementId}',
        'POST /v1/agreements/{agreementId}/accept',
        'POST /v1/agreements/{agreementId}/decline',
        'POST /v1/agreements/{agreementId}/change-requests',
        'POST /v1/agreements/{agreementId}/termination-requests',
        'POST /v1/agreements/{agreementId}/prolongation-requests',
        'POST /v1/agreements/{agreementId}/requests/{requestId}/accept',
        'POST /v1/agreements/{agreementId}/requests/{requestId}/decline',
        'POST /v1/agreements/{agreementId}/requests/{requestId}/withdraw',
        'POST /v1/agreements/{agreementId}/suspend',
        'POST /v1/agreements/{agreementId}/resume',
        'POST /v1/contracts',
        'GET /v1/contracts',
        'POST /v1/contracts/batch',
        'GET /v1/contracts/{emaid}',
        'PUT /v1/contracts/{emaid}',
        'DELETE /v1/contracts/{emaid}',
        'PUT /v1/contracts/{emaid}/status',
        'POST /v1/contracts/{emaid}/tokens/{uid}/block',
        'POST /v1/contracts/{emaid}/tokens/{uid}/unblock',
        'PUT /v1/contracts/{emaid}/tokens/{uid}/status',
        'GET /v1/whitelist',
        'POST /v1/tariffs/{tariffId}/versions',
        'GET /v1/tariffs',
        'GET /v1/tariffs/own',
        'GET /v1/tariffs/{cpoPartyId}/{tariffId}',
      ]),
    );
    for (const [path, operations] of Object.entries(paths).filter(([p]) => p.startsWith('/v1/'))) {
      for (const [method, operation] of Object.entries(operations)) {
        expect({ route: `${method} ${path}`, summary: typeof operation.summary }).toEqual({
          route: `${method} ${path}`,
          summary: 'string',
        });
      }
    }
    const batch = paths['/v1/contracts/batch'].post as { description?: string };
    expect(batch.description).toMatch(/All or nothing/);
    expect(batch.description).toMatch(/CONTRACT_BATCH_INVALID/);
  });
});
