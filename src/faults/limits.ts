// A rule's limits decide which of its matches fire. All given limits have to
// admit: first=N counts matches, every=N takes every Nth, and p uses one draw
// per match, made whether or not the other limits admit, so the k-th match
// fires the same way in every run with the same seed.
import type { Limit } from './types.js';

/** Whether match number MATCH (1-based) fires, given the draw made for it (if the rule has p). */
export function admits(limit: Limit, match: number, draw: number | undefined): boolean {
  if (limit.first !== undefined && match > limit.first) return false;
  if (limit.every !== undefined && match % limit.every !== 0) return false;
  if (draw !== undefined && !(draw < (limit.p ?? 1))) return false;
  return true;
}
