/** `--name value` options and positional arguments; `--name=value` works too. */
export interface CliArguments {
  positional: string[];
  options: Map<string, string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArguments(argv: readonly string[]): CliArguments {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const value = argv[i + 1];
    // A PEM value starts with dashes too; only --name is the next option.
    if (value === undefined || /^--[a-z]/i.test(value)) throw new UsageError(`option ${arg} needs a value`);
    options.set(arg.slice(2), value);
    i++;
  }
  return { positional, options };
}
