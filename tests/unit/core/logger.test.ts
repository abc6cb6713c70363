import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText, redactingLogger } from '../../../src/main/core/logger';

const ACCESS = '00D8d0000000001EAA!AQ.ZxY_very.secret_token_value';
const REFRESH = '5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrfCRKCCKdS.rzbWQ2RUYeOF8';

describe('redaction', () => {
  it.each([
    [`Authorization: Bearer ${ACCESS}`, 'Authorization: Bearer [redacted]'],
    [`token is ${ACCESS} ok`, 'token is [redacted] ok'],
    [`refresh ${REFRESH}`, 'refresh [redacted]'],
    ['https://x/cb?code=aPrxAbC123&state=s1', 'https://x/cb?code=[redacted]&state=s1'],
    ['grant_type=refresh_token&refresh_token=abc.def&client_id=x', 'grant_type=refresh_token&refresh_token=[redacted]&client_id=x'],
    ['code_verifier=dBjftJeZ4CVP&x=1', 'code_verifier=[redacted]&x=1'],
    ['{"access_token":"opaque-token","id":"x"}', '{"access_token":"[redacted]","id":"x"}'],
    ['client_secret=S3cr3t', 'client_secret=[redacted]'],
    ['/id/00D/005?format=json&oauth_token=abc', '/id/00D/005?format=json&oauth_token=[redacted]'],
  ])('scrubs %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('blanks secret-named keys at any depth and scrubs errors', () => {
    const err = Object.assign(new Error(`failed with ${ACCESS}`), { code: 'ECONNREFUSED' });
    const out = JSON.stringify(
      redact({
        accessToken: 'a',
        nested: { refresh_token: 'b', list: [{ codeVerifier: 'c', client_secret: 'd' }], fine: 'visible' },
        err,
        blob: Buffer.from('secret'),
      }),
    );
    for (const secret of [ACCESS, '"a"', '"b"', '"c"', '"d"']) expect(out).not.toContain(secret);
    expect(out).toContain('visible');
    expect(out).toContain('ECONNREFUSED');
    expect(out).toContain('"blob":"[6 bytes]"');
  });

  it('the logger never writes a canary token, whatever the caller passes', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', sink: (_l, line) => lines.push(line) });
    log.debug(`exchanging code=CANARYCODE for Bearer ${ACCESS}`, { refreshToken: REFRESH, body: `refresh_token=${REFRESH}` });
    log.error('failed', new Error(`revoke ${REFRESH}`));
    const host: string[] = [];
    const wrapped = redactingLogger({
      debug: (m, d) => host.push(m + JSON.stringify(d)),
      info: (m, d) => host.push(m + JSON.stringify(d)),
      warn: (m, d) => host.push(m + JSON.stringify(d)),
      error: (m, d) => host.push(m + JSON.stringify(d)),
    });
    wrapped.warn(`token ${ACCESS}`, { access_token: ACCESS });
    const all = [...lines, ...host].join('\n');
    for (const canary of ['CANARYCODE', ACCESS, REFRESH]) expect(all).not.toContain(canary);
    expect(lines).toHaveLength(2);
  });
});
