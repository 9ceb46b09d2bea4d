// The soak's only source of randomness: a seeded generator (the same one `p=`
// fault limits use), so `--seed N` replays exactly the same inputs and kill times.
import { seededRandom } from '../../src/faults/prng.js';

/** Seeded draws: numbers, picks, strings. */
export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** One element of items. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** LEN characters drawn from ALPHABET. */
  chars(alphabet: string, len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.#next() * alphabet.length)];
    return s;
  }
}

/** The generator of item I of stream NAME under SEED: items can be made (and replayed) one by one. */
export function itemRng(seed: number, name: string, i: number): Rng {
  let h = seed >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return new Rng((h ^ Math.imul(i + 1, 0x85ebca77)) >>> 0);
}
