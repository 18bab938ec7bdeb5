import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { FileBox } from 'file-box';
import type { Message } from 'wechaty';
import { Bridge, chinaTime, type BridgeSettings, type Forwarder } from '../src/bridge.js';
import { memoryLogger } from '../src/log.js';
import type { Answer, ForwardPayload, ForwardResult } from '../src/neighborbot.js';
import { eventually } from './fake-neighborbot.js';
import { mockGroup } from './mock-group.js';

/** A NeighborBot stand-in that records payloads and answers `answer`. */
function recorder(answer: (p: ForwardPayload) => ForwardResult = () => ({ outcome: 'answered', answer: { reply: null, ticket: null }, attempts: 1 })) {
  const payloads: ForwardPayload[] = [];
  const forwarder: Forwarder = { forward: async p => { payloads.push(p); return answer(p); } };
  return { payloads, forwarder };
}

const settings = (overrides: Partial<BridgeSettings> = {}): BridgeSettings =>
  ({ botName: undefined, forward: 'all', prefixes: [], groupIds: new Map(), ...overrides });

describe('a group message as NeighborBot gets it', () => {
  let group: Awaited<ReturnType<typeof mockGroup>>;
  const messages: Message[] = [];

  before(async () => {
    group = await mockGroup();
    group.bot.on('message', m => void messages.push(m));
  });
  after(() => group.bot.stop());
  beforeEach(() => { messages.length = 0; });

  /** What the payload of the next message (the one `act` makes someone say) is. */
  async function payloadOf(act: () => void, s = settings()): Promise<ForwardPayload> {
    act();
    await eventually(() => messages.length > 0, 5_000, 'the message');
    const message = messages[0]!;
    const bridge = new Bridge(group.bot, s, recorder().forwarder, memoryLogger());
    return bridge.toPayload(message, message.room()!);
  }

  test('a text carries the group, the sender, the text and when it was sent', async () => {
    const before = Date.now();
    const payload = await payloadOf(() => group.li.say('今天天气不错').to(group.room));

    assert.deepEqual(Object.keys(payload).sort(), ['attachments', 'group', 'id', 'kind', 'mentioned', 'sender', 'sentAt', 'text']);
    assert.equal(payload.id, messages[0]!.id);
    assert.deepEqual(payload.group, { id: '10696051@chatroom', name: '3号楼住户群' });
    assert.deepEqual(payload.sender, { id: 'wxid_li', name: '李叔' });
    assert.equal(payload.mentioned, false);
    assert.equal(payload.kind, 'text');
    assert.equal(payload.text, '今天天气不错');
    assert.deepEqual(payload.attachments, []);
    assert.match(payload.sentAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.ok(Math.abs(Date.parse(payload.sentAt) - before) < 60_000);
  });

  test('a mention of the bot through WeChat\'s mention list is mentioned', async () => {
    const payload = await payloadOf(() => group.wang.say('@社区小助手 3号楼2单元楼道灯坏了', [group.botUser]).to(group.room));

    assert.equal(payload.mentioned, true);
    assert.equal(payload.text, '@社区小助手 3号楼2单元楼道灯坏了');
  });

  test('"@{bot\'s name}" in the text is a mention, for protocols that give no mention list', async () => {
    const payload = await payloadOf(() => group.wang.say('@社区小助手 楼下有人乱停车').to(group.room));

    assert.equal(payload.mentioned, true);
  });

  test('the configured display name counts as the bot\'s name', async () => {
    const payload = await payloadOf(() => group.wang.say('@小助手 水管漏水').to(group.room), settings({ botName: '小助手' }));
    const unnamed = new Bridge(group.bot, settings(), recorder().forwarder, memoryLogger());

    assert.equal(payload.mentioned, true);
    assert.equal((await unnamed.toPayload(messages[0]!, messages[0]!.room()!)).mentioned, false);
  });

  test('a mention of someone else is not a mention of the bot', async () => {
    const payload = await payloadOf(() => group.wang.say('@李叔 你家的快递到了', [group.li]).to(group.room));

    assert.equal(payload.mentioned, false);
  });

  test('an image is kind image, with no text', async () => {
    const photo = FileBox.fromBase64(Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64'), 'photo.jpg');
    const payload = await payloadOf(() => group.wang.say(photo).to(group.room));

    assert.equal(payload.kind, 'image');
    assert.equal(payload.text, '');
    assert.equal(payload.mentioned, false);
    assert.deepEqual(payload.attachments, []);
  });

  test('a voice message is kind voice', async () => {
    const voice = FileBox.fromBase64(Buffer.from('#!SILK_V3').toString('base64'), 'voice.sil');
    const payload = await payloadOf(() => group.wang.say(voice).to(group.room));

    assert.equal(payload.kind, 'voice');
    assert.equal(payload.text, '');
  });

  test('anything else is kind other', async () => {
    const video = FileBox.fromBase64(Buffer.from('mp4').toString('base64'), 'clip.mp4');
    const payload = await payloadOf(() => group.wang.say(video).to(group.room));

    assert.equal(payload.kind, 'other');
    assert.equal(payload.text, '');
  });

  test('a group mapped by name is sent under the id NeighborBot knows', async () => {
    const payload = await payloadOf(() => group.li.say('早上好').to(group.room),
      settings({ groupIds: new Map([['3号楼住户群', 'R:10696051']]) }));

    assert.deepEqual(payload.group, { id: 'R:10696051', name: '3号楼住户群' });
  });
});

describe('what the bridge forwards and says', () => {
  let group: Awaited<ReturnType<typeof mockGroup>>;
  let handled: { text: string; done: Promise<void> }[] = [];
  let bridge: Bridge;
  let rec = recorder();
  const logger = memoryLogger();

  before(async () => {
    group = await mockGroup();
    group.bot.on('message', m => void handled.push({ text: m.text(), done: bridge.onMessage(m) }));
  });
  after(() => group.bot.stop());

  /** The bridge that handles the next messages: with these settings, and NeighborBot answering `answer`. */
  function use(s: BridgeSettings, answer?: (p: ForwardPayload) => ForwardResult) {
    rec = recorder(answer);
    handled = [];
    group.said.length = 0;
    bridge = new Bridge(group.bot, s, rec.forwarder, logger);
  }
  /** Waits until the bridge has handled the messages with these texts (and whatever came with them). */
  async function settle(...texts: string[]) {
    await eventually(() => texts.every(t => handled.some(h => h.text === t)), 5_000, texts.join(', '));
    await Promise.all(handled.map(h => h.done));
  }
  const answered = (answer: Answer): ForwardResult => ({ outcome: 'answered', answer, attempts: 1 });

  test('forwards every group message by default', async () => {
    use(settings());
    group.li.say('今天天气不错').to(group.room);
    group.wang.say('楼道灯坏了').to(group.room);
    await settle('今天天气不错', '楼道灯坏了');

    assert.deepEqual(rec.payloads.map(p => p.text).sort(), ['今天天气不错', '楼道灯坏了'].sort());
  });

  test('ignores a one-to-one chat, with a log line', async () => {
    use(settings());
    group.li.say('你好，私聊').to(group.botUser);
    await settle('你好，私聊');

    assert.deepEqual(rec.payloads, []);
    assert.ok(logger.lines.some(l => l.event === 'ignored' && l.fields.reason === 'not a group message'));
  });

  test('says a reply in the group, mentioning the sender', async () => {
    use(settings(), p => answered(p.mentioned ? { reply: '已登记，工单号 20261129-0001', ticket: '20261129-0001' } : { reply: null, ticket: null }));
    group.wang.say('@社区小助手 3号楼2单元楼道灯坏了', [group.botUser]).to(group.room);
    await settle('@社区小助手 3号楼2单元楼道灯坏了');

    assert.deepEqual(group.said, [{ roomId: '10696051@chatroom', text: '@王阿姨 已登记，工单号 20261129-0001', mentionIds: ['wxid_wang'] }]);
  });

  test('does not forward its own messages', async () => {
    use(settings());
    const room = await group.bot.Room.find({ id: '10696051@chatroom' });
    await room!.say('本群今晚 8 点停水');
    await settle('本群今晚 8 点停水');

    assert.deepEqual(rec.payloads, []);
  });

  test('says nothing when NeighborBot has nothing to say, refuses, or cannot be reached', async () => {
    const results: ForwardResult[] = [answered({ reply: null, ticket: null }), { outcome: 'refused', status: 400, attempts: 1 },
      { outcome: 'gave-up', reason: 'status 503', attempts: 6 }];
    for (const [i, result] of results.entries()) {
      use(settings(), () => result);
      group.wang.say(`@社区小助手 在吗 ${i}`, [group.botUser]).to(group.room);
      await settle(`@社区小助手 在吗 ${i}`);
      assert.equal(rec.payloads.length, 1);
      assert.deepEqual(group.said, []);
    }
  });

  test('says what NeighborBot sends to a group mapped by name in that group', async () => {
    use(settings({ groupIds: new Map([['3号楼住户群', 'R:10696051']]) }));

    assert.equal(await bridge.deliver({ group: 'R:10696051', text: '明天停电', mentions: ['wxid_li'] }), 'sent');
    assert.equal(await bridge.deliver({ group: 'R:404', text: '明天停电', mentions: [] }), 'unknown-group');
    assert.deepEqual(group.said, [{ roomId: '10696051@chatroom', text: '@李叔 明天停电', mentionIds: ['wxid_li'] }]);
  });

  test('with BRIDGE_FORWARD=mentions, forwards only mentions and prefixed messages', async () => {
    use(settings({ forward: 'mentions', prefixes: ['报修', '#'] }));
    const texts = ['今天天气不错', '报修 5号楼电梯坏了', '#求助 家里停电', '@社区小助手 楼道灯坏了', '@社区小助手 水管漏了'];
    group.li.say(texts[0]).to(group.room);
    group.li.say(texts[1]).to(group.room);
    group.li.say(texts[2]).to(group.room);
    group.wang.say(texts[3], [group.botUser]).to(group.room);
    group.wang.say(texts[4]).to(group.room);
    await settle(...texts);

    assert.deepEqual(rec.payloads.map(p => p.text).sort(), texts.slice(1).sort());
  });
});

test('sent times are written in China time', () => {
  assert.equal(chinaTime(new Date('2026-11-29T00:00:00Z')), '2026-11-29T08:00:00+08:00');
  assert.equal(chinaTime(new Date('2026-11-29T16:30:05.123Z')), '2026-11-30T00:30:05+08:00');
});
