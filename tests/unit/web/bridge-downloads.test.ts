/**
 * Browser mode's download of a finished export: `GET /api/downloads/<token>` serves the file the
 * core registered for that token once, as an attachment (the name in ASCII and in RFC 5987 form),
 * behind the Host and Origin checks of every request; anything else is a 404 that reveals nothing.
 * A real export handed over this way is served only to its own org, and its temporary file is gone
 * once the download has been sent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/main/core/logger';
import { createDownloads } from '../../../src/main/core/query/export/downloads';
import { createExportService, type ExportService } from '../../../src/main/core/query/export/export-service';
import { createExportSaver } from '../../../src/main/core/query/export/save-export';
import { contentDisposition, startBridgeServer, type BridgeServer } from '../../../src/main/web/server';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(server: BridgeServer, url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path: url, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let file: string;
let server: BridgeServer;
const downloads = createDownloads();
const CONTENT = Buffer.from('\uFEFFId,Name\r\n001,"Crème, brûlée"\r\n', 'utf8');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'atom-downloads-'));
  file = path.join(root, 'export.csv');
  await writeFile(file, CONTENT);
  server = await startBridgeServer({ staticDir: root });
  server.attachCore({
    invoke: async () => ({ ok: true, data: null }),
    completeLogin: async () => ({ ok: true, title: '', message: '' }),
    downloads,
  });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const register = (fileName = 'Account-2026-12-03.csv') => downloads.register({ file, fileName, contentType: 'text/csv; charset=utf-8' });

describe('a one-time download', () => {
  it('serves the file once, as an attachment, without the bridge secret', async () => {
    const url = register();
    const first = await get(server, url);
    expect(first.status).toBe(200);
    expect(first.body.equals(CONTENT)).toBe(true);
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['content-length']).toBe(String(CONTENT.length));
    expect(first.headers['content-disposition']).toBe(`attachment; filename="Account-2026-12-03.csv"; filename*=UTF-8''Account-2026-12-03.csv`);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const second = await get(server, url);
    expect(second.status).toBe(404);
    expect(JSON.parse(second.body.toString())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses another Host, another Origin, other methods and unknown tokens', async () => {
    expect((await get(server, register(), { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server, register(), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(server, register(), {}, 'POST')).status).toBe(405);
    expect((await get(server, `/api/downloads/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await get(server, '/api/downloads/../../export.csv')).status).toBe(404);
    // Our own origin is fine.
    expect((await get(server, register(), { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('names the file in ASCII and exactly', () => {
    expect(contentDisposition('Ventes été "2026".csv')).toBe(
      `attachment; filename="Ventes _t_ _2026_.csv"; filename*=UTF-8''Ventes%20%C3%A9t%C3%A9%20%222026%22.csv`,
    );
  });
});

describe('an export handed over in browser mode', () => {
  let active: string | null = 'org-A';
  let service: ExportService;
  const owner = { connectionId: 'org-A', activeConnectionId: () => active };
  const save = () => createExportSaver({ exports: service, downloads });

  beforeAll(() => {
    service = createExportService({
      dataDir: path.join(root, 'data'),
      log: silentLogger,
      cacheRows: () => ({
        object: 'Account',
        columns: [
          { path: 'Id', kind: 'field' },
          { path: 'Name', kind: 'field' },
        ],
        rows: [{ Id: '001A', Name: 'Acme' }],
      }),
      orgApi: () => Promise.reject(new Error('no org here')),
      estimate: () => Promise.reject(new Error('no org here')),
    });
  });

  afterAll(async () => {
    await service.close();
  });

  const finishedExport = async () => {
    const started = await service.start({ soql: 'SELECT Id, Name FROM Account', target: 'cache', queryAll: false, format: 'csv', confirmed: false, owner });
    expect(await service.settled(started.exportId)).toMatchObject({ state: 'done' });
    return { exportId: started.exportId, file: service.finished(started.exportId).file };
  };

  /** The release runs once the response has been sent: polled for a moment rather than raced. */
  const gone = async (file: string) => {
    for (let i = 0; i < 100 && existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    return !existsSync(file);
  };

  it('is downloaded once, then the export and its temporary file are gone', async () => {
    active = 'org-A';
    const { exportId, file } = await finishedExport();
    const { downloadUrl } = await save()(exportId);
    const answer = await get(server, downloadUrl!);
    expect(answer.status).toBe(200);
    expect(answer.body.toString('utf8')).toBe('\uFEFFId,Name\r\n001A,Acme\r\n');
    expect(await gone(file)).toBe(true);
    expect(() => service.finished(exportId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('is refused to another org, by the save and by a URL issued before the switch', async () => {
    active = 'org-A';
    const { exportId, file } = await finishedExport();
    const { downloadUrl } = await save()(exportId);
    active = 'org-B';
    expect((await get(server, downloadUrl!)).status).toBe(404);
    await expect(save()(exportId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Still there for its own org, which can save it again.
    expect(existsSync(file)).toBe(true);
    active = 'org-A';
    expect((await get(server, (await save()(exportId)).downloadUrl!)).status).toBe(200);
    expect(await gone(file)).toBe(true);
  });

  it('a disconnected org’s exports are removed with their files', async () => {
    active = 'org-A';
    const { exportId, file } = await finishedExport();
    await service.discardConnection('org-A');
    expect(existsSync(file)).toBe(false);
    expect(() => service.finished(exportId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
