// Decode errors: a request the codec cannot read. They are not errnos: the engine
// decides what to answer (fuser's RequestError keeps the same separation). Every
// failure to read a buffer is one of these, never a RangeError.

// Base class of every decode failure; `opcode` is set once the header was read.
export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(
    message: string,
    readonly opcode?: number,
  ) {
    super(message);
  }
}

// The buffer ends before a field the layout needs.
export class ShortReadError extends DecodeError {
  override name = 'ShortReadError';
  constructor(
    readonly what: string,
    readonly need: number,
    readonly have: number,
    opcode?: number,
  ) {
    super(`short read: ${what} needs ${need} bytes, ${have} left`, opcode);
  }
}

// A length field that contradicts the buffer (header.len, total_extlen, a count).
export class BadLengthError extends DecodeError {
  override name = 'BadLengthError';
}

// A name that is not NUL-terminated within the request.
export class BadNameError extends DecodeError {
  override name = 'BadNameError';
}
