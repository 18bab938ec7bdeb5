/**
 * End to end: wechaty-puppet-mock plays a WeChat group (3号楼住户群, `10696051@chatroom`) whose
 * members write and mention the bot; the bridge runs as in production (startBridge) against a
 * NeighborBot on loopback.
 *
 * 1. Against a fake NeighborBot written here, which checks the signature itself and answers per
 *    the contract. Always runs.
 * 2. Against a real NeighborBot, when NEIGHBORBOT_URL, NEIGHBORBOT_BRIDGE_SECRET and
 *    NEIGHBORBOT_ADMIN_KEY are set. That NeighborBot must already run with
 *      Bridges:{bridge}:Secret  = NEIGHBORBOT_BRIDGE_SECRET
 *      Bridges:{bridge}:SendUrl = http://127.0.0.1:{BRIDGE_PORT or 8788}/send
 *    ({bridge} is NEIGHBORBOT_BRIDGE, default wechaty) and with the mock group in its directory:
 *      "groups": [{ "bridge": "wechaty", "id": "10696051@chatroom", "name": "3号楼住户群", "grid": "g1" }]
 *    It checks through the admin API that the mention opened a ticket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBridge, type RunningBridge } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { memoryLogger } from '../src/log.js';
import { eventually, fakeNeighborBot, signedPost } from './fake-neighborbot.js';
import { mockGroup } from './mock-group.js';

const ROOM_ID = '10696051@chatroom';

describe('a mock WeChat group through the bridge to a fake NeighborBot', () => {
  const secret = 'e2e-bridge-secret-0123456789abcdef';
  let nb: Awaited<ReturnType<typeof fakeNeighborBot>>;
  let group: Awaited<ReturnType<typeof mockGroup>>;
  let running: RunningBridge;
  const logger = memoryLogger();
  let tickets = 0;

  before(async () => {
    nb = await fakeNeighborBot(secret, payload => {
      if (!payload.mentioned) return { body: { reply: null, ticket: null } };
      const ticket = `20261129-${String(++tickets).padStart(4, '0')}`;
      return { body: { reply: `已登记，工单号 ${ticket}，物业会尽快处理。`, ticket } };
    });
    group = await mockGroup();
    const config = readConfig({ NEIGHBORBOT_URL: nb.url, NEIGHBORBOT_BRIDGE_SECRET: secret, BRIDGE_PORT: '0' });
    running = await startBridge(group.bot, config, logger);
  });
  after(async () => {
    await running.close();
    await group.bot.stop();
    await nb.close();
  });

  test('members\' messages reach NeighborBot signed, and the answer to a mention lands in the group mentioning its sender', async () => {
    const startedAt = Date.now();
    group.li.say('今天天气不错').to(group.room);
    group.wang.say('@社区小助手 3号楼2单元楼道灯坏了', [group.botUser]).to(group.room);
    group.li.say('@社区小助手 楼下有人乱停车').to(group.room); // a mention in the text only, as the web protocol gives it
    group.stranger.say('你好，在吗').to(group.botUser); // one-to-one: not forwarded

    await eventually(() => nb.received.length >= 3 && group.said.length >= 2, 10_000, 'three forwards and two replies');
    await new Promise(resolve => setTimeout(resolve, 500)); // room for anything that should not come

    // What NeighborBot got: the three group messages, nothing else (not the 1:1, not the bot's replies).
    assert.equal(nb.received.length, 3);
    for (const request of nb.received) {
      assert.equal(request.path, '/bridge/wechaty/messages');
      assert.equal(request.signatureValid, true, 'signed with the shared secret, timestamp within five minutes');
      assert.match(String(request.headers['x-neighborbot-timestamp']), /^\d+$/);
      assert.match(String(request.headers['x-neighborbot-signature']), /^sha256=[0-9a-f]{64}$/);
      assert.deepEqual(Object.keys(request.json).sort(), ['attachments', 'group', 'id', 'kind', 'mentioned', 'sender', 'sentAt', 'text']);
      assert.deepEqual(request.json.group, { id: ROOM_ID, name: '3号楼住户群' });
      assert.equal(request.json.kind, 'text');
      assert.deepEqual(request.json.attachments, []);
      assert.ok(Math.abs(Date.parse(request.json.sentAt) - startedAt) < 60_000);
      assert.match(request.json.sentAt, /\+08:00$/);
    }
    assert.equal(new Set(nb.received.map(r => r.json.id)).size, 3, 'one id per message');
    const byText = new Map(nb.received.map(r => [r.json.text, r.json]));
    assert.deepEqual(pick(byText.get('今天天气不错')), { sender: { id: 'wxid_li', name: '李叔' }, mentioned: false });
    assert.deepEqual(pick(byText.get('@社区小助手 3号楼2单元楼道灯坏了')), { sender: { id: 'wxid_wang', name: '王阿姨' }, mentioned: true });
    assert.deepEqual(pick(byText.get('@社区小助手 楼下有人乱停车')), { sender: { id: 'wxid_li', name: '李叔' }, mentioned: true });

    // What the group saw: each reply, mentioning the one who wrote.
    const replies = [...group.said].sort((a, b) => a.text.localeCompare(b.text));
    assert.equal(replies.length, 2);
    for (const said of replies) {
      assert.equal(said.roomId, ROOM_ID);
      assert.match(said.text, /^@(王阿姨|李叔) 已登记，工单号 20261129-000[12]，物业会尽快处理。$/);
      assert.deepEqual(said.mentionIds, [said.text.startsWith('@王阿姨') ? 'wxid_wang' : 'wxid_li']);
    }
    // ... and they are messages from the bot in the mock room itself.
    const inRoom = [...group.mocker.cacheMessagePayload.values()].filter(m => m.roomId === ROOM_ID && m.talkerId === 'wxid_bot');
    assert.deepEqual(inRoom.map(m => m.text).sort(), replies.map(r => r.text).sort());
  });

  test('what NeighborBot posts to SendUrl lands in the group, mentioning the members who are in it', async () => {
    group.said.length = 0;
    const body = JSON.stringify({ group: ROOM_ID, text: '工单 20261129-0001 已由物业接单。', mentions: ['wxid_wang', 'wxid_stranger'] });
    const timestamp = Math.floor(Date.now() / 1000);

    assert.deepEqual(await signedPost(running.sendUrl, secret, body, timestamp), { status: 200, json: { sent: true } });
    assert.deepEqual(group.said, [{ roomId: ROOM_ID, text: '@王阿姨 工单 20261129-0001 已由物业接单。', mentionIds: ['wxid_wang'] }]);

    // NeighborBot's retry of the same request is not said twice.
    assert.equal((await signedPost(running.sendUrl, secret, body, timestamp)).status, 200);
    assert.equal(group.said.length, 1);

    // A group the account is not in is 404, and the bridge carries on.
    assert.equal((await signedPost(running.sendUrl, secret, JSON.stringify({ group: '999@chatroom', text: 'x' }))).status, 404);
    assert.equal((await signedPost(running.sendUrl, secret, JSON.stringify({ group: ROOM_ID, text: '明天上午停水。' }))).status, 200);
    assert.equal(group.said.at(-1)!.text, '明天上午停水。');
  });
});

const real = {
  url: process.env.NEIGHBORBOT_URL,
  secret: process.env.NEIGHBORBOT_BRIDGE_SECRET,
  adminKey: process.env.NEIGHBORBOT_ADMIN_KEY,
};
const skipReal = real.url && real.secret && real.adminKey
  ? false
  : 'NEIGHBORBOT_URL, NEIGHBORBOT_BRIDGE_SECRET and NEIGHBORBOT_ADMIN_KEY are not set: no real NeighborBot to run against (see the top of this file)';

test('a mention in a mock group opens a ticket in a real NeighborBot', { skip: skipReal }, async () => {
  const base = real.url!.replace(/\/+$/, '');
  const admin = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${real.adminKey}` } });
    assert.equal(response.status, 200, `GET ${path} answered ${response.status}; is NEIGHBORBOT_ADMIN_KEY right?`);
    return response.text();
  };
  const ticketNumbers = (text: string) => new Set(text.match(/\d{8}-\d{4}/g) ?? []);

  assert.ok((await admin('/api/admin/directory')).includes(ROOM_ID),
    `the directory has no group ${ROOM_ID}; add {"bridge": "${process.env.NEIGHBORBOT_BRIDGE ?? 'wechaty'}", "id": "${ROOM_ID}", "name": "3号楼住户群", "grid": "g1"} to its "groups"`);
  const before = ticketNumbers(await admin('/api/admin/tickets'));

  // A resident new to NeighborBot at each run, so that no conversation of an earlier run is in the way.
  const resident = `wxid_e2e_${Date.now().toString(36)}`;
  const group = await mockGroup({ residentId: resident });
  const logger = memoryLogger();
  const running = await startBridge(group.bot, readConfig({ ...process.env }), logger);
  try {
    group.wang.say('@社区小助手 3号楼2单元楼道灯坏了，晚上很黑', [group.botUser]).to(group.room);

    const final = ['forwarded', 'forward-refused', 'forward-gave-up'];
    await eventually(() => logger.lines.some(l => final.includes(l.event)), 60_000, 'NeighborBot\'s answer');
    const outcome = logger.lines.find(l => final.includes(l.event))!;
    assert.equal(outcome.event, 'forwarded', `NeighborBot did not take the message: ${JSON.stringify(outcome.fields)}`);

    // The answer lands in the group, mentioning the resident: in NeighborBot's answer or through SendUrl.
    await eventually(() => group.said.some(s => s.roomId === ROOM_ID && s.mentionIds.includes(resident)), 30_000,
      `a message mentioning the resident (is Bridges:wechaty:SendUrl ${running.sendUrl}?)`);

    const ticket = outcome.fields.ticket;
    let opened: string[] = [];
    await eventually(async () => {
      const now = ticketNumbers(await admin('/api/admin/tickets'));
      opened = [...now].filter(n => !before.has(n) || n === ticket);
      return opened.length > 0;
    }, 30_000, 'a new ticket in /api/admin/tickets');
    if (typeof ticket === 'string') assert.ok(opened.includes(ticket), `the answer named ${ticket}, which the admin API does not list`);
  } finally {
    await running.close();
    await group.bot.stop();
  }
});

function pick(payload: any) {
  return payload && { sender: payload.sender, mentioned: payload.mentioned };
}
