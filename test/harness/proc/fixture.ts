// Samples captured from /proc and /sys on a real machine, under test/fixtures/proc.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures/proc, from dist/test/harness/proc */
export const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/proc/', import.meta.url));

/** The text of one captured sample, e.g. fixture('stuck-stat/stack'). */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}
