import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { memoryLogger } from '../src/log.js';
import { NeighborBotClient, type ForwardPayload } from '../src/neighborbot.js';
import { fakeNeighborBot } from './fake-neighborbot.js';

const secret = 'bridge-secret-for-tests-0123456789';

const payload: ForwardPayload = {
  id: 'msg-1',
  group: { id: '10696051@chatroom', name: '3号楼住户群' },
  sender: { id: 'wxid_wang', name: '王阿姨' },
  mentioned: true,
  kind: 'text',
  text: '@社区小助手 3号楼2单元楼道灯坏了',
  attachments: [],
  sentAt: '2026-11-29T08:00:00+08:00',
};

function client(url: string, overrides: Partial<ConstructorParameters<typeof NeighborBotClient>[0]> = {}) {
  const logger = memoryLogger();
  const waits: number[] = [];
  const c = new NeighborBotClient({
    url, bridge: 'wechaty', secret, logger,
    retryDelaysMs: [100, 200, 400],
    random: () => 1,
    sleep: async ms => { waits.push(ms); },
    ...overrides,
  });
  return { client: c, logger, waits };
}

describe('forwarding to NeighborBot', () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => { for (const close of closers) await close(); });

  test('posts the payload signed to /bridge/{bridge}/messages and reads the answer', async () => {
    const nb = await fakeNeighborBot(secret, () => ({ body: { reply: '已登记', ticket: '20261129-0001' } }));
    closers.push(nb.close);
    const { client: c } = client(nb.url);

    const result = await c.forward(payload);

    assert.deepEqual(result, { outcome: 'answered', answer: { reply: '已登记', ticket: '20261129-0001' }, attempts: 1 });
    assert.equal(nb.received.length, 1);
    const [request] = nb.received;
    assert.equal(request!.path, '/bridge/wechaty/messages');
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.equal(request!.signatureValid, true);
    assert.deepEqual(request!.json, payload);
  });

  test('tries a 5xx again with backoff and the same id until NeighborBot answers', async () => {
    let calls = 0;
    const nb = await fakeNeighborBot(secret, () => (++calls <= 2 ? { status: 503 } : { body: { reply: null, ticket: null } }));
    closers.push(nb.close);
    const { client: c, waits } = client(nb.url);

    const result = await c.forward(payload);

    assert.deepEqual(result, { outcome: 'answered', answer: { reply: null, ticket: null }, attempts: 3 });
    assert.deepEqual(waits, [100, 200]);
    assert.equal(nb.received.length, 3);
    assert.ok(nb.received.every(r => r.signatureValid && r.raw === nb.received[0]!.raw && r.json.id === 'msg-1'));
  });

  test('signs each attempt with the time of that attempt', async () => {
    let calls = 0;
    const nb = await fakeNeighborBot(secret, () => (++calls === 1 ? { status: 500 } : { body: { reply: null, ticket: null } }));
    closers.push(nb.close);
    let clock = Date.now();
    const { client: c } = client(nb.url, { now: () => (clock += 60_000) });

    await c.forward(payload);

    const [first, second] = nb.received.map(r => Number(r.headers['x-neighborbot-timestamp']));
    assert.equal(second! - first!, 60);
  });

  test('tries again after a broken connection', async () => {
    let calls = 0;
    const nb = await fakeNeighborBot(secret, () => (++calls === 1 ? { destroy: true } : { body: { reply: '好的', ticket: null } }));
    closers.push(nb.close);
    const { client: c, logger } = client(nb.url);

    const result = await c.forward(payload);

    assert.equal(result.outcome, 'answered');
    assert.equal(result.attempts, 2);
    assert.ok(logger.lines.some(l => l.event === 'forward-failed' && l.fields.attempt === 1));
  });

  test('tries again after a time-out', async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      if (++calls === 1) return; // never answers
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"reply":null,"ticket":null}'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise(resolve => { server.close(() => resolve()); server.closeAllConnections(); }));
    const { client: c } = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { attemptTimeoutMs: 200 });

    const result = await c.forward(payload);

    assert.equal(result.outcome, 'answered');
    assert.equal(result.attempts, 2);
  });

  test('gives up after the last try when NeighborBot cannot be reached, and logs it', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server.close(resolve));
    const { client: c, logger, waits } = client(`http://127.0.0.1:${port}`);

    const result = await c.forward(payload);

    assert.equal(result.outcome, 'gave-up');
    assert.equal(result.attempts, 4);
    assert.deepEqual(waits, [100, 200, 400]);
    assert.ok(logger.lines.some(l => l.level === 'error' && l.event === 'forward-gave-up' && l.fields.id === 'msg-1'));
  });

  test('drops a 4xx after one try, with an error line', async () => {
    for (const status of [400, 401, 404, 422]) {
      const nb = await fakeNeighborBot(secret, () => ({ status }));
      closers.push(nb.close);
      const { client: c, logger, waits } = client(nb.url);

      const result = await c.forward(payload);

      assert.deepEqual(result, { outcome: 'refused', status, attempts: 1 });
      assert.deepEqual(waits, []);
      assert.ok(logger.lines.some(l => l.level === 'error' && l.event === 'forward-refused' && l.fields.status === status));
    }
  });

  test('tries 429 (too many requests) again like a 5xx', async () => {
    let calls = 0;
    const nb = await fakeNeighborBot(secret, () => (++calls === 1 ? { status: 429 } : { body: { reply: null, ticket: null } }));
    closers.push(nb.close);
    const { client: c } = client(nb.url);

    assert.equal((await c.forward(payload)).attempts, 2);
  });

  test('spreads the waits between half and all of each delay', async () => {
    const nb = await fakeNeighborBot(secret, () => ({ status: 502 }));
    closers.push(nb.close);
    const { client: c, waits } = client(nb.url, { random: () => 0 });

    await c.forward(payload);

    assert.deepEqual(waits, [50, 100, 200]);
  });

  test('takes an answer it cannot read as no reply, without trying again', async () => {
    const nb = await fakeNeighborBot(secret, () => ({ body: { reply: 42 } }));
    closers.push(nb.close);
    const { client: c, logger } = client(nb.url);

    const result = await c.forward(payload);

    assert.deepEqual(result, { outcome: 'answered', answer: { reply: null, ticket: null }, attempts: 1 });
    assert.ok(logger.lines.some(l => l.event === 'answer-malformed'));
  });

  test('never logs the secret, the signature or the text', async () => {
    const nb = await fakeNeighborBot(secret, () => ({ status: 500 }));
    closers.push(nb.close);
    const { client: c, logger } = client(nb.url);

    await c.forward(payload);

    const logged = JSON.stringify(logger.lines);
    assert.ok(!logged.includes(secret));
    assert.ok(!logged.includes('sha256='));
    assert.ok(!logged.includes('楼道灯'));
  });
});
