import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/api-key';
import { correlationIdMiddleware } from '../logging/correlation-id.middleware';
import { StructuredLogger } from '../logging/structured-logger';
import { bodyParserErrorMiddleware } from './body-parser-errors.middleware';

/** What every app's /docs tells partners about its Kafka doors (the full description: libs/contracts partner-messages.ts). */
const KAFKA_DOORS_NOTE =
  'Kafka doors (`b2b.<kind>.inbound.v1`): never put the API key on a topic. Sign each message: headers `message-id` ' +
  '(a fresh UUID), `x-api-key-id` (the keyId issued with the key), `x-signed-at` (when you signed, UTC, exactly ' +
  '`YYYY-MM-DDTHH:MM:SS.sssZ`) and `x-signature: v3=<base64url Ed25519 signature of <topic>.<message-id>.<type ' +
  'header or empty>.<correlation-id header or empty>.<x-signed-at>.<key>.<value>>`, the Ed25519 seed being SHA-256 ' +
  'of the bytes `roaming-hub/kafka-signing/v2`, a line feed (0x0A) and the API key (UTF-8); the message key is one ' +
  'of your party ids; the message id, type and correlation id contain no `.`, and a type or correlation id header, ' +
  'when sent, is not empty. Sign as you produce: a message signed more than 5 minutes before (or 30 s after) the ' +
  "broker appended it to the door is refused (the hub's defaults; its operator may set other bounds). " +
  'Refused messages go to `<topic>.dlq` with UNAUTHENTICATED, PARTNER_SUSPENDED, ROLE_REQUIRED or PARTY_NOT_OWNED.';

export interface HttpAppOptions {
  /** OpenAPI title, e.g. 'CDR forwarding'. */
  title: string;
  description: string;
  /** OpenAPI document version; default '1'. */
  version?: string;
  /** Largest JSON body accepted; default '1mb'. */
  jsonBodyLimit?: string;
}

export const DOCS_PATH = 'docs';

/**
 * The express-level half of the platform, for every main.ts and every e2e test (PlatformModule must be imported):
 * structured logger, body parsers followed by the malformed-body mapping and the correlation-id middleware
 * (in that order: see correlationIdMiddleware), shutdown hooks, and OpenAPI at /docs and /docs-json.
 * Guard, filter and validation pipe come with PlatformModule. Call before `app.listen()` / `app.init()`.
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions): OpenAPIObject {
  app.useLogger(app.get(StructuredLogger));
  app.disable('x-powered-by');
  // Registered here, not by Nest at init, so that the two middlewares below run after them.
  app.useBodyParser('json', { limit: options.jsonBodyLimit ?? '1mb' });
  app.useBodyParser('urlencoded', { extended: true });
  app.use(bodyParserErrorMiddleware);
  app.use(correlationIdMiddleware);
  app.enableShutdownHooks();

  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(`${options.description}\n\n${KAFKA_DOORS_NOTE}`)
    .setVersion(options.version ?? '1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Partner API key: `Authorization: Bearer <key>`.' },
      'bearer',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'Partner API key, alternative header.' },
      'api-key',
    )
    // Two requirements = either one; @Public() routes override them with an empty one.
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return document;
}
