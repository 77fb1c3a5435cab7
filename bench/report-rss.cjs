// Preloaded into a measured child (node -r) when /usr/bin/time is missing:
// reports the process's peak RSS and CPU time on stderr as it exits.
'use strict';
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuUs = usage.userCPUTime + usage.systemCPUTime;
  require('node:fs').writeSync(2, `\nBENCH_MAX_RSS_KB=${usage.maxRSS}\nBENCH_CPU_US=${cpuUs}\n`);
});
