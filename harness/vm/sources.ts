// How this machine reaches Debian: the archive and security URIs and keyring
// named in the system's own sources (read only, never written), so the
// private apt setup uses the same hosts with other suite names.
import fs from 'node:fs';
import path from 'node:path';

export interface DebianMirror {
  archive: string;
  security?: string;
  keyring: string;
}

export const DEFAULT_MIRROR: DebianMirror = {
  archive: 'http://deb.debian.org/debian',
  security: 'http://deb.debian.org/debian-security',
  keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
};

interface Entry {
  uri: string;
  suites: string[];
  signedBy?: string;
}

// Entries of one-line (.list) and deb822 (.sources) files, deb lines only.
export function parseSources(text: string, deb822: boolean): Entry[] {
  if (!deb822) {
    return text
      .split('\n')
      .map((l) => /^\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({
        uri: m[2]!,
        suites: [m[3]!],
        signedBy: /signed-by=(\S+)/.exec(m[1] ?? '')?.[1],
      }));
  }
  return text.split(/\n\s*\n/).flatMap((stanza) => {
    const field = (name: string) =>
      new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(stanza.replace(/^#.*$/gm, ''))?.[1]?.trim();
    if (!(field('Types') ?? '').split(/\s+/).includes('deb')) return [];
    const suites = (field('Suites') ?? '').split(/\s+/).filter(Boolean);
    return (field('URIs') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((uri) => ({ uri, suites, signedBy: field('Signed-By') }));
  });
}

// Picks the Debian archive and security URIs out of the entries.
export function mirrorFrom(entries: Entry[]): DebianMirror {
  const isDebian = (e: Entry) => /\/debian(-security)?\/?$/.test(e.uri);
  const sec = entries.find((e) => isDebian(e) && e.suites.some((s) => s.endsWith('-security')));
  const main = entries.find((e) => isDebian(e) && e.suites.some((s) => !s.includes('-')));
  if (!main) return DEFAULT_MIRROR;
  const keyring =
    main.signedBy && main.signedBy.startsWith('/') ? main.signedBy : DEFAULT_MIRROR.keyring;
  return { archive: main.uri.replace(/\/$/, ''), security: sec?.uri.replace(/\/$/, ''), keyring };
}

// Reads /etc/apt/sources.list and sources.list.d/*.{list,sources}.
export function hostMirror(etc = '/etc/apt'): DebianMirror {
  const files: Array<[string, boolean]> = [[path.join(etc, 'sources.list'), false]];
  const dir = path.join(etc, 'sources.list.d');
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (f.endsWith('.list')) files.push([path.join(dir, f), false]);
    if (f.endsWith('.sources')) files.push([path.join(dir, f), true]);
  }
  const entries = files.flatMap(([f, deb822]) =>
    fs.existsSync(f) ? parseSources(fs.readFileSync(f, 'utf8'), deb822) : [],
  );
  return mirrorFrom(entries);
}
