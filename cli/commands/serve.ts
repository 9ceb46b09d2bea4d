// `fusefault serve <mountpoint>`: Mount a FUSE filesystem with live fault injection.
// Everything a user can get wrong (fault specs, mountpoint, socket, trace path)
// is checked before mounting, so a mistake leaves nothing mounted. When serving,
// exactly one line goes to stdout:
//   ready conn=N mountpoint=M control=S pid=P
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Backend, ServeOptions } from '../../src/backends/types.js';
import { startControlServer } from '../../src/control/server.js';
import { chooseSocketPath } from '../../src/control/socket-dir.js';
import { UsageError } from '../../src/errors.js';
import { oneOf, texts, wholeNumber } from '../check.js';
import { FaultSet } from '../../src/faults/rules.js';
import { FAULT_SPEC_HELP } from '../../src/faults/spec.js';
import { traceRuleChanges } from '../../src/faults/trace-changes.js';
import { MemFs } from '../../src/fs/memfs.js';
import { seedFromDirectory } from '../../src/fs/seed.js';
import { startGuardian } from '../../src/mount/guardian.js';
import { checkMountpoint } from '../../src/mount/mount.js';
import { Trace } from '../../src/trace/trace.js';
import { monotonic } from '../../src/trace/types.js';

interface ServeArgs {
  mountpoint: string;
  backend: 'raw' | 'fuse-native';
  fault?: string[];
  control?: string;
  trace?: string;
  'request-timeout'?: number;
  seed?: number;
  'seed-dir'?: string;
  'hold-open': string[];
  'hold-open-create': string[];
  'allow-other': boolean;
  'server-permissions': boolean;
}

// each backend is loaded only when chosen: fuse-native loads libfuse
async function createBackend(kind: ServeArgs['backend'], opts: ServeOptions): Promise<Backend> {
  if (kind === 'raw') return (await import('../../src/backends/raw.js')).createRawBackend(opts);
  return (await import('../../src/backends/fuse-native.js')).createFuseNativeBackend(opts);
}

function checkSeedDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`--seed-dir ${dir} does not exist`);
  }
  if (!ok) throw new UsageError(`--seed-dir ${dir} is not a directory`);
  return resolve(dir);
}

function openTrace(file: string | undefined): Trace {
  try {
    return new Trace(file === undefined ? {} : { file });
  } catch (err) {
    throw new UsageError(`cannot write trace ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
}

async function serve(a: ServeArgs): Promise<void> {
  const faults = new FaultSet(a.seed === undefined ? {} : { seed: a.seed });
  for (const spec of a.fault ?? []) faults.add(spec);
  const mountpoint = checkMountpoint(a.mountpoint);
  const requestTimeout = a['request-timeout'];
  const seedDir = checkSeedDir(a['seed-dir']);
  const trace = openTrace(a.trace);
  // rule changes from now on, and the rules given on the command line, in the trace
  traceRuleChanges(faults, trace);
  for (const r of faults.list())
    trace.emit({ ev: 'rules', ts: monotonic(), change: 'add', rule: r.id });
  const serverPermissions = a['server-permissions'];
  const fs = new MemFs({ checkPermissions: serverPermissions });
  if (seedDir) await seedFromDirectory(fs, seedDir);
  const allowOther = a['allow-other'];
  const opts: ServeOptions = { mountpoint, fs, faults, trace, allowOther, serverPermissions };
  if (requestTimeout !== undefined) opts.requestTimeout = requestTimeout;
  const backend = await createBackend(a.backend, opts);
  const { path: socketPath, privateDir } = await chooseSocketPath(a.control);
  const control = await startControlServer(socketPath, backend, { privateDir });
  // a signal before the mount is up closes right after it; a crash still unmounts
  let started = false;
  let closing: string | undefined;
  const close = (why: string) => {
    closing ??= why;
    if (started) void backend.close(closing);
  };
  process.on('SIGINT', () => close('SIGINT'));
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGHUP', () => close('SIGHUP'));
  process.on('uncaughtException', (err) => crashed(err, mountpoint));
  try {
    await backend.start();
  } catch (err) {
    await control.close();
    await trace.close();
    throw err;
  }
  started = true;
  // a SIGKILL must not leave the mount and the socket behind (auto_unmount)
  const guardian = await startGuardian({ conn: backend.conn, mountpoint, socketPath });
  if ('error' in guardian)
    process.stderr.write(
      `fusefault: no guardian (${guardian.error}): a killed serve leaves its mount\n`,
    );
  let failed: Error | undefined;
  if (closing === undefined)
    await holdFiles(backend, a['hold-open'], a['hold-open-create']).catch(
      (e: Error) => (failed = e),
    );
  if (failed) close('hold-open failed');
  if (closing === undefined) {
    process.stdout.write(
      `ready conn=${backend.conn} mountpoint=${mountpoint} control=${socketPath} pid=${process.pid}\n`,
    );
  } else void backend.close(closing);
  await backend.done;
  await control.close();
  await trace.close();
  if (failed) throw failed;
  const end = (backend as { endReason?: { code: number; message: string } }).endReason;
  if (end && (end.code !== 0 || closing === undefined)) {
    process.stderr.write(`fusefault: ${end.message}\n`);
    process.exitCode = end.code;
  }
}

// --hold-open (an existing file) and --hold-open-create: each file is opened
// read-write on our own mount, never through a symlink, and held until exit.
async function holdFiles(backend: Backend, existing: string[], create: string[]): Promise<void> {
  const files = [
    ...existing.map((path) => ({ path, create: false })),
    ...create.map((path) => ({ path, create: true })),
  ];
  for (const { path, create } of files) {
    const fd = await backend.holdOpen(path, 'rw', { create });
    const dev = (backend.status() as { deviceFd?: number }).deviceFd;
    const note =
      dev === undefined ? '' : ` (device fd ${dev}${fd < dev ? ', below it' : ', NOT below it'})`;
    process.stderr.write(`fusefault: holding ${path} open as fd ${fd}${note}\n`);
  }
}

// A bug: say so, and leave no mount behind (a lazy unmount needs no answer from us).
function crashed(err: Error, mountpoint: string): never {
  process.stderr.write(`fusefault: ${err.stack ?? err.message}\n`);
  spawnSync('umount', ['-l', mountpoint]);
  process.exit(1);
}

const command: CommandModule<object, ServeArgs> = {
  command: 'serve <mountpoint>',
  describe: 'Mount a FUSE filesystem with live fault injection',
  builder: (y: Argv) =>
    y
      .positional('mountpoint', {
        type: 'string',
        demandOption: true,
        describe: 'empty directory to mount on',
      })
      .option('backend', {
        type: 'string',
        coerce: oneOf('backend', ['raw', 'fuse-native'] as const),
        default: 'raw' as const,
        describe: 'raw: our /dev/fuse engine; fuse-native: libfuse2',
      })
      .option('fault', {
        type: 'string',
        array: true,
        // no default: `--fault=` (no spec) must reach the check, not mean "no rule"
        coerce: texts('fault'),
        describe:
          'a fault rule (repeatable): flush:stall, getattr:delay=200ms, write:errno=EIO, interrupts:honour, ...',
      })
      .option('control', {
        type: 'string',
        describe:
          'control socket path (default: PID.sock in $XDG_RUNTIME_DIR/fusefault, else /run/fusefault, a directory of mode 0700)',
      })
      .option('trace', {
        type: 'string',
        describe: 'append trace events (JSON lines) to this file',
      })
      .option('request-timeout', {
        type: 'string',
        // the kernel keeps it in a u16 (fuse_init_out.request_timeout)
        coerce: wholeNumber('request-timeout', 1, 0xffff),
        describe:
          'ask the kernel to abort the connection after a request waits this many seconds (FUSE_REQUEST_TIMEOUT)',
      })
      .option('seed', {
        type: 'string',
        // the same range as a spec's own seed=N
        coerce: wholeNumber('seed', 0, 2 ** 32 - 1),
        describe: 'seed for probabilistic rules (p=...)',
      })
      .option('seed-dir', {
        type: 'string',
        describe: 'copy this directory tree into the filesystem before mounting',
      })
      .option('hold-open', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe:
          'open this existing file on the mount read-write and keep it open until exit (a symlink is refused)',
      })
      .option('hold-open-create', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'as --hold-open, creating the file when it is missing',
      })
      .option('allow-other', {
        type: 'boolean',
        default: false,
        describe: 'let other users use the mount (allow_other); default: only its owner',
      })
      .option('server-permissions', {
        type: 'boolean',
        default: false,
        describe:
          'mount without default_permissions: every access reaches the server, which checks modes and ownership itself (raw backend only)',
      })
      .epilog(FAULT_SPEC_HELP)
      .example(
        '$0 serve /mnt/x --fault flush:stall',
        'every close() of a written file hangs until released',
      )
      .example(
        '$0 ctl /run/fusefault/123.sock release',
        'answer what the stall rules hold (123: the pid in the ready line)',
      )
      .example(
        '$0 serve /mnt/x --control ./ff.sock --hold-open-create held',
        'the socket in the current directory; /held created and held open',
      ) as unknown as Argv<ServeArgs>,
  handler: async (argv) => {
    try {
      await serve(argv);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      // a failure of the machine rather than of the user: one line, exit 1
      process.stderr.write(`fusefault: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  },
};
export default command;
