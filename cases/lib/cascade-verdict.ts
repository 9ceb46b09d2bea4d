// The verdict of one mmap-lock-cascade variant, from its steps as /proc
// showed them. On 6.18 the rwsem frames are not listed in /proc/PID/stack
// (they are __sched), so the lock shows as its caller on top (waitsOn).
import { waitsOn, type StepSeen } from '../../harness/clients/mmap-settle.js';

const blocked = (s?: StepSeen) => !!s?.kind.startsWith('blocked');

// the cmdline reader's path to the lock: proc_pid_cmdline_read ->
// get_mm_cmdline -> access_remote_vm -> mmap_read_lock_killable
const CMDLINE_FRAMES = ['proc_pid_cmdline_read', '__access_remote_vm', 'access_remote_vm'];

/** The steps of one variant as /proc showed them, for its verdict. */
export interface CascadeSeen {
  holder?: StepSeen;
  writer?: StepSeen;
  cmdline?: StepSeen;
  /** the holder's call had not returned when the cmdline reader was looked at */
  holderStillBlocked: boolean;
}

/**
 * The verdict of one variant: a cascade is the cmdline reader asleep on its way
 * to mmap_lock (its frames, or the lock on top) behind a writer queued for the
 * lock, while the stalled fault still holds it; any other sleep of the reader
 * is not one. no-cascade: the reader got through while the fault was held.
 */
export function variantVerdict(s: CascadeSeen): {
  verdict: 'cascade' | 'no-cascade' | 'undecided';
  missing: string[];
} {
  const undecided = (...missing: string[]) => ({ verdict: 'undecided' as const, missing });
  if (!blocked(s.holder)) return undecided('the stalled READ did not block the holder');
  if (!s.holderStillBlocked) return undecided('the holder returned before the cmdline reader');
  if (s.cmdline?.kind === 'returned') return { verdict: 'no-cascade', missing: [] };
  if (!blocked(s.cmdline)) return undecided(`the cmdline reader ${s.cmdline?.kind ?? 'never ran'}`);
  const missing: string[] = [];
  const frames = s.cmdline?.task?.stack ?? [];
  if (!CMDLINE_FRAMES.some((f) => frames.includes(f)) && waitsOn(s.cmdline) !== 'mmap_lock read')
    missing.push(`the cmdline reader sleeps elsewhere (${frames.slice(0, 3).join(', ') || '?'})`);
  if (!blocked(s.writer) || waitsOn(s.writer) !== 'mmap_lock write')
    missing.push(
      `no writer queued on mmap_lock (writer ${waitsOn(s.writer) ?? s.writer?.kind ?? 'not seen'})`,
    );
  return missing.length ? undecided(...missing) : { verdict: 'cascade', missing };
}
