// What the reader process (reader.ts) and the server agree on: its exit codes.

/** exit code of the reader when the device read failed with ENODEV: unmounted or aborted */
export const READER_EXIT_UNMOUNTED = 0;
/** exit code when the read failed with ECONNABORTED: aborted, with FUSE_ABORT_ERROR negotiated */
export const READER_EXIT_ABORTED = 3;
