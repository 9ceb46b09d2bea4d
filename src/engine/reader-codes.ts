// Why the device reader (device-reader.ts) stopped reading, as it tells the backend.

/** the device read failed with ENODEV (unmounted or aborted), or the reader was closed */
export const READER_EXIT_UNMOUNTED = 0;
/** the read failed with ECONNABORTED: aborted, with FUSE_ABORT_ERROR negotiated */
export const READER_EXIT_ABORTED = 3;
