import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UsageError } from '../model/index.js';
import { checkWritable } from './write.js';

export interface LockOptions {
  /** How long to wait for another run to finish (default one minute). */
  timeoutMs?: number;
  /** A lock older than this whose holder cannot be asked (another machine) is taken over (default ten minutes). */
  staleMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `pid host time`, for the next run to tell a live holder from a dead one. */
const holderLine = () => `${process.pid} ${hostname()} ${new Date().toISOString()}\n`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock's holder is gone: a dead process on this machine, or a lock older than `staleMs`. */
function isStale(path: string, text: string, staleMs: number): boolean {
  const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  // Its creator writes the holder line at once: an empty lock that stays empty was left by a killed run.
  if (text === '') return age > EMPTY_STALE_MS;
  const [pid, host] = text.split(' ');
  if (host === hostname() && Number(pid) > 0) return !isAlive(Number(pid));
  return age > staleMs;
}

const EMPTY_STALE_MS = 5_000;

/** The holder line of a lock, or undefined once it is gone. */
function readHolder(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the lock with this run's holder line; undefined when someone holds it. */
function tryCreate(path: string): string | undefined {
  const holder = holderLine();
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, holder);
    closeSync(fd);
    return holder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
}

/**
 * Takes a stale lock away under a second lock, so that two runs that both found it stale cannot
 * both remove it — the second would remove the first's fresh lock. Whether it is still the same
 * stale lock is asked again under that second lock. True when it was removed.
 */
function breakStale(path: string, seen: string, staleMs: number): boolean {
  const breaker = `${path}.break`;
  const mine = tryCreate(breaker);
  if (mine === undefined) {
    const other = readHolder(breaker);
    if (other !== undefined && isStale(breaker, other, Math.min(staleMs, 30_000))) removeQuietly(breaker);
    return false;
  }
  try {
    if (readHolder(path) !== seen || !isStale(path, seen, staleMs)) return false;
    removeQuietly(path);
    return true;
  } finally {
    removeQuietly(breaker);
  }
}

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, so one run at a time on
 * any local file system), for what several runs read, change and write back: the Beads inbox,
 * the contract lock, and bd itself (concurrent bd processes on one workspace corrupt it). A killed
 * holder's lock is taken over; a live holder is waited for, then the run stops with a clear error.
 */
export async function withFileLock<T>(root: string, path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const absolute = checkWritable(root, path);
  mkdirSync(dirname(absolute), { recursive: true });
  const { timeoutMs = 60_000, staleMs = 600_000 } = options;
  const deadline = Date.now() + timeoutMs;
  let mine: string | undefined;
  for (let wait = 5; (mine = tryCreate(absolute)) === undefined; wait = Math.min(wait * 2, 200)) {
    const holder = readHolder(absolute);
    // Released in between, or taken over from a dead holder: try again at once.
    if (holder === undefined || (isStale(absolute, holder, staleMs) && breakStale(absolute, holder, staleMs))) continue;
    if (Date.now() > deadline) {
      const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      throw new UsageError(`${path} is locked by another run (${holder.trim() || 'unknown holder'}) for over ${waited}; if no cn-guard is running, remove it`);
    }
    await sleep(wait + Math.random() * wait);
  }
  try {
    return await work();
  } finally {
    // Taken over as stale (another machine, after staleMs) is no longer ours to remove.
    if (readHolder(absolute) === mine) removeQuietly(absolute);
  }
}
