/**
 * PKCE (RFC 7636) for the authorization-code flow. Always S256: the `plain` method would hand the
 * verifier to anyone who sees the authorize URL, so it is never offered (RFC 7636 §7.2).
 */
import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * A fresh verifier: base64url of `byteLength` CSPRNG bytes (32 bytes → 43 characters, the RFC's
 * recommendation; at most 96 bytes so the result stays within 128 characters).
 */
export function createCodeVerifier(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < 32 || byteLength > 96) {
    throw new RangeError('A PKCE verifier needs between 32 and 96 random bytes');
  }
  return randomBytes(byteLength).toString('base64url');
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))` without padding (RFC 7636 §4.2). */
export function codeChallengeS256(verifier: string): string {
  if (!CODE_VERIFIER_PATTERN.test(verifier)) throw new RangeError('Not a valid PKCE code verifier');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}
