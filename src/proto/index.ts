// The FUSE wire codec in one import: constants, types, decodeRequest, reply
// encoders, decode errors and describeRequest. Bytes only: no I/O, no timers.
export * from './constants.js';
export * from './types.js';
export * from './errors.js';
export { decodeRequest } from './request.js';
export * from './reply.js';
export { decodeInHeader } from './header.js';
export { describeRequest } from './describe.js';
