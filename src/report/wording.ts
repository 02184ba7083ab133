import type { Finding } from '../model/index.js';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A finding's message as a sentence, then what to do about it: the text of a SARIF result or an annotation. */
export function messageWithHint(f: Finding): string {
  const sentence = /[.!?]$/.test(f.message) ? f.message : `${f.message}.`;
  return f.hint ? `${sentence}\n${f.hint}` : sentence;
}
