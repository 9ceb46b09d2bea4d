// Evidence from /proc and /sys: parsers that take text, and thin readers.
export * from './abort-stuck.js';
export * from './fds.js';
export * from './fuse-wait.js';
export * from './ns.js';
export * from './read.js';
export * from './report.js';
export * from './signals.js';
export * from './stack.js';
export * from './stat.js';
export * from './status.js';
export * from './stuck.js';
export * from './task.js';
