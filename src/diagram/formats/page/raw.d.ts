// html.ts inlines the page's script as text: `import text from './page/script.js?raw' with { type: 'text' }`
// (vitest reads `?raw`, esbuild reads `type: 'text'`); this tells tsc what such an import is.
declare module '*?raw' {
  const text: string;
  export default text;
}
