import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { generateApiKey } from '../auth/api-key';

/**
 * Embedded mode on a fresh clone has nobody to hand the operator a key: the first start creates one under DATA_DIR
 * (readable by the owner only) and every later start reuses it. Server mode never does this: there the key is a
 * deployment secret. Sets OPERATOR_API_KEY in `env` (the process environment, read by loadConfig next) and returns
 * the key file when one is used.
 */
export function prepareEmbeddedOperatorKey(env: Record<string, string | undefined> = process.env): string | undefined {
  const embedded = (env.MODE ?? (env.DATABASE_URL ? 'server' : 'embedded')) === 'embedded';
  if (!embedded || env.OPERATOR_API_KEY) return undefined;
  const dataDir = env.DATA_DIR || './.data';
  if (dataDir === 'memory://') return undefined;
  const keyFile = join(dataDir, 'operator-api-key');
  if (!existsSync(keyFile)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, `${generateApiKey().key}\n`, { mode: 0o600 });
  }
  chmodSync(keyFile, 0o600);
  env.OPERATOR_API_KEY = readFileSync(keyFile, 'utf8').trim();
  return keyFile;
}
