// Durations in fault specs: `200ms`, `1.5s`, `2m`, `1h`; a bare number is
// milliseconds, because delays are usually short.
import { quote } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in DURATION, or a one-line reason it is not a duration. */
export function parseDuration(text: string): { ms: number } | { error: string } {
  // exact text: ' 5ms' is refused, not trimmed; \d is ASCII digits only (no 'u' flag)
  const m = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(text);
  if (!m)
    return {
      error: `bad duration ${quote(text)} (examples: 200ms, 1.5s, 2m; a bare number is ms)`,
    };
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!;
  if (!Number.isFinite(ms) || ms > 2 ** 31 - 1)
    return { error: `duration ${quote(text)} is too long` };
  return { ms: Math.round(ms) };
}

/** A duration as the shortest spec text that parses back to it. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
