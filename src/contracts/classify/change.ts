/**
 * One classified change of a contract (docs/contracts.md, "Breaking changes"): a stable id, a
 * level — `error` breaks consumers, `warning` may, `info` does not — the direction of the data
 * it concerns, where it is, and a sentence.
 */
export interface ContractChange {
  id: string;
  level: 'error' | 'warning' | 'info';
  /** What consumers do with the data: send it (input), receive it (output), or both; none for a removed operation or export. */
  flow: Flow | null;
  /** Where: `GET /users/{id} 200 application/json /email`, or an export's name. */
  at: string;
  message: string;
}

export type Flow = 'input' | 'output' | 'both';

export interface ChangeSink {
  add(change: ContractChange): void;
}

/**
 * The level of a narrowing or a widening for data that flows one way: what consumers send breaks
 * when it is narrowed (they may send what is no longer accepted), what they receive breaks when
 * it is widened (they may receive what they do not handle).
 */
export function level(flow: Flow, change: 'narrowed' | 'widened'): ContractChange['level'] {
  if (flow === 'both') return 'error';
  return (flow === 'input') === (change === 'narrowed') ? 'error' : 'info';
}

/** Changes collected in order, each once. */
export function collector(): ChangeSink & { changes: ContractChange[] } {
  const seen = new Set<string>();
  const changes: ContractChange[] = [];
  return {
    changes,
    add(change) {
      const key = `${change.id}\0${change.at}\0${change.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      changes.push(change);
    },
  };
}
