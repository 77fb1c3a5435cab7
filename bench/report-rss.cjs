// Preloaded into a measured child (node -r) when /usr/bin/time is missing:
// reports the process's peak RSS on stderr as it exits.
'use strict';
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
