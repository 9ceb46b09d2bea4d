// Test helper: LAVA's own job schema (Debian's lava-common, installed by
// scripts/setup.sh) and PyYAML, run by Debian's python3, as the oracles.
import { execa } from 'execa';

const PY = '/usr/bin/python3';

// Reads YAML documents (one a line of JSON text) and prints, for each,
// "ok" or the schema's refusal on one line, then the document as JSON.
const CHECK = `import json, sys, yaml
from lava_common.schemas import validate
for text in json.loads(sys.stdin.read()):
    doc = yaml.safe_load(text)
    try:
        validate(doc, strict=False)
        print(json.dumps({"ok": True, "doc": doc}))
    except Exception as exc:
        print(json.dumps({"ok": False, "error": str(exc).replace("\\n", " "), "doc": doc}))`;

export interface Checked {
  ok: boolean;
  error?: string;
  doc: unknown;
}

/** Each YAML text loaded by PyYAML and checked by lava_common.schemas.validate. */
export async function validateJobs(texts: string[]): Promise<Checked[]> {
  const r = await execa(PY, ['-c', CHECK], { input: JSON.stringify(texts) });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Checked);
}

/** A YAML text as PyYAML's safe_load reads it. */
export async function pyYamlLoad(text: string): Promise<unknown> {
  const r = await execa(
    PY,
    ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'],
    {
      input: text,
    },
  );
  return JSON.parse(r.stdout);
}

/** The parts of a fusefault job the tests read back. */
export interface JobDoc {
  metadata: Record<string, string>;
  context: { arch: string };
  actions: [
    {
      deploy: {
        images: {
          kernel: { url: string; image_arg: string };
          ramdisk: { url: string; format: string; overlays: unknown };
        };
      };
    },
    { boot: { prompts: string[] } },
    { test: { definitions: Array<{ repository: { run: { steps: string[] } } }> } },
  ];
}
