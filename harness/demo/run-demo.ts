// `fusefault demo CASE`: one case through the runner of `fusefault run`
// (watchdog, deadline, evidence, recovery), narrated on stdout instead of TAP.
import { runCases } from '../runner/run.js';
import { Narrator } from './narrator.js';
import { EnterKey } from './pace.js';

/** What the demo was asked for (checked by the command). */
export interface DemoOptions {
  id: string;
  /** wait for Enter on stdin before each step */
  step: boolean;
  /** the pause after each announcement without --step */
  paceMs: number;
  timeoutScale: number;
}

/** Runs the demo; resolves with `fusefault run`'s exit code for the case. */
export async function runDemo(opts: DemoOptions): Promise<number> {
  const enter = opts.step ? new EnterKey(process.stdin) : undefined;
  const narrator = new Narrator({
    enter,
    paceMs: opts.paceMs,
    colour: process.stdout.isTTY === true,
    write: (text) => void process.stdout.write(text),
  });
  try {
    return await runCases({
      ids: [opts.id],
      expect: [],
      timeoutScale: opts.timeoutScale,
      live: narrator,
      // the TAP goes nowhere: the narration says it; the run's notes are shown dimmed
      out: () => undefined,
      err: (line) => narrator.log(line),
    });
  } finally {
    await narrator.finish();
    enter?.close();
  }
}
