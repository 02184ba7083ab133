/** Exit codes of docs/output.md. */
export const enum ExitCode {
  Ok = 0,
  Findings = 1,
  ConfigOrUsage = 2,
  Internal = 3,
}
