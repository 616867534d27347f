/** One environment variable that breaks its rule. */
export interface ConfigViolation {
  variable: string;
  rule: string;
  message: string;
}

/** Thrown at boot when the environment is invalid; the message lists every violation so one restart fixes them all. */
export class ConfigValidationError extends Error {
  constructor(
    readonly appName: string,
    readonly violations: readonly ConfigViolation[],
  ) {
    super(
      `invalid configuration for ${appName} (${violations.length} problem${violations.length === 1 ? '' : 's'}):\n` +
        violations.map((v) => `  - ${v.variable} [${v.rule}]: ${v.message}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
