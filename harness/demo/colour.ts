// Colours for the demo's narration, only when it goes to a terminal: a file
// or a pipe gets the same words without escape sequences.

/** One way to paint a piece of text. */
export type Paint = (text: string) => string;

/** The demo's styles: a step's title, what to watch for, the kernel's state, quiet detail. */
export interface Palette {
  title: Paint;
  say: Paint;
  held: Paint;
  ok: Paint;
  bad: Paint;
  dim: Paint;
}

const sgr =
  (on: boolean, code: string): Paint =>
  (text) =>
    on ? `\x1b[${code}m${text}\x1b[0m` : text;

/** The palette, in colour when ON (stdout is a TTY). */
export function palette(on: boolean): Palette {
  return {
    title: sgr(on, '1'),
    say: sgr(on, '33'),
    held: sgr(on, '1;31'),
    ok: sgr(on, '32'),
    bad: sgr(on, '1;31'),
    dim: sgr(on, '2'),
  };
}
