import { parse } from 'yaml';

/** yaml.ts for a bundle that carries its dependencies (the GitHub Action): the parser is inside it. */
export const parseYaml = (text: string): unknown => parse(text);
