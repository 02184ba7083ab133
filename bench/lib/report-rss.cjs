// Preloaded into a measured Node process with NODE_OPTIONS=--require=<this file>.
// On exit it appends "<pid> <maxRSS KB>" to the file named by BENCH_RSS_FILE.
// maxRSS comes from getrusage(2): the kernel's high-water mark for the whole
// process (all threads), so nothing between samples can be missed.
'use strict';
const { appendFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const target = process.env.BENCH_RSS_FILE;
// Worker threads share the process (and its maxRSS); report once, from the main thread.
if (target && isMainThread) {
  process.on('exit', () => {
    appendFileSync(target, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
  });
}
