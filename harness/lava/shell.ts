// POSIX shell quoting for the words fusefault puts into LAVA test steps and
// run-local.sh: a word of safe characters stays as it is, anything else goes
// in single quotes (a quote inside becomes '\'').
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** WORD as one shell word. */
export function shellWord(word: string): string {
  return SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** WORDS as one shell command line. */
export function shellLine(words: string[]): string {
  return words.map(shellWord).join(' ');
}
