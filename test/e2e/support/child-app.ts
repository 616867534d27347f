import { type ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '../../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The compiled main.js of an app, built with the Nest CLI when missing (a fresh clone has no dist/) or older than
 * any source, so that a test never runs yesterday's build.
 */
export function builtMain(app: string): string {
  const main = join(root, 'dist/apps', app, 'apps', app, 'src/main.js');
  const stale = () =>
    Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs'))) > statSync(main).mtimeMs;
  if (!existsSync(main) || stale()) {
    const built = spawnSync(process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], {
      cwd: root,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`nest build ${app} failed:\n${built.stdout}\n${built.stderr}`);
  }
  return main;
}

/** An app as its own OS process, so that a test can kill it without warning, as a crash would. */
export class ChildApp {
  private process?: ChildProcess;
  private output = '';

  constructor(
    private readonly main: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    this.process = spawn(process.execPath, [this.main], {
      cwd: root,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The last lines the process wrote, for failure messages. */
  tail(): string {
    return this.output.split('\n').slice(-30).join('\n');
  }
}
