// PKCE (RFC 7636) and the OAuth `state`. Zendesk documents only the S256 method, so `plain` is not offered.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes → 43 base64url characters, the RFC's minimum length and 256 bits of entropy. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(verifier))), without padding. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** 32 random bytes (256 bits, well above the 128 needed to be unguessable), base64url. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
