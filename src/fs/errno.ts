// errno values thrown as FsError, from the running platform's table.
import { constants } from 'node:os';
import { FsError } from '../errors.js';

export const E = constants.errno;

/** Throws FsError(errno) with the errno's name as the message. */
export function fail(errno: number, what?: string): never {
  const name = Object.entries(E).find(([, v]) => v === errno)?.[0] ?? `errno ${errno}`;
  throw new FsError(errno, what ? `${name}: ${what}` : name);
}
