import { Logger } from '@nestjs/common';
import { AuditSigningKey } from '@roaming/event-store/audit';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { AppConfig } from '../../config/app-config';

/** Where the key that signs anchors and exports comes from. */
export type AuditKeySource = 'config' | 'data-dir' | 'ephemeral' | 'none';

/** The app's audit signing key, if it has one. Without one, anchors are not recorded and exports are unsigned. */
export class AuditKeyring {
  constructor(
    readonly signingKey: AuditSigningKey | undefined,
    readonly source: AuditKeySource,
  ) {}

  /**
   * AUDIT_SIGNING_KEY when set. In embedded mode otherwise a key kept under DATA_DIR (created on first start,
   * readable by the owner only), like the operator's key, or an in-memory one for `DATA_DIR=memory://`. Server mode
   * never invents a key: a key that appears on its own proves nothing to an auditor.
   */
  static fromConfig(config: AppConfig, logger = new Logger('AuditKeyring')): AuditKeyring {
    if (config.auditSigningKey) return new AuditKeyring(AuditSigningKey.parse(config.auditSigningKey), 'config');
    if (config.mode !== 'embedded') {
      logger.warn('AUDIT_SIGNING_KEY is not set: no signed anchors are recorded and exports are not signed');
      return new AuditKeyring(undefined, 'none');
    }
    if (config.dataDir === 'memory://') return new AuditKeyring(AuditSigningKey.generate(), 'ephemeral');
    const keyFile = join(config.dataDir, 'audit-signing-key');
    if (!existsSync(keyFile)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(keyFile, AuditSigningKey.generate().toPem(), { mode: 0o600 });
      logger.log(`created the audit signing key in ${keyFile}`);
    }
    chmodSync(keyFile, 0o600);
    return new AuditKeyring(AuditSigningKey.parse(readFileSync(keyFile, 'utf8')), 'data-dir');
  }
}
