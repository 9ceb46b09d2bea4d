// Reading /dev/fuse on the server's own event loop: the device fd is watched
// with epoll (libuv's stream machinery on a pipe handle opened on the fd) and
// read only when the kernel says a request is queued (fuse_dev_poll). So no
// thread ever sleeps inside fuse_dev_do_read, and `stop` is real without a
// second process: while stopped the fd is not watched and not read, and every
// new request stays on the kernel's pending queue, where a fatal signal to its
// caller can still withdraw it (request_wait_answer) and no INTERRUPT is sent.
// One read(2) returns one whole request (fuse_dev_do_read), so no framing.
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { MAX_WRITE } from './init.js';
import { READER_EXIT_ABORTED, READER_EXIT_UNMOUNTED } from './reader-codes.js';

/**
 * The size a /dev/fuse read needs: the kernel refuses reads smaller than
 * max_write + headers, and never smaller than FUSE_MIN_READ_BUFFER
 * (fuse_dev_do_read: -EINVAL): max_write and one page.
 */
export const READ_BUFFER_SIZE = MAX_WRITE + 4096;

interface PipeHandle {
  open(fd: number): number;
}
interface PipeWrap {
  Pipe: new (type: number) => PipeHandle;
  constants: { SOCKET: number };
}

// node:net takes an fd only for pipes and sockets (guessHandleType says FILE for
// a character device), so the pipe handle is made here: uv_pipe_open does not
// look at the fd's type, makes it non-blocking and reads it with read(2) when
// epoll reports it readable. process.binding('pipe_wrap') is on the list node
// keeps for compatibility (DEP0111 is documentation-only).
function pipeOn(fd: number): PipeHandle {
  const binding = (process as unknown as { binding(name: string): PipeWrap }).binding('pipe_wrap');
  const pipe = new binding.Pipe(binding.constants.SOCKET);
  const err = pipe.open(fd);
  if (err) throw new Error(`cannot watch the /dev/fuse fd ${fd} (libuv error ${err})`);
  return pipe;
}

export interface DeviceReaderEvents {
  /** one request; the buffer is reused after the listener returns: copy what you keep */
  request: [Buffer];
  /** the device read failed: READER_EXIT_UNMOUNTED or READER_EXIT_ABORTED, 1 otherwise */
  exit: [number];
}

/**
 * The reader of one /dev/fuse fd. It takes the fd over: close() closes it, and
 * nobody else may (libuv keeps it in its epoll set until then).
 */
export class DeviceReader extends EventEmitter<DeviceReaderEvents> {
  private readonly socket: Socket;
  private ended = false;

  constructor({ devFd }: { devFd: number }) {
    super();
    const buffer = Buffer.allocUnsafe(READ_BUFFER_SIZE);
    this.socket = new Socket({
      handle: pipeOn(devFd),
      readable: true,
      writable: false,
      onread: {
        buffer,
        callback: (n: number, buf: Uint8Array) => {
          this.emit('request', Buffer.from(buf.buffer, buf.byteOffset, n));
        },
      },
    } as ConstructorParameters<typeof Socket>[0]);
    this.socket.on('error', (err: NodeJS.ErrnoException) => {
      // ENODEV: unmounted or aborted; ECONNABORTED only for an abort when the
      // server negotiated FUSE_ABORT_ERROR (fc->abort_err), which we do not
      const code =
        err.code === 'ENODEV'
          ? READER_EXIT_UNMOUNTED
          : err.code === 'ECONNABORTED'
            ? READER_EXIT_ABORTED
            : 1;
      this.end(code);
    });
    // read(2) returning 0: not something /dev/fuse does, but it ends reading all the same
    this.socket.on('end', () => this.end(READER_EXIT_UNMOUNTED));
  }

  /** Stops reading at once: nothing is read from the device until resume. */
  stop(): void {
    this.socket.pause();
  }

  /** Reads again. */
  resume(): void {
    if (!this.ended) this.socket.resume();
  }

  /** Stops reading for good and closes the device fd. */
  close(): void {
    this.socket.destroy();
    this.end(READER_EXIT_UNMOUNTED);
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    this.emit('exit', code);
  }
}
