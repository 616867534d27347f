import { parseArguments, UsageError } from './cli-arguments';
import { replayCommand } from './commands/replay.command';
import { verifyExportCommand } from './commands/verify-export.command';
import { verifyCommand } from './commands/verify.command';

const USAGE = `audit: read-only checks of the clearing house's audit trail

  audit verify-export <file.jsonl> [--public-key <base64 | PEM file>]
      offline: re-hash every line of an export, check chains, seal and signature; name the first bad position
  audit verify --database-url <url> [--stream <name> | --category <category>] [--public-key <key>]
      re-compute hash chains (and, for everything, the signed anchors) from an app's PostgreSQL
  audit replay --database-url <url> (--stream <name> | --category <category>) [--as-of <ISO time>] [--summary]
      rebuild aggregate states by folding their events with the context's decider (an audit read of the streams
      as stored, never a re-send; a category whose facts partly live in other streams says where, in "note":
      cdrDelivery has no stream for a record routed to its EVSP's topic until the EVSP acknowledges it)

DATABASE_URL is used when --database-url is not given. The database session is read only.
Exit code: 0 valid, 1 invalid (or nothing found), 2 usage error.
`;

/** Runs one command; resolves with the process exit code. Output: one JSON document on stdout. */
export async function runAuditCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const args = parseArguments(rest);
    const run =
      command === 'verify-export'
        ? () => verifyExportCommand(args)
        : command === 'verify'
          ? () => verifyCommand(args, env)
          : command === 'replay'
            ? () => replayCommand(args, env)
            : undefined;
    if (!run) {
      out(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
    const { ok, report } = await run();
    out(`${JSON.stringify(report, null, 2)}\n`);
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      out(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  runAuditCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`audit: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
