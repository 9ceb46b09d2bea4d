// The fault decision for one request and how the engine carries it out: answer
// now (pass), answer an error (errno), answer later (delay), answer only when
// released (stall), or stop reading the device with this request unanswered (stop).
import { actionDef, assertNever } from '../faults/actions.js';
import { AtLeast } from '../faults/at-least.js';
import type { Engine } from './engine.js';
import { faultEvent } from './engine-trace.js';
import { keepData, type Inflight } from './inflight.js';

/** Consults the rules for E and carries the decision out (E was read and is in flight). */
export function decide(engine: Engine, e: Inflight): void {
  if (engine.inflight.get(e.unique) !== e) return;
  e.held = 'serving';
  if (engine.draining || e.op === 'destroy') return engine.serve(e, 'ok');
  const d = engine.faults.decide(engine.infoOf(e));
  if (d.kind !== 'pass') engine.trace.emit(faultEvent(e, d));
  // answered after this call returns: off the reader's buffer
  if (d.kind !== 'pass' && actionDef(d).answersLater) keepData(e);
  switch (d.kind) {
    case 'pass':
      return engine.serve(e, 'ok');
    case 'errno':
      return engine.reply(e, -d.errno, undefined, 'errno');
    case 'delay':
      e.held = 'delay';
      e.ruleId = d.ruleId;
      e.timer = new AtLeast(d.ms, () => {
        delete e.timer;
        engine.whenRunning(() => engine.serve(e, 'ok'));
      });
      return;
    case 'stall':
      e.held = 'stall';
      e.ruleId = d.ruleId;
      return;
    case 'stop':
      // this request stays read and unanswered until resume, then is served
      e.held = 'stopped';
      void engine.stop(`rule ${d.ruleId}`);
      engine.whenRunning(() => engine.serve(e, 'ok'));
      return;
    default:
      return assertNever(d);
  }
}
