import t from 'tap';
import { parsePerfReport } from '../../bench/perf-profile.js';

// `perf report --stdio --no-children --sort dso,sym -g none` of a raw engine
// server under the stat loop (cut), as perf 6.1 prints it
const REPORT = `# Samples: 14K of event 'cpu-clock:ppp'
#
# Overhead  Shared Object        Symbol
# ........  ...................  ......
#
    51.03%  [kernel.kallsyms]    [k] pvm_irq_enable
     3.99%  libc.so.6            [.] epoll_pwait
     2.88%  node                 [.] v8::internal::(anonymous namespace)::Invoke
     1.12%  [kernel.kallsyms]    [k] fuse_dev_do_read
     0.80%  [JIT] tid 2876       [.] JS:*onBytes file:///x/dist/src/engine/engine.js:82:12
     0.40%  [unknown]            [.] 0x00007f0c2a1b3c40
     0.30%  libfuse3.so.3.14.0   [.] fuse_session_receive_buf_int
     0.20%  ref-server-5a3aad12  [.] ll_getattr
     0.10%  [vdso]               [.] __vdso_clock_gettime

`;

t.test('perf samples are grouped by where they fell, the kernel top symbols first', async (t) => {
  const s = parsePerfReport(REPORT, 2);
  t.same(
    [...s.places].map(([p, v]) => [p, Number(v.toFixed(2))]),
    [
      ['kernel', 52.15],
      ['libc, libstdc++', 3.99],
      ['node (V8, libuv, node C++)', 2.88],
      ['JavaScript (JIT code)', 1.2],
      ['libfuse', 0.3],
      ['C server code', 0.2],
      ['other', 0.1],
    ],
  );
  t.same(s.kernelTop, [
    { sym: 'pvm_irq_enable', pct: 51.03 },
    { sym: 'fuse_dev_do_read', pct: 1.12 },
  ]);
});

t.test('a report with no sample lines gives nothing, not a made-up split', async (t) => {
  const s = parsePerfReport('# Samples: 0\n#\n', 5);
  t.equal(s.places.size, 0);
  t.same(s.kernelTop, []);
});
