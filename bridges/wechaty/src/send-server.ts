import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './log.js';
import { MAX_SKEW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from './signature.js';

/** What NeighborBot posts to `Bridges:{bridge}:SendUrl` (interfaces.md). */
export interface SendRequest {
  group: string;
  text: string;
  mentions: string[];
}

export type Delivery = 'sent' | 'unknown-group' | 'not-logged-in';

export const MAX_BODY_BYTES = 64 * 1024;

/** NeighborBot names each message it posts; a retry of the same message carries the same id under a fresh timestamp. */
export const MESSAGE_ID_HEADER = 'x-neighborbot-message-id';

/** How long a message id is remembered: NeighborBot retries a message for up to a day. */
export const MESSAGE_ID_MEMORY_MS = 25 * 60 * 60 * 1000;

/** At most this many sends are remembered; the oldest are forgotten first. */
const MAX_REMEMBERED = 50_000;

export interface SendServerOptions {
  secret: string;
  logger: Logger;
  /** Says the text in the group; the bridge's Wechaty side. */
  deliver: (request: SendRequest) => Promise<Delivery>;
  maxBodyBytes?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

/**
 * NeighborBot's way into the groups: `POST /send`, signed like the messages the bridge forwards.
 * Checks in this order: size (413), signature and timestamp (401), JSON (400), group (404).
 *
 * A message is posted once. NeighborBot retrying after a lost answer sends the same
 * `X-NeighborBot-Message-Id` under a fresh timestamp: the id is remembered for a day. A request
 * without an id that comes again with the same timestamp and body (a replay) is recognised by its
 * signature, remembered until its timestamp is too old to be accepted at all. A repeat that arrives while
 * the first is still being said waits for it and gets its answer; a failed send is forgotten, so
 * that a retry can try again.
 */
export function createSendServer(options: SendServerOptions): Server {
  const { secret, logger, deliver } = options;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { expiresAt: number; outcome: Promise<Outcome> }>();

  function forgetExpired(at: number): void {
    for (const [key, entry] of seen) {
      if (entry.expiresAt <= at) seen.delete(key);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/send') return answer(res, 404, { error: 'not found' });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return answer(res, 405, { error: 'POST only' });
    }

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) return tooLarge(req, res);
    const body = await readBody(req, maxBody);
    if (!body) return tooLarge(req, res);

    const at = now();
    const timestamp = header(req, TIMESTAMP_HEADER);
    const signature = header(req, SIGNATURE_HEADER);
    const verdict = verify(secret, timestamp, signature, body, at / 1000);
    if (!verdict.ok) {
      logger.log('warn', 'send-refused', { status: 401, reason: verdict.reason });
      return answer(res, 401, { error: 'bad signature or stale timestamp' });
    }

    const parsed = parseSend(body);
    if (typeof parsed === 'string') {
      logger.log('warn', 'send-refused', { status: 400, reason: parsed });
      return answer(res, 400, { error: parsed });
    }

    forgetExpired(at);
    const messageId = header(req, MESSAGE_ID_HEADER)?.trim();
    const key = messageId ? `id:${messageId}` : `sig:${signature!.trim()}`;
    const earlier = seen.get(key);
    if (earlier) {
      const outcome = await earlier.outcome;
      logger.log('info', 'send-repeated', { group: parsed.group, status: outcome.status });
      return answer(res, outcome.status, { ...outcome.body, duplicate: true });
    }

    const outcome = send(parsed);
    const expiresAt = messageId ? at + MESSAGE_ID_MEMORY_MS : (verdict.timestamp + MAX_SKEW_SECONDS + 1) * 1000;
    if (seen.size >= MAX_REMEMBERED) seen.delete(seen.keys().next().value!);
    seen.set(key, { expiresAt, outcome });
    const result = await outcome;
    if (result.status !== 200) seen.delete(key);
    return answer(res, result.status, result.body);
  }

  async function send(request: SendRequest): Promise<Outcome> {
    try {
      const delivery = await deliver(request);
      switch (delivery) {
        case 'sent':
          logger.log('info', 'sent', { group: request.group, mentions: request.mentions.length });
          return { status: 200, body: { sent: true } };
        case 'unknown-group':
          logger.log('warn', 'send-refused', { status: 404, group: request.group, reason: 'unknown group' });
          return { status: 404, body: { sent: false, error: 'unknown group' } };
        case 'not-logged-in':
          logger.log('warn', 'send-refused', { status: 503, group: request.group, reason: 'not logged in' });
          return { status: 503, body: { sent: false, error: 'the bridge is not logged in to WeChat' } };
      }
    } catch (e) {
      logger.log('error', 'send-failed', { group: request.group, reason: e instanceof Error ? e.message : String(e) });
      return { status: 502, body: { sent: false, error: 'WeChat did not take the message' } };
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch(e => {
      logger.log('error', 'send-crashed', { reason: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) answer(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
}

/** Reads the body, or answers undefined as soon as it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!over) resolve(Buffer.concat(chunks)); });
    req.on('error', reject);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  // Close the connection after the answer rather than read the rest of a large body.
  res.setHeader('Connection', 'close');
  answer(res, 413, { error: 'body too large' });
  req.resume();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request, or why it is not one. */
export function parseSend(body: Buffer): SendRequest | string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return 'malformed JSON';
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'a JSON object is expected';
  const { group, text, mentions } = json as Record<string, unknown>;
  if (typeof group !== 'string' || group.length === 0) return 'group: a non-empty string is expected';
  if (typeof text !== 'string' || text.trim().length === 0) return 'text: a non-empty string is expected';
  if (mentions != null && (!Array.isArray(mentions) || !mentions.every(m => typeof m === 'string'))) {
    return 'mentions: a list of member ids is expected';
  }
  return { group, text, mentions: (mentions as string[] | undefined | null) ?? [] };
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}
