// ESLint flat config. `npm run lint` checks the whole tree (src, tests, bench, scripts, these configs); `npm test` runs it.
// Syntax-only typescript-eslint presets (no type information), so a run stays quick on a small machine:
// `npm run typecheck` is where the types are checked.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import codeImportPatterns from './eslint-rules/code-import-patterns.js';

// The version of the local plugin is its source's hash, so `npm run lint`'s cache is dropped when the rule changes.
const local = {
  meta: {
    name: 'local',
    version: createHash('sha256')
      .update(readFileSync(new URL('./eslint-rules/code-import-patterns.js', import.meta.url)))
      .digest('hex')
      .slice(0, 12),
  },
  rules: { 'code-import-patterns': codeImportPatterns },
};

// The layers, in the manner of VS Code's `code-import-patterns`: each relative import is resolved to its
// path from the repository root before it is matched, so `../../main/x` is caught wherever it is written.
// A Node built-in is `node:<name>` here whether or not it was written with the prefix.
const ELECTRON = ['electron', 'electron/**', 'electron-store', 'electron-store/**'];
const layers = [
  {
    target: 'src/shared/**',
    allow: ['zod', 'zod/**', 'src/shared/**'],
    reason: 'src/shared is the contract every side bundles: it imports only zod and itself.',
  },
  {
    target: 'src/main/core/**',
    deny: [...ELECTRON, 'src/main/**', '!src/main/core/**', 'src/renderer/**', 'src/preload/**'],
    reason: 'src/main/core is plain Node (tests, browser mode): no Electron, nothing of src/main outside core.',
  },
  {
    target: 'src/**',
    except: ['src/main/core/salesforce/**'],
    deny: ['jsforce', 'jsforce/**'],
    reason: 'jsforce stays behind the Salesforce gateway in src/main/core/salesforce.',
  },
  {
    target: 'src/renderer/**',
    deny: ['src/main/**', 'src/preload/**', 'src/emulator/**', 'node:*', 'node:*/**', ...ELECTRON],
    reason: 'The renderer is a sandboxed page: it reaches the app through window.atom and the shared contract only.',
  },
  {
    target: 'src/preload/**',
    allow: ['electron', 'src/shared/**', 'src/preload/**'],
    reason: 'The preload exposes named functions over IPC: electron and the shared contract only.',
  },
  {
    target: 'src/emulator/**',
    deny: ['src/main/**', 'src/renderer/**', 'src/preload/**', ...ELECTRON],
    reason: 'The emulator stands alone (its CLI, the Demo org, the tests): nothing of the app, no Electron.',
  },
];

export default defineConfig([
  globalIgnores(['dist/', 'out/', 'release/', 'test-results/', 'playwright-report/', '.data/']),
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local },
    rules: {
      'local/code-import-patterns': ['error', ...layers],
      // `_`-prefixed names are deliberately unused (callbacks' positional parameters, destructuring to omit).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/main/security/**', 'src/main/deep-links/**', 'src/emulator/soql/**'],
    // URL and deep-link validators and the SOQL lexer match control characters on purpose.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['tests/**'],
    rules: {
      // The conformance suites read raw JSON wire bodies, for which `any` is the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
      // vi.hoisted() factories run before the imports are bound, so they require() what they need.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // The two classic Rules of Hooks only. The preset's React Compiler rules are left out: the renderer is
    // not built with the compiler, they flag deliberate patterns (latest-callback refs, a ticking Date.now
    // clock), and running the compiler over every file was three quarters of the lint's time.
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Last, so it turns off every rule that would argue with Prettier.
  prettier,
]);
