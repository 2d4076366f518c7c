// ESLint flat config: typescript-eslint with type information, so floating promises are errors; imports point
// down the flow only (see ARCHITECTURE.md) and never in a circle.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The order a line travels, then the wiring. A file may import from its own layer and the ones before it,
 * never from one after it: `memory` (helpers anyone may use) comes first, the wiring (CLI, options, I/O around
 * the engine) last.
 */
const FLOW = [
  ['src/memory'],
  ['src/input'],
  ['src/parse'],
  ['src/correlate'],
  ['src/classify'],
  ['src/watch'],
  ['src/otel'],
  ['src/engine.ts'],
  ['src/sinks'],
  ['src/pipeline.ts', 'src/main.ts', 'src/config.ts', 'src/progress.ts'],
];
const zones = FLOW.slice(0, -1).flatMap((layer, i) => layer.map((target) => ({
  target: `./${target}`,
  from: FLOW.slice(i + 1).flat().map((p) => `./${p}`),
  message: `${target} comes before these in the flow (ARCHITECTURE.md); pass what it needs in instead`,
})));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'coverage/**', 'examples/**', 'collector-config/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Export names explicitly.' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'error',
      'import-x/no-unresolved': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
