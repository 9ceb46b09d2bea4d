// A small seeded generator (mulberry32): `p=` limits must fire on the same
// matches in every run with the same seed, which Math.random cannot promise.

/** A function returning floats in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-rule seed from the fault set's seed and the rule id, so rules draw independently. */
export function mixSeed(seed: number, id: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(id, 0x85ebca77)) >>> 0;
}
