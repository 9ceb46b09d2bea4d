// Package stanzas as apt-cache show prints them: just the fields we need.

export interface Stanza {
  Package: string;
  Version: string;
  Depends: string[];
}

// Splits `apt-cache show` output into stanzas; Depends keeps package names only.
export function parseStanzas(text: string): Stanza[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)?.[1]?.trim();
      const pkg = field('Package');
      const version = field('Version');
      if (!pkg || !version) return undefined;
      const depends = (field('Depends') ?? '')
        .split(',')
        .flatMap((alt) => alt.split('|'))
        .map((d) => d.trim().split(/[\s(]/)[0] ?? '')
        .filter(Boolean);
      return { Package: pkg, Version: version, Depends: depends };
    })
    .filter((s): s is Stanza => s !== undefined);
}

// The packages to unpack for a kernel image package: itself plus the parts
// that carry its ABI name (sid splits the image into linux-binary-ABI,
// linux-modules-ABI and linux-base-ABI; bookworm and trixie ship one package).
export function kernelParts(image: Stanza): string[] {
  const abi = image.Package.replace(/^linux-image-/, '').replace(/-unsigned$/, '');
  return [image.Package, ...image.Depends.filter((d) => d !== image.Package && d.includes(abi))];
}
