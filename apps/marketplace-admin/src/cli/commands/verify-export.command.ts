import { AuditPublicKey, type ExportVerification, verifyExport } from '@roaming/event-store/audit';
import { createReadStream, existsSync, readFileSync } from 'fs';
import { createInterface } from 'readline';
import { type CliArguments, UsageError } from '../cli-arguments';

/**
 * `verify-export <file.jsonl> [--public-key <base64 | PEM file>]`: re-hashes every line of an export, checks the
 * chains, the seal and its signature, without any access to the system. Names the first bad line and position.
 */
export async function verifyExportCommand(args: CliArguments): Promise<{ ok: boolean; report: ExportVerification }> {
  const file = args.positional[0];
  if (!file) throw new UsageError('verify-export needs the export file: audit verify-export <file.jsonl>');
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const key = publicKeyOption(args.options.get('public-key'));
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const report = await verifyExport(lines, key);
  return { ok: report.valid, report };
}

/** A key given inline (raw base64 as /v1/audit/anchor-key publishes it) or as a PEM file. */
export function publicKeyOption(value: string | undefined): AuditPublicKey | undefined {
  if (value === undefined) return undefined;
  try {
    return AuditPublicKey.parse(existsSync(value) ? readFileSync(value, 'utf8') : value);
  } catch (error) {
    throw new UsageError(`--public-key: ${(error as Error).message}`);
  }
}
