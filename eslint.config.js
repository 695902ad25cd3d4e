// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The architecture, written down (see the design doc's "Rules of the house"):
// - src/engine is pure: no app/ or cli/, no React or UI packages, no Node built-ins,
//   no clocks, timers, network or ambient randomness (time and randomness are passed in).
// - src/app and src/cli reach the engine only through src/engine/index.ts.
// - no `.only` left in tests.

/** `.only` in Vitest, Playwright and fast-check style tests. */
const noOnlyProperties = ['describe', 'it', 'test', 'suite', 'bench'].map((object) => ({
  object,
  property: 'only',
  message: 'Remove .only before committing: it silently skips every other test.',
}));
const noOnlySyntax = [
  {
    selector: "MemberExpression[property.name='only'][object.property.name='describe']",
    message: 'Remove .only before committing: it silently skips every other test.',
  },
];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const uiPackages = [
  'react',
  'react-dom',
  'react/*',
  'react-dom/*',
  '@xyflow/*',
  'zustand',
  'zustand/*',
  'monaco-editor',
  'monaco-editor/*',
  '@monaco-editor/*',
  'monaco-yaml',
];

/** From src/app or src/cli: `../engine` or `../engine/index.js` only, no deeper. */
const engineDeepImport = {
  regex: String.raw`^(\.\.?/)+engine/(?!index(\.[jt]s)?$)`,
  message: 'Import the engine through src/engine/index.ts only (e.g. "../engine/index.js").',
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-cli/',
      'node_modules/',
      'coverage/',
      'playwright-report/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-properties': ['error', ...noOnlyProperties],
      'no-restricted-syntax': ['error', ...noOnlySyntax],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Node-side files: the command, tests, benchmarks, tool configs.
    files: [
      'bin/**',
      'scripts/**',
      'src/cli/**',
      'test/**',
      'bench/**',
      'e2e/**',
      '**/*.test.ts',
      '*.config.{js,ts}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/engine/**'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The engine runs in a browser worker and in Node: no Node built-ins.',
            })),
          ],
          patterns: [
            {
              regex: String.raw`^(\.\./)+(app|cli)(/|$)`,
              message: 'The engine imports nothing from src/app or src/cli.',
            },
            {
              group: uiPackages,
              message: 'The engine has no UI: no React, React Flow, zustand or Monaco.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'setTimeout',
          'setInterval',
          'setImmediate',
          'clearTimeout',
          'clearInterval',
          'requestAnimationFrame',
          'queueMicrotask',
        ].map((name) => ({
          name,
          message: 'No real timers in the engine: use the simulated clock.',
        })),
        ...['fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
          name,
          message: 'The engine does no I/O: the caller passes the data in.',
        })),
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'self',
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
        ].map((name) => ({
          name,
          message: 'The engine is pure TypeScript: no DOM, no Node globals.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        ...noOnlyProperties,
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator passed down (deterministic results).',
        },
        {
          object: 'Date',
          property: 'now',
          message: 'Use the simulated clock passed down (deterministic results).',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'Use the simulated clock passed down (deterministic results).',
        },
        {
          object: 'crypto',
          property: 'getRandomValues',
          message: 'Use the seeded generator passed down (deterministic results).',
        },
        {
          object: 'crypto',
          property: 'randomUUID',
          message: 'Use the seeded generator passed down (deterministic results).',
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...noOnlySyntax,
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the real clock: use the simulated clock passed down.',
        },
      ],
    },
  },
  {
    files: ['src/app/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The page runs in a browser: no Node built-ins.',
          })),
          patterns: [
            engineDeepImport,
            {
              regex: String.raw`^(\.\./)+cli(/|$)`,
              message: 'The page does not import the command.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            engineDeepImport,
            {
              regex: String.raw`^(\.\./)+app(/|$)`,
              message: 'The command does not import the page.',
            },
            {
              group: uiPackages,
              message: 'The command must not pull in React, React Flow, zustand or Monaco.',
            },
          ],
        },
      ],
    },
  },
);
