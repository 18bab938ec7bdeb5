import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { after, before, beforeEach, describe, test } from 'node:test';
import { memoryLogger } from '../src/log.js';
import { createSendServer, MAX_BODY_BYTES, type Delivery, type SendRequest } from '../src/send-server.js';
import { hmac, signedPost } from './fake-neighborbot.js';

const secret = 'bridge-secret-for-tests-0123456789';
const group = '10696051@chatroom';

describe('the SendUrl', () => {
  let url = '';
  let clock = Date.now();
  let delivered: SendRequest[] = [];
  let outcome: () => Promise<Delivery> = async () => 'sent';
  const logger = memoryLogger();
  const server = createSendServer({
    secret, logger, now: () => clock,
    deliver: async request => { delivered.push(request); return outcome(); },
  });

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  after(() => new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections(); }));
  beforeEach(() => {
    clock = Date.now();
    delivered = [];
    outcome = async () => 'sent';
  });

  const seconds = () => Math.floor(clock / 1000);
  const post = (body: unknown, timestamp = seconds(), key = secret, messageId?: string) =>
    signedPost(url, key, typeof body === 'string' ? body : JSON.stringify(body), timestamp, messageId);

  test('says a signed text in the group and answers {"sent": true}', async () => {
    const result = await post({ group, text: '工单 20261129-0001 已由物业接单', mentions: ['wxid_wang'] });

    assert.deepEqual(result, { status: 200, json: { sent: true } });
    assert.deepEqual(delivered, [{ group, text: '工单 20261129-0001 已由物业接单', mentions: ['wxid_wang'] }]);
  });

  test('takes a request without mentions as mentioning nobody', async () => {
    await post({ group, text: '停水通知：明天 9:00-12:00' });

    assert.deepEqual(delivered[0]!.mentions, []);
  });

  test('refuses a bad signature with 401 and says nothing', async () => {
    const result = await post({ group, text: '假通知' }, seconds(), 'not-the-secret-0123456789');

    assert.equal(result.status, 401);
    assert.deepEqual(delivered, []);
  });

  test('refuses a body changed after signing', async () => {
    const timestamp = String(seconds());
    const signature = hmac(secret, timestamp, JSON.stringify({ group, text: '原文' }));
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-NeighborBot-Timestamp': timestamp, 'X-NeighborBot-Signature': signature },
      body: JSON.stringify({ group, text: '改过的' }),
    });

    assert.equal(response.status, 401);
    assert.deepEqual(delivered, []);
  });

  test('refuses a timestamp more than five minutes away with 401', async () => {
    assert.equal((await post({ group, text: 'x' }, seconds() - 301)).status, 401);
    assert.equal((await post({ group, text: 'x' }, seconds() + 301)).status, 401);
    assert.equal((await post({ group, text: 'x' }, seconds() - 290)).status, 200);
  });

  test('refuses a request without the headers with 401', async () => {
    const response = await fetch(url, { method: 'POST', body: JSON.stringify({ group, text: 'x' }) });

    assert.equal(response.status, 401);
  });

  test('refuses malformed JSON, and JSON of the wrong shape, with 400', async () => {
    for (const body of ['{"group": "10696051@chatroom", "text": ', '[]', '"text"',
      JSON.stringify({ text: 'no group' }), JSON.stringify({ group, text: '' }), JSON.stringify({ group: 42, text: 'x' }),
      JSON.stringify({ group, text: 'x', mentions: 'wxid_wang' }), JSON.stringify({ group, text: 'x', mentions: [1] })]) {
      const result = await post(body);
      assert.equal(result.status, 400, body);
    }
    assert.deepEqual(delivered, []);
  });

  test('refuses a body over the limit with 413', async () => {
    const text = 'x'.repeat(MAX_BODY_BYTES);
    const result = await post({ group, text });

    assert.equal(result.status, 413);
    assert.deepEqual(delivered, []);
  });

  test('refuses a body over the limit that comes without a length with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 'x');
      let written = 0;
      const writeMore = () => {
        while (written <= MAX_BODY_BYTES) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', writeMore);
        }
        req.end();
      };
      writeMore();
    });

    assert.equal(status, 413);
    assert.deepEqual(delivered, []);
  });

  test('answers 404 for a group the bridge does not know', async () => {
    outcome = async () => 'unknown-group';

    assert.deepEqual(await post({ group: 'R:unknown', text: 'x' }), { status: 404, json: { sent: false, error: 'unknown group' } });
  });

  test('answers 503 while the account is not logged in, and 502 when WeChat fails', async () => {
    outcome = async () => 'not-logged-in';
    assert.equal((await post({ group, text: 'a' })).status, 503);
    outcome = async () => { throw new Error('socket hang up'); };
    assert.equal((await post({ group, text: 'b' })).status, 502);
  });

  test('posts a repeated request (same body and timestamp) once', async () => {
    const body = { group, text: '明天停电', mentions: [] };
    const timestamp = seconds();

    const first = await post(body, timestamp);
    const second = await post(body, timestamp);

    assert.deepEqual(first, { status: 200, json: { sent: true } });
    assert.deepEqual(second, { status: 200, json: { sent: true, duplicate: true } });
    assert.equal(delivered.length, 1);
    assert.ok(logger.lines.some(l => l.event === 'send-repeated'));
  });

  test('posts once when the repeat arrives while the first is still being said', async () => {
    let release = () => {};
    outcome = () => new Promise<Delivery>(resolve => { release = () => resolve('sent'); });
    const body = { group, text: '电梯维修' };
    const timestamp = seconds();

    const both = Promise.all([post(body, timestamp), post(body, timestamp)]);
    await new Promise(resolve => setTimeout(resolve, 100));
    release();
    const [first, second] = await both;

    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(delivered.length, 1);
  });

  test('posts a message once when NeighborBot retries it under a fresh timestamp, hours later', async () => {
    const body = { group, text: '工单 20261129-0001 已完成', mentions: ['wxid_wang'] };
    const first = await post(body, seconds(), secret, '20261129-0001:done');
    clock += 3 * 60 * 60 * 1000;
    const retry = await post(body, seconds(), secret, '20261129-0001:done');

    assert.deepEqual(first, { status: 200, json: { sent: true } });
    assert.deepEqual(retry, { status: 200, json: { sent: true, duplicate: true } });
    assert.equal(delivered.length, 1);
  });

  test('posts two messages with the same text and timestamp but different ids', async () => {
    const body = { group, text: '请关好门窗' };
    const timestamp = seconds();
    await post(body, timestamp, secret, 'a');
    await post(body, timestamp, secret, 'b');

    assert.equal(delivered.length, 2);
  });

  test('posts the same text again when it comes with another timestamp', async () => {
    const body = { group, text: '请关好门窗' };
    await post(body, seconds());
    await post(body, seconds() - 1);

    assert.equal(delivered.length, 2);
  });

  test('tries a failed send again when the same request comes back', async () => {
    const body = { group, text: '通知' };
    const timestamp = seconds();
    outcome = async () => 'not-logged-in';
    assert.equal((await post(body, timestamp)).status, 503);
    outcome = async () => 'sent';

    assert.deepEqual(await post(body, timestamp), { status: 200, json: { sent: true } });
    assert.equal(delivered.length, 2);
  });

  test('refuses a repeat once its timestamp is too old, so the memory covers every replay', async () => {
    const body = { group, text: '旧消息' };
    const timestamp = seconds();
    await post(body, timestamp);
    clock += 301_000;

    assert.equal((await post(body, timestamp)).status, 401);
    assert.equal(delivered.length, 1);
  });

  test('answers 404 for other paths and 405 for other methods', async () => {
    assert.equal((await fetch(url.replace('/send', '/other'), { method: 'POST' })).status, 404);
    assert.equal((await fetch(url)).status, 405);
  });

  test('never logs the secret, a signature or the text', () => {
    const logged = JSON.stringify(logger.lines);
    assert.ok(!logged.includes(secret));
    assert.ok(!logged.includes('sha256='));
    assert.ok(!logged.includes('停电'));
  });
});
