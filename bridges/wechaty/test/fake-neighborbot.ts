import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';

/**
 * The signature, computed here and not with the code under test, so that a test catches a
 * mistake that signing and verifying would share.
 */
export function hmac(secret: string, timestamp: string, body: string | Buffer): string {
  return 'sha256=' + createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(body)])).digest('hex');
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  json: any;
  signatureValid: boolean;
}

/** A NeighborBot on loopback that checks the signature and answers per the contract. */
export async function fakeNeighborBot(
  secret: string,
  respond: (payload: any, received: Received) => { status?: number; body?: unknown; destroy?: boolean },
): Promise<{ url: string; received: Received[]; server: Server; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const timestamp = String(req.headers['x-neighborbot-timestamp'] ?? '');
    const signatureValid = req.headers['x-neighborbot-signature'] === hmac(secret, timestamp, raw)
      && Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
    let json: any;
    try { json = JSON.parse(raw); } catch { json = undefined; }
    const entry = { path: req.url ?? '', headers: req.headers, raw, json, signatureValid };
    received.push(entry);
    if (!signatureValid) { res.writeHead(401).end(); return; }
    if (json === undefined) { res.writeHead(400).end(); return; }
    const { status = 200, body, destroy } = respond(json, entry);
    if (destroy) { req.socket.destroy(); return; }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    close: () => new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** Posts `body` signed with `secret` (and `timestamp`, now by default) like NeighborBot does. */
export async function signedPost(url: string, secret: string, body: string, timestamp = Math.floor(Date.now() / 1000), messageId?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-NeighborBot-Timestamp': String(timestamp),
      'X-NeighborBot-Signature': hmac(secret, String(timestamp), body),
      ...(messageId ? { 'X-NeighborBot-Message-Id': messageId } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Polls until `check` holds, or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
