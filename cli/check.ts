// Option values checked while yargs parses them (each is a `coerce`), so a
// value the option cannot take is refused before any command starts: one line
// on stderr, exit 2 (a throw in a coerce reaches main.ts's .fail()).
//
// Options are declared `type: 'string'` and turned into numbers here, because
// yargs' own `type: 'number'` makes 'abc' NaN, '' 0, and drops an option given
// with no value; an option given twice arrives as an array, and `--no-NAME`
// as false: all three are refused, never picked from.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { quote, UsageError } from '../src/errors.js';

/** A yargs `coerce` function for the option it names. */
export type Coerce<T> = (value: unknown) => T;

const WHOLE = /^\d+$/;
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

// The single text value of --NAME, or the reason it is not one.
function single(name: string, value: unknown): string {
  if (Array.isArray(value))
    throw new UsageError(`--${name} given ${value.length} times (it takes one value)`);
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

/** One non-empty text value (a path, a name). */
export function oneText(name: string): Coerce<string> {
  return (v) => single(name, v);
}

/** A repeatable option: one or more values, none empty. */
export function texts(name: string): Coerce<string[]> {
  return (v) => {
    const all = Array.isArray(v) ? (v as unknown[]) : [v];
    if (all.length === 0) throw new UsageError(`--${name} needs a value`);
    return all.map((x) => single(name, x));
  };
}

/** One of CHOICES (yargs' own `choices` takes `--accel kvm --accel tcg` as both). */
export function oneOf<T extends string>(name: string, choices: readonly T[]): Coerce<T> {
  return (v) => {
    const t = single(name, v);
    if (!(choices as readonly string[]).includes(t))
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not ${quote(t)}`);
    return t as T;
  };
}

/** A whole number from MIN to MAX, in decimal digits (no sign, exponent or fraction). */
export function wholeNumber(name: string, min: number, max: number): Coerce<number> {
  return (v) => {
    const t = single(name, v);
    const n = WHOLE.test(t) ? Number(t) : NaN;
    if (!(n >= min && n <= max))
      throw new UsageError(
        `--${name} must be a whole number from ${min} to ${max}, not ${quote(t)}`,
      );
    return n;
  };
}

/** A repeatable whole-number option: one or more values, each from MIN to MAX. */
export function wholeNumbers(name: string, min: number, max: number): Coerce<number[]> {
  const one = wholeNumber(name, min, max);
  return (v) => texts(name)(v).map((t) => one(t));
}

/** PID_MAX_LIMIT (include/linux/threads.h): no kernel hands out a larger pid. */
export const PID_MAX_LIMIT = 4 * 1024 * 1024;

/** A number above 0 and at most MAX, in decimal (1, 0.5, 2.25). */
export function positiveNumber(name: string, max: number): Coerce<number> {
  return (v) => {
    const t = single(name, v);
    const n = DECIMAL.test(t) ? Number(t) : NaN;
    if (!(n > 0 && n <= max))
      throw new UsageError(
        `--${name} must be a number above 0 and at most ${max}, not ${quote(t)}`,
      );
    return n;
  };
}

/** Upper bound of --timeout-scale: the longest case (300 s) times it stays far
 * below setTimeout's 2^31-1 ms, past which Node fires after 1 ms instead. */
export const MAX_TIMEOUT_SCALE = 100;

/** Refuses FILE for --NAME unless it can be written (its directory is
 * writable, and it is not a directory): found before the work, not after it. */
export function checkWritableFile(name: string, file: string): void {
  const abs = resolve(file);
  if (statSync(abs, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--${name} ${quote(file)} is a directory`);
  try {
    accessSync(dirname(abs), constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--${name} ${quote(file)}: cannot write there (${code})`);
  }
}

/** Refuses a value given twice among VALUES (LABEL: '--kernel', 'recipe'). */
export function checkUnique(label: string, values: string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new UsageError(`${label} ${quote(v)} given twice`);
    seen.add(v);
  }
}
