import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/main/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/main/index.js')>()),
  runCheck: () => {
    throw new TypeError('boom in the engine');
  },
}));

const { run } = await import('../../src/cli/program.js');

async function invoke(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('internal errors', () => {
  it('exit 3 with a one-line message and no stack trace', async () => {
    const { code, stderr } = await invoke(['check']);
    expect(code).toBe(3);
    expect(stderr).toBe('cn-guard: internal error: boom in the engine\nRun again with --debug for the stack trace, and please report it.\n');
  });

  it('print the stack with --debug', async () => {
    const { code, stderr } = await invoke(['check', '--debug']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^cn-guard: internal error: boom in the engine\nTypeError: boom in the engine\n {4}at /);
  });
});

describe('usage', () => {
  it('--version and --help exit 0', async () => {
    expect(await invoke(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(await invoke(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: cn-guard') });
  });
});
