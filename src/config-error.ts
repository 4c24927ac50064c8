/**
 * The one error a wrong setting raises (STYLE habit 8): it names the variable and what it
 * expects, so start-up stops with one line. Its own file so that the modules' settings parsers,
 * which src/config.ts calls, can use it without importing src/config.ts back.
 */
export class ConfigError extends Error {
  constructor(readonly variable: string, readonly expected: string, readonly got: string) {
    super(`${variable}: expected ${expected}, got ${JSON.stringify(got)}`);
    this.name = 'ConfigError';
  }
}

/** The environment as the parsers read it: a plain object, so tests pass one. */
export type Env = Record<string, string | undefined>;

/**
 * A whole-number setting from `min` to `max` (unset or empty: `fallback`); any other value stops
 * start-up, naming the variable and what it `expects`. One parser for the core settings and the
 * modules' alike.
 */
export function wholeNumberSetting(env: Env, name: string, fallback: number, range: { min: number; max: number; expects: string }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < range.min || Number(raw) > range.max) throw new ConfigError(name, range.expects, raw);
  return Number(raw);
}
