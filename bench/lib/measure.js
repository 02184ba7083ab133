// Runs one Node child process and measures it: wall time around the child's
// whole life (spawn to exit, so start-up counts, as a user would feel it) and
// peak RSS as reported by the report-rss.cjs preload from inside the child.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./report-rss.cjs', import.meta.url));
const STDERR_LIMIT = 64 * 1024;

/**
 * @param {{script: string, args: string[], cwd: string, stdoutFile: string, rssFile: string, env?: Record<string, string>}} run
 *   stdout goes straight to `stdoutFile` (reports can be tens of MB; piping
 *   them into this process would add to the measured wall time).
 * @returns {Promise<{exitCode: number|null, signal: string|null, wallMs: number, peakRssMb: number|null,
 *   otherProcesses: {pid: number, peakRssMb: number}[], stderr: string}>}
 */
export async function measure({ script, args, cwd, stdoutFile, rssFile, env: extraEnv = {} }) {
  rmSync(rssFile, { force: true });
  const stdout = openSync(stdoutFile, 'w');
  const env = {
    ...process.env,
    ...extraEnv,
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(PRELOAD)}`].filter(Boolean).join(' '),
  };
  let stderr = '';
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', stdout, 'pipe'] });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  // 'exit' ends the timing; 'close' comes once stderr is drained too.
  const closed = new Promise((resolve) => child.on('close', resolve));
  const { exitCode, signal, ended } = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ exitCode: code, signal: sig, ended: process.hrtime.bigint() }));
  });
  await closed;
  closeSync(stdout);

  const rss = readRss(rssFile);
  const own = rss.find((r) => r.pid === child.pid);
  return {
    exitCode,
    signal,
    wallMs: Number(ended - started) / 1e6,
    peakRssMb: own ? own.peakRssMb : null,
    // Node processes the tool itself spawned (the preload is inherited through NODE_OPTIONS).
    otherProcesses: rss.filter((r) => r !== own),
    stderr,
  };
}

function readRss(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, kb] = line.split(' ').map(Number);
      return { pid, peakRssMb: kb / 1024 };
    });
}
