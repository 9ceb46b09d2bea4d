// A DataView over a Buffer's memory, cached for the last ArrayBuffer seen.
// DataView's get/setBigUint64 are several times faster than Buffer's
// read/writeBigUInt64LE (which check ranges and build bigints in JS), and the
// engine reuses one read buffer while small reply bodies share Node's pool, so
// the cache almost always hits. Offsets given to the view include byteOffset.
let lastBuffer: ArrayBufferLike | undefined;
let lastView: DataView | undefined;

// The (cached) DataView over all of buf's ArrayBuffer; index it with buf.byteOffset + i.
export function viewOf(buf: Buffer): DataView {
  if (buf.buffer !== lastBuffer || lastView === undefined) {
    lastBuffer = buf.buffer;
    lastView = new DataView(buf.buffer);
  }
  return lastView;
}
