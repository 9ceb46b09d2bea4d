// The demo's lines, as pure functions of what was seen: a step's announcement
// and end, a task's state, a FUSE request's news, a signal sent. Indented
// under the step they belong to; colour comes from the palette (none off a TTY).
import type { StepBegin, StepEnd } from '../runner/steps.js';
import type { TimelineSignal } from '../timeline/types.js';
import type { Palette } from './colour.js';
import type { RequestNews } from './requests.js';
import type { TaskView } from './tasks.js';
import type { TimelineRequest } from '../timeline/types.js';

const INDENT = '   ';

// What a state letter means (fs/proc/array.c task_state_array), for a person.
const STATES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'uninterruptible',
  T: 'stopped',
  t: 'traced',
  Z: 'zombie',
  X: 'dead',
  I: 'idle',
};

const seconds = (s: number) => `${Math.max(0, s).toFixed(1)} s`;

/** "step 2: send SIGINT to cp" and, below it, what to watch for. */
export function stepLines(b: StepBegin, p: Palette): string[] {
  return ['', p.title(`step ${b.index}: ${b.title}`), ...(b.say ? [INDENT + p.say(b.say)] : [])];
}

/** How the case said a step ended. */
export function endLine(e: StepEnd, p: Palette): string {
  return `${INDENT}${p.ok('=>')} ${e.result}`;
}

/** "write-close 812  D uninterruptible  request_wait_answer < ... < fuse_flush  pending SIGINT" */
export function taskLine(v: TaskView, p: Palette): string {
  const who = `${v.label} ${v.pid}${v.tid !== v.pid ? `/${v.tid} (${v.comm})` : ''}`;
  if (v.state === '-') return `${INDENT}${who}  ${p.dim('gone')}`;
  const word = STATES[v.state] ?? '';
  const state = `${v.state}${word ? ` ${word}` : ''}`;
  const painted = 'DTtZ'.includes(v.state) ? p.held(state) : state;
  const stack = v.frames.length ? `  ${p.dim(v.frames.join(' < '))}` : '';
  const pending = v.pending.length ? `  pending ${p.held(v.pending.join(' '))}` : '';
  return `${INDENT}${who}  ${painted}${stack}${pending}`;
}

// "FUSE flush #12 /cp-target from pid 812"
const request = (r: TimelineRequest) =>
  `FUSE ${r.op} #${r.unique}${r.path !== undefined ? ` ${r.path}` : ''} from pid ${r.pid}`;

// What the server does with an INTERRUPT under each policy (src/faults: interrupts:POLICY).
const POLICY: Record<string, string> = {
  ignore: 'the server ignores it',
  honour: 'the server honours it (answers the request EINTR)',
  eagain: 'the server answers it EAGAIN (the kernel sends it again)',
};

/** One thing that happened to a request worth showing. */
export function requestLine(n: RequestNews, p: Palette): string {
  if (n.kind === 'held') {
    const fault = n.r.fault !== undefined ? ` (fault: ${n.r.fault})` : '';
    return `${INDENT}${request(n.r)}: read by the server, ${p.held('unanswered')}${fault}`;
  }
  if (n.kind === 'interrupt') {
    const what = n.known
      ? (POLICY[n.policy] ?? n.policy)
      : 'for a request the server no longer has';
    return `${INDENT}FUSE INTERRUPT for ${n.r.op} #${n.r.unique} after ${seconds(n.age)}: ${what}`;
  }
  return `${INDENT}${request(n.r)} answered after ${seconds(n.age)}: ${n.r.outcome ?? '?'}`;
}

/** A request still in flight at a step's end, and for how long. */
export function inFlightLine(x: { r: TimelineRequest; age: number }, p: Palette): string {
  return `${INDENT}${p.held('in flight')} for ${seconds(x.age)}: ${request(x.r)}`;
}

/** "-> SIGINT to 812" */
export function signalLine(s: TimelineSignal, p: Palette): string {
  return `${INDENT}${p.say('->')} ${s.signal} to ${s.group ? 'process group ' : ''}${s.pid}`;
}
