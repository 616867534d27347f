import { type ChildProcess, spawn } from 'child_process';
import { createWriteStream, readFileSync } from 'fs';
import { createServer } from 'net';
import { join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '../../../..');

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface ChildApp {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** The options every app runs with in production (scripts/start.js reads the same file). */
const APP_NODE_OPTIONS: readonly string[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'scripts/app-node-options.json'), 'utf8')) as { args: string[] }
).args;

/**
 * Starts one app from its TypeScript sources with the repository's loader (scripts/load.js --run
 * apps/<app>/src/main.ts), as its own process with its own environment, and waits until GET /health/ready answers
 * 200. Its output goes to a log file; if it dies first, the error shows the end of that log.
 */
export function startChildApp(
  app: string,
  env: Record<string, string>,
  logDir: string,
  readyTimeoutMs = 120_000,
  /** Node options that NODE_OPTIONS refuses, e.g. `--cpu-prof`. */
  nodeArgs: readonly string[] = [],
): Promise<ChildApp> {
  return startChildServer(app, `apps/${app}/src/main.ts`, env, logDir, readyTimeoutMs, nodeArgs);
}

/** The same for any server script of the repository (`entry` relative to its root) that answers /health/ready. */
export async function startChildServer(
  app: string,
  entry: string,
  env: Record<string, string>,
  logDir: string,
  readyTimeoutMs = 120_000,
  nodeArgs: readonly string[] = [],
): Promise<ChildApp> {
  const port = await freePort();
  const logFile = join(logDir, `${app}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    [...APP_NODE_OPTIONS, ...nodeArgs, join(REPO_ROOT, 'scripts/load.js'), '--run', join(REPO_ROOT, entry)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolveExit) =>
    child.once('exit', (code) => {
      exited = code;
      resolveExit();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`${app} exited (code ${exited}) before it was ready; end of ${logFile}:\n${tail(logFile)}`);
    }
    if (await ready(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} was not ready within ${readyTimeoutMs} ms; end of ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: app,
    url,
    pid: child.pid ?? 0,
    logFile,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(killer);
      log.end();
    },
  };
}

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
