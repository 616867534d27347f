// config
export * from './config/app-config';
export * from './config/config-validation.error';
export * from './config/load-config';
export * from './config/platform-config.module';
// problem+json
export * from './problem/problem-details';
export * from './problem/problem-mapping';
export * from './problem/problem-details.filter';
export * from './problem/request-validation';
// partner authentication
export * from './auth/principal';
export * from './auth/party-id';
export * from './auth/auth.errors';
export * from './auth/api-key';
export * from './auth/credential-directory';
export * from './auth/credential-directory.migrations';
export * from './auth/sql-credential-directory';
export * from './auth/api-key.authenticator';
export * from './auth/api-key.guard';
export * from './auth/partner-signing-key';
export * from './auth/partner-message-signature';
export * from './auth/partner-message.authenticator';
export * from './auth/auth.decorators';
export * from './auth/party-scope';
// health
export * from './health/health-check';
export * from './health/health.controller';
// logging
export * from './logging/correlation';
export * from './logging/correlation-id.middleware';
export * from './logging/structured-logger';
// HTTP bootstrap
export * from './http/body-parser-errors.middleware';
export * from './http/configure-http-app';
export * from './http/platform.module';
export * from './infrastructure/infrastructure.module';
export * from './infrastructure/namespaced-message-bus';
export * from './partner-directory/apply-registry-message';
export * from './partner-directory/partner-directory.module';
export * from './config/embedded-operator-key';
export * from './http/bootstrap-app';
export * from './http/platform-app.module';
// operator and auditor doors every app serves
export * from './operations';
