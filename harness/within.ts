// A bounded wait on something that may never settle (a client asleep in D, a
// server stuck in do_exit): the case goes on after MS either way, and what is
// left is recovery's to end.

/** P's value, or null when P has not settled within MS (P goes on). */
export async function within<T>(p: PromiseLike<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, ms, null)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
