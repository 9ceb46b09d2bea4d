// DIR/run-local.sh: runs one of the directory's jobs on this machine with
// Debian's lava-dispatcher (lava-run, no server). The dispatcher and
// lava-server (for its device-type templates) are unpacked with dpkg -x into
// the user's cache, never installed: their packages pull in systemd-sysv and
// replace fuse with fuse3. Only the Python libraries lava-run imports are
// installed from Debian, and only when apt would remove nothing. guestfs is
// replaced by a module that fails if used: these jobs append LAVA's overlay
// to the cpio ramdisk, which never calls it.
import { shellWord } from './shell.js';

/** Debian packages of the Python modules lava-run imports (python3-guestfs excepted). */
export const DISPATCHER_PYTHON = [
  'lava-common',
  'python3-aiohttp',
  'python3-configobj',
  'python3-jinja2',
  'python3-magic',
  'python3-netifaces',
  'python3-pexpect',
  'python3-pyudev',
  'python3-requests',
  'python3-setproctitle',
  'python3-tz',
  'python3-yaml',
];

/** Where the device dictionary sits in DIR. */
export const DEVICE_DICT = 'device/fusefault-qemu.jinja2';

const RENDER = `import jinja2, sys
env = jinja2.Environment(loader=jinja2.FileSystemLoader(sys.argv[1:3]), trim_blocks=True, autoescape=False)
print(env.get_template("fusefault-qemu.jinja2").render())`;

// Prints the test results of lava-run's log (one YAML flow map a line; the
// base loader keeps every value a string) and exits 0 when the job passed.
export const LOG_SUMMARY = `import sys, yaml
job = "unknown"
for line in open(sys.argv[1], errors="replace"):
    try:
        e = yaml.load(line, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        continue
    m = e.get("msg") if isinstance(e, dict) else None
    if not isinstance(m, dict) or e.get("lvl") != "results":
        continue
    if m.get("definition") == "lava":
        if m.get("case") == "job":
            job = m.get("result")
        continue
    name = (m.get("set") + "/" if m.get("set") else "") + m["case"]
    unit = " %s %s" % (m["measurement"], m.get("units", "")) if "measurement" in m else ""
    print("%-16s %-48s %s%s" % (m["definition"], name, m["result"], unit))
print("job: %s" % job)
sys.exit(0 if job == "pass" else 1)`;

const GUESTFS_STUB = `# stands in for python3-guestfs, which fusefault's jobs never call
def __getattr__(name):
    raise RuntimeError("guestfs is not installed (fusefault run-local.sh)")`;

/** The script's text; JOB is the default job file, relative to DIR. */
export function runLocalScript(job: string): string {
  return `#!/bin/sh
# Runs a job of this directory on this machine with Debian's lava-dispatcher
# (lava-run, no LAVA server): ./run-local.sh [JOB.yaml]. Written by
# \`fusefault lava\`; see harness/lava/run-local.ts for why it unpacks rather
# than installs. Output: local-run/JOB/ (device.yaml, lava-run.log).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
job=$(realpath "\${1:-$here/${shellWord(job)}}")
lava=\${XDG_CACHE_HOME:-$HOME/.cache}/fusefault/lava
root=$lava/root
py=/usr/bin/python3

if [ ! -x "$root/usr/bin/lava-run" ] || [ ! -f "$root/usr/share/lava-server/device-types/qemu.jinja2" ]; then
  mkdir -p "$lava/debs" "$root"
  (cd "$lava/debs" && apt-get download lava-dispatcher lava-server)
  for d in "$lava"/debs/*.deb; do dpkg -x "$d" "$root"; done
fi

missing=
for p in ${DISPATCHER_PYTHON.join(' ')}; do
  dpkg-query -W -f='\${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if apt-get install -s --no-install-recommends $missing | grep '^Remv'; then
    echo "run-local: installing$missing would remove the packages above; not done" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

mkdir -p "$lava/stubs"
cat > "$lava/stubs/guestfs.py" <<'PY'
${GUESTFS_STUB}
PY

out=$here/local-run/$(basename "$job" .yaml)
rm -rf "$out"
mkdir -p "$out/output"
$py -c ${shellWord(RENDER)} "$here/device" "$root/usr/share/lava-server/device-types" > "$out/device.yaml"
echo "run-local: lava-run $(basename "$job") (log: $out/lava-run.log)" >&2
status=0
PYTHONPATH="$lava/stubs:$root/usr/lib/python3/dist-packages" \\
  $py "$root/usr/bin/lava-run" --job-id "$$" --output-dir "$out/output" \\
  --device "$out/device.yaml" "$job" > "$out/lava-run.log" 2>&1 || status=$?
echo "run-local: lava-run exit $status" >&2
$py -c ${shellWord(LOG_SUMMARY)} "$out/lava-run.log"
`;
}
