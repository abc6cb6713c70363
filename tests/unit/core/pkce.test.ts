import { describe, expect, it } from 'vitest';
import { codeChallengeS256, CODE_VERIFIER_PATTERN, createCodeVerifier, createPkcePair } from '../../../src/main/core/auth/pkce';

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B test vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 10,000 unique verifiers of 43–128 unreserved characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const verifier = createCodeVerifier();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(10_000);
  });

  it('keeps long verifiers within 128 characters and refuses weak ones', () => {
    expect(createCodeVerifier(96)).toHaveLength(128);
    expect(() => createCodeVerifier(16)).toThrow(RangeError);
    expect(() => createCodeVerifier(97)).toThrow(RangeError);
    expect(() => codeChallengeS256('too-short')).toThrow(RangeError);
    expect(() => codeChallengeS256('x'.repeat(129))).toThrow(RangeError);
  });

  it('pairs are S256, unpadded base64url', () => {
    const pair = createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.verifier).toMatch(CODE_VERIFIER_PATTERN);
    expect(pair.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(codeChallengeS256(pair.verifier));
  });
});
