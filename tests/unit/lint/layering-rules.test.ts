/**
 * The layering rules of eslint.config.js (`local/code-import-patterns`), proved on snippets linted at
 * virtual paths through ESLint's Node API with the project's own config: each forbidden import is
 * reported, and the imports each layer is meant to use are not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const RULE = 'local/code-import-patterns';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layering errors ESLint reports for `code` as if it were the file at `file` (from the repository root). */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

type Case = [file: string, code: string];
const use = 'void x;';

function expectForbidden(cases: Case[]) {
  it.each(cases)('%s: %s is reported', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });
}

function expectAllowed(cases: Case[]) {
  it.each(cases)('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
}

describe('the report', () => {
  it('names the import, the layer and the reason', async () => {
    const [message] = await layeringErrors('src/main/core/cache/example.ts', `import { app } from 'electron'; void app;`);
    expect(message).toContain("'electron' may not be imported from src/main/core/**");
    expect(message).toContain('plain Node');
  });

  it('an allow-list names what the layer may import', async () => {
    const [message] = await layeringErrors('src/preload/index.ts', `import { z } from 'zod'; void z;`);
    expect(message).toContain("'zod' is outside what src/preload/** may import (electron, src/shared/**, src/preload/**)");
  });
});

describe('src/shared imports only zod and itself', () => {
  const file = 'src/shared/ipc/example.ts';
  expectForbidden([
    [file, `import x from 'node:fs'; ${use}`],
    [file, `import x from 'path'; ${use}`],
    [file, `import x from 'react'; ${use}`],
    [file, `import { x } from '../../main/core/errors'; ${use}`],
    [file, `export * from '../../renderer/src/lib/api';`],
    [file, `import type { X } from '../../emulator'; export type Y = X;`],
  ]);
  expectAllowed([
    [file, `import { z } from 'zod'; export const s = z.string();`],
    [file, `import { x } from '../errors'; ${use}`],
    [file, `import { x } from './records'; ${use}`],
  ]);
});

describe('src/main/core is plain Node: no Electron, nothing of src/main outside core, no renderer or preload', () => {
  const file = 'src/main/core/cache/example.ts';
  expectForbidden([
    [file, `import { app } from 'electron'; void app;`],
    [file, `import type { IpcMain } from 'electron'; export type X = IpcMain;`],
    [file, `import { x } from 'electron/main'; ${use}`],
    [file, `import Store from 'electron-store'; void Store;`],
    [file, `export async function f() { return (await import('electron')).app; }`],
    [file, `const x = require('electron-store'); ${use}`],
    [file, `export type App = typeof import('electron').app;`],
    [file, `import { x } from '../../adapters/secure-storage'; ${use}`],
    [file, `import { x } from '../../index'; ${use}`],
    [file, `import { x } from '../../web/server'; ${use}`],
    [file, `import { x } from '../../../renderer/src/lib/api'; ${use}`],
    [file, `import { x } from '../../../preload/index'; ${use}`],
  ]);
  expectAllowed([
    [file, `import { x } from '../storage/db'; ${use}`],
    [file, `import { x } from '../'; ${use}`],
    [file, `import { x } from '../../../shared/errors'; ${use}`],
    [file, `import { x } from '../../../emulator'; ${use}`],
    [file, `import Database from 'better-sqlite3'; void Database;`],
    [file, `import fs from 'node:fs'; void fs;`],
    [file, `import { z } from 'zod'; void z;`],
  ]);
});

describe('only src/main/core/salesforce imports jsforce', () => {
  expectForbidden([
    ['src/main/core/sync/example.ts', `import { HttpApi } from 'jsforce/lib/http-api.js'; void HttpApi;`],
    ['src/main/core/records/example.ts', `import { Connection } from 'jsforce'; void Connection;`],
    ['src/main/core/example.ts', `import type { Connection } from 'jsforce'; export type C = Connection;`],
    ['src/main/web/example.ts', `const jsforce = require('jsforce'); void jsforce;`],
    ['src/emulator/example.ts', `import { Connection } from 'jsforce'; void Connection;`],
  ]);
  expectAllowed([
    ['src/main/core/salesforce/example.ts', `import { Connection } from 'jsforce'; void Connection;`],
    ['src/main/core/salesforce/metered/example.ts', `import { HttpApi } from 'jsforce/lib/http-api.js'; void HttpApi;`],
    ['tests/integration/example.test.ts', `import { Connection } from 'jsforce'; void Connection;`],
  ]);
});

describe('src/renderer: nothing of src/main, src/preload, src/emulator; no Node built-ins; no Electron', () => {
  const file = 'src/renderer/src/features/example/page.tsx';
  expectForbidden([
    [file, `import { x } from '../../../../main/core/errors'; ${use}`],
    [file, `import { x } from '../../../../main/web/server'; ${use}`],
    [file, `import { x } from '../../../../preload/index'; ${use}`],
    [file, `import { DEMO_USERNAME } from '../../../../emulator/demo-app'; void DEMO_USERNAME;`],
    [file, `import path from 'node:path'; void path;`],
    [file, `import fs from 'fs'; void fs;`],
    [file, `import { readFile } from 'fs/promises'; void readFile;`],
    [file, `import path from 'path'; void path;`],
    [file, `import { ipcRenderer } from 'electron'; void ipcRenderer;`],
  ]);
  expectAllowed([
    [file, `import { useState } from 'react'; void useState;`],
    [file, `import { useQuery } from '@tanstack/react-query'; void useQuery;`],
    [file, `import type { Settings } from '../../../../shared/ipc'; export type S = Settings;`],
    [file, `import { x } from '../../lib/api'; ${use}`],
  ]);
});

describe('src/preload imports only electron and src/shared', () => {
  const file = 'src/preload/index.ts';
  expectForbidden([
    [file, `import fs from 'node:fs'; void fs;`],
    [file, `import { z } from 'zod'; void z;`],
    [file, `import { x } from '../main/core/errors'; ${use}`],
    [file, `import { x } from '../renderer/src/lib/api'; ${use}`],
  ]);
  expectAllowed([
    [file, `import { contextBridge, ipcRenderer } from 'electron'; void contextBridge; void ipcRenderer;`],
    [file, `import { CHANNELS } from '../shared/ipc'; void CHANNELS;`],
    [file, `import { x } from './api'; ${use}`],
  ]);
});

describe('src/emulator: nothing of src/main, src/renderer, src/preload', () => {
  const file = 'src/emulator/server/example.ts';
  expectForbidden([
    [file, `import { x } from '../../main/core/errors'; ${use}`],
    [file, `import { x } from '../../main/index'; ${use}`],
    [file, `import { x } from '../../renderer/src/lib/api'; ${use}`],
    [file, `import { x } from '../../preload/index'; ${use}`],
    [file, `import { app } from 'electron'; void app;`],
  ]);
  expectAllowed([
    [file, `import http from 'node:http'; void http;`],
    [file, `import Database from 'better-sqlite3'; void Database;`],
    [file, `import { x } from '../soql/engine'; ${use}`],
    [file, `import { x } from '../../shared/errors'; ${use}`],
  ]);
});

describe('outside src there are no layers', () => {
  expectAllowed([
    ['tests/e2e/example.spec.ts', `import { DEMO_USERNAME } from '../../src/emulator/demo-app'; void DEMO_USERNAME;`],
    ['bench/example.bench.ts', `import { x } from '../src/main/core/cache/db'; ${use}`],
    ['scripts/example.ts', `import { app } from 'electron'; void app;`],
  ]);
});
