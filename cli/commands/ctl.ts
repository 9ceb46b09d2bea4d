// `fusefault ctl <socket> <command> [args..]`: Talk to a running serve over its control socket.
import type { Argv, CommandModule } from 'yargs';
import { oneLine, UsageError } from '../../src/errors.js';
import { insidePath } from '../../src/backends/raw/hold.js';
import { positiveNumber } from '../check.js';
import { ctlEvents, ctlRequest } from '../../src/control/client.js';
import { formatRule, formatRules, formatStatus } from '../../src/control/format.js';
import { CTL_COMMANDS, type CtlReply, type CtlRequest } from '../../src/control/protocol.js';
import { parseFaultSpec } from '../../src/faults/spec.js';
import { traceLine } from '../../src/trace/trace.js';

interface CtlArgs {
  socket: string;
  command: string;
  args: string[];
  json: boolean;
  timeout?: number;
  create: boolean;
}

const USAGE: Record<string, string> = {
  add: 'add SPEC',
  remove: 'remove ID',
  release: 'release [ID]',
  open: 'open PATH [r|w|rw] [--create]',
};

// setTimeout takes at most 2^31-1 ms; a longer wait would fire at once.
const MAX_TIMEOUT_S = Math.floor(0x7fffffff / 1000);

// Turns the words after SOCKET into a request; wrong words are usage errors
// (exit 2), found here, before anything is sent.
function toRequest(command: string, args: string[], create = false): CtlRequest {
  if (create && command !== 'open') throw new UsageError('--create goes with open only');
  const want = (n: number, max = n) => {
    if (args.length < n || args.length > max)
      throw new UsageError(`usage: fusefault ctl SOCKET ${USAGE[command] ?? command}`);
  };
  const ruleId = (text: string) => {
    if (!/^[1-9]\d*$/.test(text))
      throw new UsageError(`'${text}' is not a rule id (a positive integer)`);
    return Number(text);
  };
  switch (command) {
    case 'add':
      want(1);
      // the server would refuse it too (exit 1); parsed here it is a usage error
      parseFaultSpec(args[0]!);
      return { cmd: 'add', spec: args[0]! };
    case 'remove':
      want(1);
      return { cmd: 'remove', rule: ruleId(args[0]!) };
    case 'release':
      want(0, 1);
      return args[0] === undefined ? { cmd: 'release' } : { cmd: 'release', rule: ruleId(args[0]) };
    case 'open': {
      want(1, 2);
      const flags = args[1] ?? 'r';
      if (flags !== 'r' && flags !== 'w' && flags !== 'rw')
        throw new UsageError(`open flags must be r, w or rw, not '${flags}'`);
      insidePath(args[0]!);
      return create
        ? { cmd: 'open', path: args[0]!, flags, create }
        : { cmd: 'open', path: args[0]!, flags };
    }
    case 'list':
    case 'clear':
    case 'stop':
    case 'resume':
    case 'status':
    case 'events':
      want(0);
      return { cmd: command };
    default:
      throw new UsageError(`unknown ctl command '${command}' (known: ${CTL_COMMANDS.join(', ')})`);
  }
}

function describe(req: CtlRequest, reply: CtlReply & { ok: true }): string {
  switch (req.cmd) {
    case 'add':
      return reply.rule ? formatRule(reply.rule) : 'added';
    case 'list':
      return formatRules(reply.rules ?? []);
    case 'remove':
      return `removed rule ${req.rule}`;
    case 'clear':
      return `removed ${reply.removed ?? 0} rule(s), released every held request`;
    case 'release':
      return req.rule === undefined ? 'released every held request' : `released rule ${req.rule}`;
    case 'stop':
      return 'stopped: no longer reading /dev/fuse';
    case 'resume':
      return 'resumed';
    case 'status':
      return reply.status ? formatStatus(reply.status) : 'no status';
    case 'open':
      return `holding ${req.path} open as fd ${reply.fd}`;
    case 'events':
      return '';
  }
}

// Streams events as trace lines until Ctrl-C or until the server goes away.
async function streamEvents(socket: string): Promise<void> {
  const stream = ctlEvents(socket, (ev) => process.stdout.write(traceLine(ev)));
  const stop = () => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await stream.ready;
    await stream.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function handler(argv: CtlArgs): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // A refused stream, a timeout or a dropped connection: one line, exit 1.
    process.stderr.write(`fusefault: ${oneLine((err as Error).message)}\n`);
    process.exitCode = 1;
  }
}

async function run(argv: CtlArgs): Promise<void> {
  const req = toRequest(argv.command, argv.args.map(String), argv.create);
  if (req.cmd === 'events') return streamEvents(argv.socket);
  const reply = await ctlRequest(argv.socket, req, { timeoutMs: (argv.timeout ?? 10) * 1000 });
  if (argv.json) process.stdout.write(JSON.stringify(reply) + '\n');
  if (!reply.ok) {
    process.stderr.write(`fusefault: ${oneLine(String(reply.error))}\n`);
    process.exitCode = 1;
  } else if (!argv.json) process.stdout.write(describe(req, reply) + '\n');
}

const command: CommandModule<object, CtlArgs> = {
  command: 'ctl <socket> <command> [args..]',
  describe: 'Talk to a running serve over its control socket',
  builder: (y: Argv) =>
    y
      .positional('socket', { type: 'string', describe: 'the control socket (serve --control)' })
      .positional('command', {
        type: 'string',
        describe: `one of: add SPEC, list, remove ID, clear, release [ID], stop, resume, status, events, open PATH [r|w|rw] [--create]`,
      })
      .positional('args', {
        type: 'string',
        array: true,
        default: [],
        describe: 'SPEC, ID or PATH [r|w|rw]',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the raw JSON reply' })
      .option('timeout', {
        type: 'string',
        coerce: positiveNumber('timeout', MAX_TIMEOUT_S),
        describe: 'seconds to wait for a reply (default: 10)',
      })
      .option('create', {
        type: 'boolean',
        default: false,
        describe: 'open: create the file when it is missing (a symlink is refused either way)',
      })
      .example('$0 ctl ff.sock add flush:stall', 'stall every FLUSH from now on')
      .example('$0 ctl ff.sock open /held rw --create', 'hold /held open, created if missing')
      .example('$0 ctl ff.sock release 1', 'answer the FLUSHes held by rule 1')
      .example(
        '$0 ctl ff.sock events',
        'stream trace events until Ctrl-C',
      ) as unknown as Argv<CtlArgs>,
  handler,
};
export default command;
