// What libfuse2's high-level API cannot express, refused instead of faked.
import type { Rule } from '../../faults/types.js';

/** The one-line reason this backend cannot carry out `rule`, or undefined. */
export function vetoRule(rule: Rule): string | undefined {
  if (rule.action.kind === 'stop') {
    // fuse_loop_mt reads /dev/fuse in libfuse's own threads and starts more as
    // requests arrive: there is no way to stop them reading from JavaScript
    return `the fuse-native backend cannot stop reading /dev/fuse (${rule.spec}): libfuse reads the device in its own threads; use --backend raw`;
  }
  if (rule.action.kind === 'interrupts') {
    // libfuse's low level layer takes FUSE_INTERRUPT itself (do_interrupt) and the
    // high-level operations never see it, so no policy can be applied
    return `the fuse-native backend cannot apply interrupt policies (${rule.spec}): libfuse's high-level API never shows FUSE_INTERRUPT to the filesystem; use --backend raw`;
  }
  return undefined;
}
