// Plain data (maps, lists, strings, numbers, booleans) as block-style YAML,
// for LAVA job definitions and device files. Every string is written as a
// JSON string, which is also a valid YAML double-quoted scalar: nothing the
// job carries (a kernel command line, a shell step with quotes) can turn into
// another type or break the document.
export type YamlValue = string | number | boolean | null | YamlValue[] | { [k: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// words YAML 1.1 (PyYAML) reads as booleans or null even as keys
const RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i;

const key = (k: string) => (PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k));

function scalar(v: string | number | boolean | null): string {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not a YAML number: ${v}`);
  return v === null ? 'null' : JSON.stringify(v);
}

const isEmpty = (v: YamlValue) =>
  typeof v === 'object' && v !== null && Object.keys(v).length === 0;

function lines(v: YamlValue, indent: string): string[] {
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmpty(item))
        return [`${indent}- ${inline(item)}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first!.trimStart()}`, ...rest];
    });
  }
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([k, item]) =>
      typeof item !== 'object' || item === null || isEmpty(item)
        ? [`${indent}${key(k)}: ${inline(item)}`]
        : [`${indent}${key(k)}:`, ...lines(item, `${indent}  `)],
    );
  }
  return [`${indent}${scalar(v)}`];
}

// A scalar, or an empty map or list, on one line.
function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v);
}

/** DATA as a YAML document (a map or list at the top). */
export function toYaml(data: YamlValue): string {
  return `${lines(data, '').join('\n')}\n`;
}
