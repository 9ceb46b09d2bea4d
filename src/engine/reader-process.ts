// The server's side of the reader process: starts it, re-frames the byte stream
// into requests (each starts with fuse_in_header, whose first u32 is the total
// length), and stops/continues it with SIGSTOP/SIGCONT.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// sizeof(struct fuse_in_header)
const IN_HEADER_SIZE = 40;
const READER_JS = fileURLToPath(new URL('./reader.js', import.meta.url));

/** Task state letter of PID from /proc/PID/stat (R S D T t Z ...), undefined once reaped. */
export function taskState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/**
 * Where a stopped reader stands: 'reading' in its read(2) of the device (fd 3),
 * holding no request (a stop there leaves the queue alone: the wait restarts
 * after SIGCONT); 'writing' one request it read to the server (fd 1): that
 * request, read before the stop, arrives after resume; 'unknown' elsewhere.
 */
export type ReaderPlace = 'reading' | 'writing' | 'unknown';

/** Reads /proc/PID/syscall: the syscall a stopped task is in, with its fd. */
export function readerPlace(pid: number): ReaderPlace {
  try {
    const [nr, fd] = readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ');
    if (nr === '0' && fd === '0x3') return 'reading';
    if (nr === '1' && fd === '0x1') return 'writing';
  } catch {
    // gone
  }
  return 'unknown';
}

export interface ReaderProcessEvents {
  request: [Buffer];
  exit: [number | null, NodeJS.Signals | null];
}

/** One reader process for one /dev/fuse fd; emits 'request' per request and 'exit' once. */
export class ReaderProcess extends EventEmitter<ReaderProcessEvents> {
  readonly pid: number;
  private readonly child: ChildProcess;
  private chunks: Buffer[] = [];
  private have = 0;

  constructor({ devFd }: { devFd: number }) {
    super();
    // pdeathsig: the reader holds a copy of the device fd; were it to outlive the
    // server, the connection would stay up with nobody answering (the kernel aborts
    // only when the last device fd goes: fuse_dev_release)
    this.child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', process.execPath, READER_JS], {
      stdio: ['ignore', 'pipe', 'inherit', devFd],
    });
    if (this.child.pid === undefined) throw new Error('cannot start the /dev/fuse reader');
    this.pid = this.child.pid;
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    // 'close' comes after stdout ended: every request the reader wrote was emitted
    this.child.on('close', (code, signal) => this.emit('exit', code, signal));
  }

  /**
   * SIGSTOPs the reader and resolves once it is stopped ('T'): it reads nothing
   * more. CANCELLED says a resume came first (a SIGCONT may beat the stop).
   * Resolves with where the reader stopped (see readerPlace).
   */
  async stop(cancelled: () => boolean = () => false): Promise<ReaderPlace> {
    this.child.kill('SIGSTOP');
    for (;;) {
      const s = taskState(this.pid);
      if (s === 'T') return readerPlace(this.pid);
      if (s === undefined || s === 'Z' || s === 'X' || cancelled()) return 'unknown';
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Lets a stopped reader go on reading. */
  resume(): void {
    this.child.kill('SIGCONT');
  }

  /** Ends the reader (SIGKILL, after a SIGCONT so a stopped one dies at once). */
  kill(): void {
    this.child.kill('SIGKILL');
    this.child.kill('SIGCONT');
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.have += chunk.length;
    for (;;) {
      if (this.have < 4) return;
      let head = this.chunks[0] as Buffer;
      if (head.length < 4) head = this.flatten();
      const len = head.readUInt32LE(0);
      if (len < IN_HEADER_SIZE) {
        // not a request: the stream is out of step and nothing after it can be trusted
        this.kill();
        return;
      }
      if (this.have < len) return;
      if (head.length < len) head = this.flatten();
      const req = head.subarray(0, len);
      const rest = head.subarray(len);
      this.chunks.shift();
      if (rest.length) this.chunks.unshift(rest);
      this.have -= len;
      this.emit('request', req);
    }
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.have);
    this.chunks = [all];
    return all;
  }
}
