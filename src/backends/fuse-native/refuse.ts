// What libfuse2's high-level API cannot express, refused instead of faked.
import { ACTIONS, isActionKind } from '../../faults/actions.js';
import type { Rule } from '../../faults/types.js';

/** The one-line reason this backend cannot carry out `rule`, or undefined. */
export function vetoRule(rule: Rule): string | undefined {
  const kind = rule.action.kind;
  const cannot = isActionKind(kind) ? ACTIONS[kind].fuseNativeCannot : undefined;
  if (cannot) {
    return `the fuse-native backend ${cannot.what} (${rule.spec}): ${cannot.why}; use --backend raw`;
  }
  if (rule.action.kind === 'interrupts') {
    // libfuse's low level layer takes FUSE_INTERRUPT itself (do_interrupt) and the
    // high-level operations never see it, so no policy can be applied
    return `the fuse-native backend cannot apply interrupt policies (${rule.spec}): libfuse's high-level API never shows FUSE_INTERRUPT to the filesystem; use --backend raw`;
  }
  return undefined;
}
