import assert from 'node:assert/strict';
import { codeChallengeS256, createCodeVerifier, createState } from '../../../src/zendesk/pkce';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('zendesk/pkce', () => {
  // RFC 7636 Appendix B. (The pair once quoted in this project's brief, verifier "...-mJ92qIN7pM8ibeOhmtPRkUrWZGqbyU"
  // and challenge "...CQaJ-Cf68pRavW9hbyh1KZ4", is not the RFC's and is not a SHA-256 pair; these are the RFC's.)
  const RFC_OCTETS = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
    88, 5, 88, 83, 132, 141, 121,
  ];
  const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

  it('encodes the RFC 7636 Appendix B octets as its verifier', () => {
    assert.equal(Buffer.from(RFC_OCTETS).toString('base64url'), RFC_VERIFIER);
  });

  it('derives the RFC 7636 Appendix B challenge', () => {
    assert.equal(codeChallengeS256(RFC_VERIFIER), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 base64url characters (RFC range 43..128, unreserved characters only)', () => {
    for (let i = 0; i < 50; i++) {
      const v = createCodeVerifier();
      assert.equal(v.length, 43);
      assert.match(v, BASE64URL);
    }
  });

  it('makes challenges of 43 base64url characters without padding', () => {
    const c = codeChallengeS256(createCodeVerifier());
    assert.equal(c.length, 43);
    assert.match(c, BASE64URL);
  });

  it('makes states with at least 128 random bits, all different', () => {
    const states = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const s = createState();
      assert.match(s, BASE64URL);
      assert.ok(Buffer.from(s, 'base64url').length * 8 >= 128, `only ${s.length} characters`);
      states.add(s);
    }
    assert.equal(states.size, 1000);
  });

  it('spreads state characters over the whole alphabet (no constant positions)', () => {
    const samples = Array.from({ length: 200 }, createState);
    for (let pos = 0; pos < 42; pos++) {
      const distinct = new Set(samples.map((s) => s[pos]));
      assert.ok(distinct.size > 20, `position ${pos} has only ${distinct.size} distinct characters`);
    }
  });

  it('makes verifiers that differ each time', () => {
    assert.notEqual(createCodeVerifier(), createCodeVerifier());
  });
});
