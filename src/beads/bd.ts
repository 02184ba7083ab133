import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** How long one bd call may take before it is stopped and reported (a Dolt server that never answers). */
export const BD_TIMEOUT_MS = 30_000;

/** bd on PATH, if any: found the way a shell finds it, without a shell. */
export function findBd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['bd.exe', 'bd.cmd', 'bd'] : ['bd'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      // A relative PATH entry means the folder cn-guard runs in, not the one bd will run in.
      const path = resolve(dir, name);
      try {
        if (!statSync(path).isFile()) continue;
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // Not there, or not executable: the next folder.
      }
    }
  }
  return undefined;
}

/** A bd call that failed, timed out or answered with something that is not its JSON. */
export class BdError extends Error {
  override name = 'BdError';
}

export interface Bd {
  path: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const firstLine = (text: string) => text.trim().split('\n', 1)[0]?.slice(0, 300) ?? '';

/** bd's error object (`{"error": …, "hint"?: …}`) as one sentence, wherever bd printed it. */
function errorIn(...outputs: string[]): string | undefined {
  for (const output of outputs) {
    try {
      const value = JSON.parse(output) as { error?: unknown; hint?: unknown };
      if (typeof value?.error === 'string') return typeof value.hint === 'string' ? `${value.error} (${value.hint})` : value.error;
    } catch {
      // Not JSON: the text itself is the message.
    }
  }
  return undefined;
}

/**
 * Runs `bd --json <args>` in a project's folder (argument arrays, never a shell) and returns its
 * payload: bd ≥ 1.0.3's `{schema_version, data}` envelope is unwrapped, a bare array or object
 * taken as it is. `BEADS_DIR` names the project's own `.beads/`, so that no other one answers.
 */
export function runBd(bd: Bd, cwd: string, args: string[]): Promise<unknown> {
  const env = { ...(bd.env ?? process.env), BEADS_DIR: join(cwd, '.beads') };
  // `bd ship auth-v1`, `bd update x-1`, `bd create`: the command and its subject, never free text.
  const command = `bd ${args[0]}${args[1] !== undefined && !args[1].startsWith('-') ? ` ${args[1].slice(0, 80)}` : ''}`;
  return new Promise((resolve, reject) => {
    execFile(
      bd.path,
      [...args, '--json'],
      { cwd, env, timeout: bd.timeoutMs ?? BD_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 512 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const killed = (error as { killed?: boolean }).killed === true || (error as { signal?: string }).signal === 'SIGKILL';
          if (killed) return reject(new BdError(`${command} did not answer within ${Math.round((bd.timeoutMs ?? BD_TIMEOUT_MS) / 1000)} s and was stopped`));
          const why = errorIn(stderr, stdout) ?? (firstLine(stderr) || firstLine(stdout) || error.message);
          return reject(new BdError(`${command} failed: ${why}`));
        }
        let value: unknown;
        try {
          value = JSON.parse(stdout);
        } catch {
          return reject(new BdError(`${command} printed something that is not JSON: "${firstLine(stdout)}"`));
        }
        const envelope = value as { schema_version?: unknown; data?: unknown } | null;
        resolve(
          envelope !== null && typeof envelope === 'object' && !Array.isArray(envelope) && 'data' in envelope && 'schema_version' in envelope
            ? envelope.data
            : value,
        );
      },
    );
  });
}
