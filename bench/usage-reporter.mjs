// Preloaded with `node --import` into each measured child: when the child exits, it writes its
// own resource usage (peak memory in KiB, CPU time in microseconds) as JSON to the file that
// BENCH_USAGE_FILE names. Unlike `/usr/bin/time -v`, this works wherever Node.js does.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
  });
}
