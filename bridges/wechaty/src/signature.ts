import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of the group bridge contract (shared/design/interfaces.md): `sha256=` and the
 * lowercase hex HMAC-SHA256 of `{timestamp}.{raw body}` with `Bridges:{bridge}:Secret`. Both
 * directions use it: the bridge signs what it forwards, NeighborBot signs what it posts to SendUrl.
 */
export const TIMESTAMP_HEADER = 'x-neighborbot-timestamp';
export const SIGNATURE_HEADER = 'x-neighborbot-signature';
const PREFIX = 'sha256=';

/** How far a timestamp may be from our clock, either way, before the request is a replay. */
export const MAX_SKEW_SECONDS = 5 * 60;

export function sign(secret: string, timestamp: number | string, body: string | Buffer): string {
  return PREFIX + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The two headers for a body signed now. */
export function signedHeaders(secret: string, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = Math.floor(nowSeconds);
  return {
    'X-NeighborBot-Timestamp': String(timestamp),
    'X-NeighborBot-Signature': sign(secret, timestamp, body),
  };
}

export type Verdict = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Checks the headers of a request against its raw body: the timestamp is whole seconds within
 * {@link MAX_SKEW_SECONDS} of `nowSeconds`, and the signature matches (compared in constant time).
 */
export function verify(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
  nowSeconds: number,
  maxSkewSeconds = MAX_SKEW_SECONDS,
): Verdict {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'missing or malformed timestamp' };
  if (!signatureHeader) return { ok: false, reason: 'missing signature' };
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > maxSkewSeconds) return { ok: false, reason: 'stale timestamp' };

  const expected = Buffer.from(sign(secret, timestampHeader, body), 'utf8');
  const given = Buffer.from(signatureHeader.trim(), 'utf8');
  // timingSafeEqual needs equal lengths; a length differs only for a malformed header, which
  // tells nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  return { ok: true, timestamp };
}
