import { types, type Contact, type Message, type Room, type Wechaty } from 'wechaty';
import type { BridgeConfig } from './config.js';
import type { Logger } from './log.js';
import type { ForwardPayload, ForwardResult } from './neighborbot.js';
import type { Delivery, SendRequest } from './send-server.js';

/**
 * Messages older than this when they reach the bridge are not forwarded: some protocols hand over
 * a backlog at login, and an answer to a report from yesterday, said in the group today, confuses
 * everybody. NeighborBot still sees the report when the resident writes again.
 */
export const MAX_MESSAGE_AGE_SECONDS = 10 * 60;

export interface Forwarder {
  forward(payload: ForwardPayload): Promise<ForwardResult>;
}

export type BridgeSettings = Pick<BridgeConfig, 'botName' | 'forward' | 'prefixes' | 'groupIds'>;

/**
 * The Wechaty side of the bridge: turns a group message into the contract's payload, says
 * NeighborBot's answer in the group, and says what NeighborBot sends through SendUrl.
 */
export class Bridge {
  /** id NeighborBot knows → group name, for groups mapped by name (BRIDGE_GROUP_IDS). */
  private readonly namesById: Map<string, string>;

  constructor(
    private readonly bot: Wechaty,
    private readonly settings: BridgeSettings,
    private readonly neighborBot: Forwarder,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.namesById = new Map([...settings.groupIds].map(([name, id]) => [id, name]));
  }

  /** Handles one message from Wechaty's `message` event; never throws. */
  async onMessage(message: Message): Promise<void> {
    try {
      await this.handle(message);
    } catch (e) {
      this.logger.log('error', 'message-failed', { id: message.id, reason: e instanceof Error ? e.message : String(e) });
    }
  }

  private async handle(message: Message): Promise<void> {
    if (message.self()) return;
    const room = message.room();
    if (!room) {
      this.logger.log('info', 'ignored', { id: message.id, reason: 'not a group message' });
      return;
    }
    const age = (this.now() - message.date().getTime()) / 1000;
    if (age > MAX_MESSAGE_AGE_SECONDS) {
      this.logger.log('info', 'ignored', { id: message.id, reason: 'too old', ageSeconds: Math.round(age) });
      return;
    }

    const payload = await this.toPayload(message, room);
    if (this.settings.forward === 'mentions' && !payload.mentioned && !this.hasPrefix(payload.text)) {
      this.logger.log('debug', 'ignored', { id: message.id, reason: 'neither a mention nor a prefix' });
      return;
    }

    const result = await this.neighborBot.forward(payload);
    if (result.outcome !== 'answered' || !result.answer.reply) return;
    await this.say(room, result.answer.reply, [message.talker()]);
  }

  /** The contract's payload for a group message. */
  async toPayload(message: Message, room: Room): Promise<ForwardPayload> {
    const talker = message.talker();
    const kind = kindOf(message.type());
    const text = kind === 'text' ? message.text() : kind === 'voice' ? transcript(message.text()) : '';
    return {
      id: message.id,
      group: { id: await this.groupIdOf(room), name: await room.topic() },
      sender: { id: talker.id, name: (await this.aliasIn(room, talker)) || talker.name() },
      mentioned: kind === 'text' && (await this.mentionsBot(message, room, text)),
      kind,
      text,
      attachments: [],
      sentAt: chinaTime(message.date()),
    };
  }

  /** Says `request.text` in the group, mentioning those of `request.mentions` who are in it. */
  async deliver(request: SendRequest): Promise<Delivery> {
    if (!this.bot.isLoggedIn) return 'not-logged-in';
    const room = await this.findRoom(request.group);
    if (!room) return 'unknown-group';

    const members = new Set(await this.bot.puppet.roomMemberList(room.id));
    const mentioned: Contact[] = [];
    for (const id of new Set(request.mentions)) {
      const contact = members.has(id) ? await this.bot.Contact.find({ id }) : undefined;
      if (contact) mentioned.push(contact);
      else this.logger.log('info', 'mention-skipped', { group: request.group, member: id, reason: 'not in the group' });
    }
    await this.say(room, request.text, mentioned);
    return 'sent';
  }

  private async say(room: Room, text: string, mentions: Contact[]): Promise<void> {
    try {
      await room.say(text, ...mentions);
    } catch (e) {
      if (mentions.length === 0) throw e;
      // A mention needs the member's name in the group; say it plainly rather than not at all.
      this.logger.log('warn', 'mention-failed', { room: room.id, reason: e instanceof Error ? e.message : String(e) });
      await room.say(text);
    }
  }

  private async groupIdOf(room: Room): Promise<string> {
    if (this.settings.groupIds.size === 0) return room.id;
    return this.settings.groupIds.get(await room.topic()) ?? room.id;
  }

  private async findRoom(groupId: string): Promise<Room | undefined> {
    const name = this.namesById.get(groupId);
    if (name !== undefined) return this.bot.Room.find({ topic: name });
    try {
      return await this.bot.Room.find({ id: groupId });
    } catch {
      return undefined;
    }
  }

  /**
   * Wechaty's mention list first; then the text itself, since the web protocol does not pass on
   * who was @-ed (its mentionSelf() is false even when the bot was mentioned): `@{name}` with the
   * configured name, the account's own name or its nickname in this group.
   */
  private async mentionsBot(message: Message, room: Room, text: string): Promise<boolean> {
    try {
      if (await message.mentionSelf()) return true;
    } catch (e) {
      this.logger.log('debug', 'mention-list-failed', { id: message.id, reason: e instanceof Error ? e.message : String(e) });
    }
    if (!text.includes('@')) return false;
    const self = this.bot.currentUser;
    const names = [this.settings.botName, self.name(), await this.aliasIn(room, self)];
    return names.some(name => !!name && text.includes(`@${name}`));
  }

  private async aliasIn(room: Room, contact: Contact): Promise<string | undefined> {
    try {
      return await room.alias(contact);
    } catch {
      return undefined;
    }
  }

  private hasPrefix(text: string): boolean {
    const trimmed = text.trimStart();
    return this.settings.prefixes.some(prefix => trimmed.startsWith(prefix));
  }
}

export function kindOf(type: types.Message): ForwardPayload['kind'] {
  switch (type) {
    case types.Message.Text: return 'text';
    case types.Message.Image: return 'image';
    case types.Message.Audio: return 'voice';
    default: return 'other';
  }
}

/**
 * A voice message's text is its transcript when the protocol gives one (some iPad protocols do);
 * the web protocol gives nothing usable, or the message's XML, which is no transcript.
 */
function transcript(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('<') ? '' : trimmed;
}

/** `2026-11-29T08:00:00+08:00`: China has one time zone and no daylight saving. */
export function chinaTime(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
