// Child process of the spec fuzz: tries specs FROM..TO-1 of SEED's stream and
// reports each verdict over IPC, so the parent can tell a hang (no report in
// time) from a slow input and carry on past it in a new child.
import { checkSpec, specInput } from './spec-check.js';

const [seed, from, to] = process.argv.slice(2).map(Number) as [number, number, number];
for (let i = from; i < to; i++) {
  const { spec, paths } = specInput(seed, i);
  const v = checkSpec(spec, paths);
  process.send?.({ i, ...v, ...(v.kind === 'accepted' || v.kind === 'rejected' ? {} : { spec }) });
}
process.disconnect?.();
