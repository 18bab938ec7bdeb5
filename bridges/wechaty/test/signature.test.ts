import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sign, signedHeaders, verify } from '../src/signature.js';

const secret = 'test-secret-0123456789abcdef';
const body = '{"id":"msg-123","text":"楼道灯坏了"}';

describe('signing', () => {
  test('matches a vector computed with openssl', () => {
    // printf '%s' '1764374400.{"id":"msg-123","text":"楼道灯坏了"}' | openssl dgst -sha256 -hmac 'test-secret-0123456789abcdef'
    assert.equal(sign(secret, 1764374400, body), 'sha256=60b3c9ce8b3f0f63a164e3be52af52c65d47eb1bde58818dba7d22af4212b39f');
    assert.equal(sign(secret, '1764374400', Buffer.from(body)), sign(secret, 1764374400, body));
  });

  test('the headers carry whole seconds and the signature of that timestamp', () => {
    const headers = signedHeaders(secret, body, 1764374400.9);
    assert.deepEqual(headers, {
      'X-NeighborBot-Timestamp': '1764374400',
      'X-NeighborBot-Signature': 'sha256=60b3c9ce8b3f0f63a164e3be52af52c65d47eb1bde58818dba7d22af4212b39f',
    });
  });
});

describe('verification', () => {
  const now = 1764374400;
  const good = sign(secret, now, body);
  const check = (timestamp: string | undefined, signature: string | undefined, raw = body, at = now) =>
    verify(secret, timestamp, signature, Buffer.from(raw), at);

  test('accepts the signature of the body and a timestamp within five minutes either way', () => {
    assert.deepEqual(check(String(now), good), { ok: true, timestamp: now });
    assert.equal(check(String(now), good, body, now + 300).ok, true);
    assert.equal(check(String(now), good, body, now - 300).ok, true);
  });

  test('refuses a timestamp more than five minutes old or ahead', () => {
    assert.deepEqual(check(String(now), good, body, now + 301), { ok: false, reason: 'stale timestamp' });
    assert.deepEqual(check(String(now), good, body, now - 301), { ok: false, reason: 'stale timestamp' });
  });

  test('refuses another body, another secret, another timestamp', () => {
    assert.deepEqual(check(String(now), good, body.replace('楼道', '走廊')), { ok: false, reason: 'bad signature' });
    assert.deepEqual(check(String(now), sign('another-secret-0123456789', now, body)), { ok: false, reason: 'bad signature' });
    assert.deepEqual(check(String(now + 1), good), { ok: false, reason: 'bad signature' });
  });

  test('refuses uppercase hex, a missing prefix and a truncated signature', () => {
    assert.equal(check(String(now), 'sha256=' + good.slice(7).toUpperCase()).ok, false);
    assert.equal(check(String(now), good.slice(7)).ok, false);
    assert.equal(check(String(now), good.slice(0, -2)).ok, false);
  });

  test('refuses missing or malformed headers', () => {
    assert.deepEqual(check(undefined, good), { ok: false, reason: 'missing or malformed timestamp' });
    assert.deepEqual(check('', good), { ok: false, reason: 'missing or malformed timestamp' });
    assert.deepEqual(check('1764374400.5', good), { ok: false, reason: 'missing or malformed timestamp' });
    assert.deepEqual(check('-1', good), { ok: false, reason: 'missing or malformed timestamp' });
    assert.deepEqual(check(String(now), undefined), { ok: false, reason: 'missing signature' });
  });
});
