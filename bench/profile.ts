// Where the server's time goes: self time per function from a V8 CPU profile
// (node --cpu-prof), the top few, grouped by function and file.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One function's share of the sampled time. */
export interface Hot {
  name: string;
  pct: number;
}

// Which layer a sampled function belongs to, by its script's path.
const LAYERS: [RegExp, string][] = [
  [/\/src\/fs\//, 'memfs'],
  [/\/src\/backends\/fuse-native/, 'fuse-native adapter'],
  [/node_modules\/fuse-native\//, 'fuse-native (library js)'],
  [/\/src\/(engine|proto|mount|backends\/raw)/, 'raw engine'],
  [/\/src\/faults\//, 'fault rules'],
  [/\/src\/(trace|control)\//, 'trace + control'],
  [/\/(src|node_modules)\//, 'cli, startup, other js'],
];

/** The layer of a profile frame: ours by directory, else GC, node core or native. */
function layerOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'native (program)';
  for (const [re, name] of LAYERS) if (re.test(url)) return name;
  return 'node core and its native calls';
}

/** The TOP functions and the layers by self time in the profile(s) under DIR. */
export function hotFunctions(
  dir: string,
  top = 8,
): { hot: Hot[]; layers: Map<string, number>; sampledMs: number } {
  const self = new Map<string, number>();
  const layerUs = new Map<string, number>();
  let total = 0;
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return { hot: [], layers: new Map(), sampledMs: 0 };
  }
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
    const label = new Map<number, string>();
    const layer = new Map<number, string>();
    for (const n of p.nodes) {
      const { functionName, url, lineNumber } = n.callFrame;
      const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
      label.set(n.id, `${functionName || '(anonymous)'}${where ? ' ' + where : ''}`);
      if (functionName !== '(idle)') layer.set(n.id, layerOf(functionName, url));
    }
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0;
      const name = label.get(id) ?? '?';
      self.set(name, (self.get(name) ?? 0) + dt);
      const l = layer.get(id);
      if (l) layerUs.set(l, (layerUs.get(l) ?? 0) + dt);
      total += dt;
    });
  }
  const busy = [...self.entries()].filter(([n]) => !n.startsWith('(idle)'));
  const busyTotal = busy.reduce((s, [, v]) => s + v, 0) || 1;
  const hot = busy
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, pct: (100 * us) / busyTotal }));
  const layers = new Map([...layerUs].map(([l, us]) => [l, (100 * us) / busyTotal]));
  return { hot, layers, sampledMs: total / 1000 };
}
