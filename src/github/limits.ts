import { thousands } from '../model/index.js';
/** What GitHub accepts (REST docs: issue comments, check runs); more is refused with a 422, or dropped. */
export const LIMITS = {
  commentBody: 65_536,
  checkSummary: 65_535,
  annotationsPerRequest: 50,
  /** Ours, not GitHub's: each batch of 50 is a write, and GitHub asks for a second between writes. */
  annotationsPerRun: 1_000,
} as const;

/**
 * `text` cut to at most `max` UTF-16 code units (GitHub counts characters, which are never more),
 * saying so at the end. A cut never splits a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `\n\n… (cut: GitHub accepts at most ${thousands(max)} characters here)`;
  let end = Math.max(0, max - note.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + note;
}
