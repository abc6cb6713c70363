/** A bare HTTP server on 127.0.0.1 standing in for an org (or another site): scripted answers, every request kept. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionRecord } from '../../../src/main/core/storage/connections.repo';
import type { TokenVault } from '../../../src/main/core/auth/token-vault';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  /** Requests being handled right now, and the most at once so far. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export type Answer = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export async function startFakeServer(answer: Answer): Promise<FakeServer> {
  const state: FakeServer = { url: '', requests: [], inFlight: 0, maxInFlight: 0, close: async () => {} };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    state.requests.push(seen);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      await answer(seen, res);
    } finally {
      state.inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export const SECRET_TOKEN = '00D000000000001!SECRET-ACCESS-TOKEN';

/** A vault that always hands out SECRET_TOKEN (no refresh). */
export const fixedVault = { accessToken: async () => SECRET_TOKEN, refresh: async () => SECRET_TOKEN } as unknown as TokenVault;

export function recordFor(instanceUrl: string, id = 'conn-fake'): ConnectionRecord {
  return {
    id,
    environment: 'production',
    loginUrl: 'https://login.salesforce.com',
    instanceUrl,
    clientId: 'client',
    orgId: '00D000000000001AAA',
    userId: '005000000000001AAA',
    profileId: null,
    username: 'user@example.com',
    displayName: 'User',
    scope: null,
    issuedAt: null,
    expiresAt: null,
    status: 'connected',
    active: true,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    lastUsedAt: null,
    hasStoredTokens: true,
  } as ConnectionRecord;
}

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
