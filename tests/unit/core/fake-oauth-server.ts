/**
 * A minimal token/revoke endpoint for unit tests: counts requests, answers refreshes after a
 * short delay (so concurrent callers really overlap), can rotate or reject refresh tokens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ORG_ID = '00D8d0000000001EAA';
export const USER_ID = '0058d0000000001AAA';

export interface FakeOAuthServer {
  origin: string;
  hits: { refresh: number; code: number; revoke: number };
  /** Refresh tokens the server accepts; revoking removes them. */
  liveRefreshTokens: Set<string>;
  lastRevokedToken?: string;
  rotate: boolean;
  refreshDelayMs: number;
  /** Overrides the next token responses' JSON (e.g. a foreign instance_url). */
  tamper?: (body: Record<string, string>) => Record<string, string>;
  revokeStatus?: number;
  issuedAccessTokens: string[];
  close(): Promise<void>;
}

let counter = 0;
export const accessTokenFor = (n: number) => `${ORG_ID.slice(0, 15)}!AQ.access.${n}.${Math.random().toString(36).slice(2)}`;

export async function startFakeOAuthServer(): Promise<FakeOAuthServer> {
  const state: Omit<FakeOAuthServer, 'origin' | 'close'> = {
    hits: { refresh: 0, code: 0, revoke: 0 },
    liveRefreshTokens: new Set(),
    rotate: false,
    refreshDelayMs: 30,
    issuedAccessTokens: [],
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const form = new URLSearchParams(body);
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(value));
      };
      if (req.url === '/services/oauth2/revoke') {
        fake.hits.revoke++;
        const token = form.get('token') ?? '';
        fake.lastRevokedToken = token;
        if (fake.revokeStatus) return json(fake.revokeStatus, { error: 'server_error', error_description: 'down' });
        if (!fake.liveRefreshTokens.delete(token)) return json(400, { error: 'invalid_token', error_description: 'Token was invalid' });
        res.writeHead(200).end();
        return;
      }
      if (req.url !== '/services/oauth2/token') return json(404, { error: 'not_found' });
      const grant = form.get('grant_type');
      let refreshToken: string | undefined;
      if (grant === 'refresh_token') {
        fake.hits.refresh++;
        await new Promise((r) => setTimeout(r, fake.refreshDelayMs));
        const presented = form.get('refresh_token') ?? '';
        if (!fake.liveRefreshTokens.has(presented)) return json(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
        if (fake.rotate) {
          fake.liveRefreshTokens.delete(presented);
          refreshToken = `5Aep-rotated-${++counter}-${'x'.repeat(20)}`;
          fake.liveRefreshTokens.add(refreshToken);
        }
      } else if (grant === 'authorization_code') {
        fake.hits.code++;
        refreshToken = `5Aep-initial-${++counter}-${'x'.repeat(20)}`;
        fake.liveRefreshTokens.add(refreshToken);
      } else {
        return json(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
      }
      const accessToken = accessTokenFor(++counter);
      fake.issuedAccessTokens.push(accessToken);
      let response: Record<string, string> = {
        access_token: accessToken,
        instance_url: origin,
        id: `${origin}/id/${ORG_ID}/${USER_ID}`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        scope: 'api refresh_token',
        signature: 'sig',
      };
      if (refreshToken) response.refresh_token = refreshToken;
      if (fake.tamper) response = fake.tamper(response);
      json(200, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeOAuthServer = Object.assign(state, {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return fake;
}
