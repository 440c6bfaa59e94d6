// Loaded into a server under test (`NODE_OPTIONS=--import=<this file>`, bench/memory-load.ts):
// writes where its memory is (process.memoryUsage and V8's heap by space) to MEMORY_PROBE_FILE
// every 200 ms, so that the bench can tell what the heap held at the moment of peak RSS. Costs
// both servers of an A/B alike (a few microseconds, 5 times a second).
import fs from 'node:fs';
import v8 from 'node:v8';

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const write = () => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, spaces }));
    fs.renameSync(`${file}.tmp`, file);
  };
  setInterval(write, 200).unref();
}
