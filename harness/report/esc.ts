// Recorded names (labels, paths, stacks) go into markup: escaped, always.

/** Text safe inside SVG/HTML elements and attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
