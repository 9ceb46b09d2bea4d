// defineCheck keeps a check's id as a literal type, so the registry's ids
// (CheckId) are a union the compiler knows: `--only` and the table can be
// checked against it, and a check added to the registry is known everywhere.
import type { CheckDef } from './types.js';

/** A CheckDef whose id type is its literal id. */
export type DefinedCheck<Id extends string> = CheckDef & { id: Id };

/** Declares a check (the default export of a file in checks/). */
export function defineCheck<const Id extends string>(def: DefinedCheck<Id>): DefinedCheck<Id> {
  return def;
}
