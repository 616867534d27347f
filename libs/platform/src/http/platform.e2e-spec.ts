import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Database, PgliteDatabase, runMigrations, WrongExpectedVersionError } from '@roaming/event-store';
import { DomainError } from '@roaming/shared-kernel';
import { Type } from 'class-transformer';
import { IsArray, IsString, Length, ValidateNested } from 'class-validator';
import request from 'supertest';
import { generateApiKey } from '../auth/api-key';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { CredentialDirectory } from '../auth/credential-directory';
import { credentialDirectoryMigrations } from '../auth/credential-directory.migrations';
import { assertActsFor } from '../auth/party-scope';
import type { Principal } from '../auth/principal';
import { SqlCredentialDirectory } from '../auth/sql-credential-directory';
import { currentCorrelationId } from '../logging/correlation';
import { configureHttpApp } from './configure-http-app';
import { PlatformModule } from './platform.module';

class TokenDto {
  @IsString()
  @Length(4, 20)
  uid!: string;
}

class RegisterContractDto {
  @IsString()
  contractId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TokenDto)
  tokens!: TokenDto[];
}

/** Test-only routes exercising every path through the platform. */
@Controller('test')
class ProbeController {
  @Post('contracts')
  @Roles('emsp')
  register(@Body() dto: RegisterContractDto, @CurrentPrincipal() principal: Principal) {
    return { partnerId: principal.partnerId, tokens: dto.tokens.length, correlationId: currentCorrelationId() };
  }

  @Get('contracts/:id')
  find(@Param('id') id: string): never {
    throw DomainError.notFound('CONTRACT_NOT_FOUND', `Contract ${id} does not exist.`);
  }

  @Get('parties/:partyId/sessions')
  sessions(@Param('partyId') partyId: string, @CurrentPrincipal() principal: Principal) {
    return { partyId: assertActsFor(principal, partyId) };
  }

  @Post('conflict')
  conflict(): never {
    throw new WrongExpectedVersionError('contract-42', 1, 2);
  }

  @Get('crash')
  crash(): never {
    throw new Error('connect ECONNREFUSED postgres://app:hunter2@db-7.internal');
  }

  @Get('admin')
  @Roles('operator')
  admin(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}

const SCHEMA = 'platform_e2e';
const OPERATOR_KEY = 'operator-key-for-e2e-tests-0001';
const PROBLEM_JSON = /^application\/problem\+json/;

describe('platform over HTTP', () => {
  let db: PgliteDatabase;
  let app: NestExpressApplication;
  let brokerUp = true;
  const emspKey = generateApiKey();
  const cpoKey = generateApiKey();
  const suspendedKey = generateApiKey();

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, credentialDirectoryMigrations(SCHEMA));
    const directory = new SqlCredentialDirectory(db, SCHEMA);
    await db.transaction(async (tx) => {
      await directory.upsertCredential(tx, { ...emspKey, partnerId: 'emsp-1', partyIds: ['DE*ABC'], roles: ['emsp'] });
      await directory.upsertCredential(tx, { ...cpoKey, partnerId: 'cpo-1', partyIds: ['NLEVB'], roles: ['cpo'] });
      await directory.upsertCredential(tx, {
        ...suspendedKey,
        partnerId: 'cpo-2',
        partyIds: ['ATXYZ'],
        roles: ['cpo'],
      });
      await directory.setPartnerStatus(tx, 'cpo-2', 'suspended');
    });

    @Module({
      providers: [
        { provide: Database, useValue: db },
        { provide: CredentialDirectory, useValue: directory },
      ],
      exports: [Database, CredentialDirectory],
    })
    class TestInfrastructureModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({
          appName: 'platform-e2e',
          imports: [TestInfrastructureModule],
          env: { LOG_LEVEL: 'error', LOG_FORMAT: 'json', OPERATOR_API_KEY: OPERATOR_KEY },
          healthChecks: {
            useFactory: () => [
              {
                name: 'broker',
                check: async () => {
                  if (!brokerUp) throw new Error('connect ECONNREFUSED 10.1.2.3:9092');
                },
              },
            ],
          },
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Platform e2e', description: 'test-only app' });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const http = () => request(app.getHttpServer());

  describe('authentication and roles', () => {
    it('answers 401 UNAUTHENTICATED problem+json without a key', async () => {
      const res = await http().post('/test/contracts').send({ contractId: 'c-1', tokens: [] });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({
        type: 'https://errors.roaming-clearing-house.dev/unauthenticated',
        title: 'Unauthorized',
        status: 401,
        detail: expect.any(String),
        code: 'UNAUTHENTICATED',
        instance: '/test/contracts',
      });
    });

    it('answers 401 for an unknown key', async () => {
      const res = await http().get('/test/contracts/c-1').set('X-API-Key', generateApiKey().key);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('answers 403 ROLE_REQUIRED naming the missing role', async () => {
      const res = await http()
        .post('/test/contracts')
        .set('Authorization', `Bearer ${cpoKey.key}`)
        .send({ contractId: 'c-1', tokens: [] });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'ROLE_REQUIRED', requiredRoles: ['emsp'] });
      expect(res.body.detail).toContain("'emsp'");
    });

    it('answers 403 PARTNER_SUSPENDED for a suspended partner', async () => {
      const res = await http().get('/test/contracts/c-1').set('X-API-Key', suspendedKey.key);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('PARTNER_SUSPENDED');
    });

    it('lets the holder of the role through and hands the principal to the handler', async () => {
      const res = await http()
        .post('/test/contracts')
        .set('Authorization', `Bearer ${emspKey.key}`)
        .send({ contractId: 'c-1', tokens: [{ uid: '04A1B2C3' }] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ partnerId: 'emsp-1', tokens: 1 });
    });

    it('scopes a party to its own data with PARTY_SCOPE', async () => {
      const own = await http().get('/test/parties/DE*ABC/sessions').set('X-API-Key', emspKey.key);
      expect(own.status).toBe(200);
      expect(own.body).toEqual({ partyId: 'DEABC' });
      const other = await http().get('/test/parties/NLEVB/sessions').set('X-API-Key', emspKey.key);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('PARTY_SCOPE');
    });

    it('authenticates the operator bootstrap key', async () => {
      const res = await http().get('/test/admin').set('Authorization', `Bearer ${OPERATOR_KEY}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ partnerId: 'operator', roles: ['operator', 'auditor'] });
    });
  });

  describe('problem details', () => {
    it('answers 400 REQUEST_INVALID with one entry per broken rule, refusing unknown fields', async () => {
      const res = await http()
        .post('/test/contracts')
        .set('X-API-Key', emspKey.key)
        .send({ contractId: 7, tokens: [{ uid: '04A1B2C3' }, { uid: 'ab', colour: 'red' }], admin: true });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'https://errors.roaming-clearing-house.dev/request-invalid',
        title: 'Bad Request',
        status: 400,
        code: 'REQUEST_INVALID',
        instance: '/test/contracts',
      });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'contractId', rule: 'isString', message: expect.any(String) },
          { field: 'tokens.1.uid', rule: 'isLength', message: expect.any(String) },
          { field: 'tokens.1.colour', rule: 'whitelistValidation', message: 'property colour should not exist' },
          { field: 'admin', rule: 'whitelistValidation', message: 'property admin should not exist' },
        ]),
      );
      expect(res.body.errors).toHaveLength(4);
    });

    it('answers 400 BODY_MALFORMED for a body that is not JSON', async () => {
      const res = await http()
        .post('/test/contracts')
        .set('X-API-Key', emspKey.key)
        .set('Content-Type', 'application/json')
        .set('X-Correlation-ID', 'corr-malformed')
        .send('{"contractId": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers['x-correlation-id']).toBe('corr-malformed');
      expect(res.body.code).toBe('BODY_MALFORMED');
    });

    it('maps a DomainError notFound to 404 with its own code', async () => {
      const res = await http().get('/test/contracts/c-9').set('X-API-Key', emspKey.key);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        type: 'https://errors.roaming-clearing-house.dev/contract-not-found',
        title: 'Not Found',
        status: 404,
        detail: 'Contract c-9 does not exist.',
        code: 'CONTRACT_NOT_FOUND',
        instance: '/test/contracts/c-9',
      });
    });

    it('maps a version conflict to 409 CONCURRENT_MODIFICATION', async () => {
      const res = await http().post('/test/conflict').set('X-API-Key', emspKey.key);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONCURRENT_MODIFICATION');
    });

    it('hides unexpected errors behind 500 INTERNAL', async () => {
      const res = await http().get('/test/crash').set('X-API-Key', emspKey.key);
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL');
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    });

    it('answers unknown routes with 404 NOT_FOUND problem+json', async () => {
      const res = await http().get('/nowhere?x=1');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', instance: '/nowhere' });
    });
  });

  describe('correlation id', () => {
    it('echoes X-Correlation-ID and makes it current in the handler', async () => {
      const res = await http()
        .post('/test/contracts')
        .set('X-API-Key', emspKey.key)
        .set('X-Correlation-ID', 'corr-e2e-1')
        .send({ contractId: 'c-2', tokens: [] });
      expect(res.headers['x-correlation-id']).toBe('corr-e2e-1');
      expect(res.body.correlationId).toBe('corr-e2e-1');
    });

    it('takes X-Request-ID when no correlation id is given, and generates one otherwise', async () => {
      const fromRequestId = await http().get('/health/live').set('X-Request-ID', 'req-77');
      expect(fromRequestId.headers['x-correlation-id']).toBe('req-77');
      const generated = await http().get('/test/contracts/c-1');
      expect(generated.status).toBe(401);
      expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('health', () => {
    it('answers /health/live without a key', async () => {
      const res = await http().get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'up' });
    });

    it('answers /health/ready 200 when every check passes', async () => {
      brokerUp = true;
      const res = await http().get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'up',
        checks: [
          { name: 'database', status: 'up' },
          { name: 'broker', status: 'up' },
        ],
      });
    });

    it('answers /health/ready 503 problem+json listing the failing checks', async () => {
      brokerUp = false;
      try {
        const res = await http().get('/health/ready');
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({
          code: 'NOT_READY',
          checks: [
            { name: 'database', status: 'up' },
            { name: 'broker', status: 'down' },
          ],
        });
        expect(JSON.stringify(res.body)).not.toContain('10.1.2.3');
      } finally {
        brokerUp = true;
      }
    });
  });

  describe('OpenAPI', () => {
    it('serves the document at /docs-json with both key schemes, and the UI at /docs', async () => {
      const res = await http().get('/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.info).toMatchObject({ title: 'Platform e2e' });
      // The app's own words first, then how partners sign what they produce on its Kafka doors.
      expect(res.body.info.description).toMatch(
        /^test-only app\n\nKafka doors .*x-api-key-id.*x-signed-at.*x-signature: v3=/s,
      );
      expect(res.body.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      });
      expect(res.body.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
      expect(res.body.paths['/test/contracts'].post).toBeDefined();
      expect(res.body.paths['/health/live'].get.security).toEqual([{}]);
      const ui = await http().get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
    });
  });
});
