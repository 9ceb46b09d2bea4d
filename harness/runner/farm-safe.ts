// Text fusefault prints next to its results, kept from reading as results.
// LKFT's kselftest parser (test-definitions, automated/linux/kselftest/
// parse-output.py) takes every line matching `^.*?ok \d{1,5} ` for a result,
// wherever "ok N " stands ("it took 5 s" counts), and every line holding
// "# selftests: " for the start of another kselftest program; kselftest's
// runner.sh merges a program's stderr into the same stream.

/** LINE with "ok N" and "# selftests: " broken by a second space. */
export function farmSafe(line: string): string {
  return line.replace(/ok (?=\d)/g, 'ok  ').replace(/# selftests: /g, '#  selftests: ');
}
