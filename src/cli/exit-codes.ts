/** Exit codes of spec §3. */
export const enum ExitCode {
  Ok = 0,
  Findings = 1,
  ConfigOrUsage = 2,
  Internal = 3,
}
