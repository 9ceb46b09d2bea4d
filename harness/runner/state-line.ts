// The "# state DIR watchdog PID" line `fusefault run` prints once its watchdog
// runs: where the recovery state lives and who recovers it if the run dies.
// Read by whatever drives a run from outside (tests, `npm run soak`).

/** The state directory and watchdog pid from the "# state DIR watchdog PID" line. */
export function parseStateLine(stdout: string): { dir: string; watchdog: number } | undefined {
  const m = /^# state (\S+) watchdog (\d+)$/m.exec(stdout);
  return m ? { dir: m[1] as string, watchdog: Number(m[2]) } : undefined;
}
