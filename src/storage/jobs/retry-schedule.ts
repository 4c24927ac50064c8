/**
 * Retry schedule as data (STYLE habit 11): exponential backoff with a cap and jitter.
 * attempt 1 failed → ~5 s, 2 → ~10 s, 3 → ~20 s … capped at one hour.
 */
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 60 * 60_000;

/** Delay before the next try after `attempts` failed tries; `random` is injectable for tests. */
export function retryDelayMs(attempts: number, random: () => number = Math.random, baseMs = RETRY_BASE_MS): number {
  const exp = Math.min(RETRY_CAP_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  // ±20 % jitter so that many jobs failing together do not retry together.
  return Math.round(exp * (0.8 + 0.4 * random()));
}
