/**
 * Everything the bridge reads from its environment, checked at start: a missing or wrong value
 * stops it and names itself (every problem at once, not the first one).
 */
export const DEFAULT_BRIDGE = 'wechaty';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8788;
export const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';
export const MIN_SECRET_LENGTH = 16;

/** `all`: every group message (NeighborBot counts chatter per group per day); `mentions`: only those that mention the bot or start with a prefix. */
export type ForwardMode = 'all' | 'mentions';

export interface BridgeConfig {
  /** The `{bridge}` of `/bridge/{bridge}/messages` and of `Bridges:{bridge}:*` in NeighborBot. */
  bridge: string;
  /** NeighborBot's base address, without a trailing slash. */
  neighborBotUrl: string;
  secret: string;
  host: string;
  port: number;
  puppet: string;
  /** Only for wechaty-puppet-service (paid protocols). */
  puppetToken: string | undefined;
  /** The bot's name in the groups; a text holding `@{name}` counts as a mention. */
  botName: string | undefined;
  forward: ForwardMode;
  prefixes: string[];
  /** Group name → the id NeighborBot knows it by, for puppets whose room ids change at each login. */
  groupIds: Map<string, string>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bridge's configuration is not usable:\n  - ${problems.join('\n  - ')}`);
  }
}

export function readConfig(env: NodeJS.ProcessEnv): BridgeConfig {
  const problems: string[] = [];
  const text = (name: string) => env[name]?.trim() || undefined;

  const bridge = text('NEIGHBORBOT_BRIDGE') ?? DEFAULT_BRIDGE;
  if (!/^[A-Za-z0-9_-]+$/.test(bridge)) problems.push('NEIGHBORBOT_BRIDGE: letters, digits, - and _ only');

  const url = text('NEIGHBORBOT_URL');
  let neighborBotUrl = '';
  if (!url) problems.push('NEIGHBORBOT_URL: required (NeighborBot\'s address, e.g. http://127.0.0.1:5080)');
  else {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
      neighborBotUrl = url.replace(/\/+$/, '');
    } catch {
      problems.push('NEIGHBORBOT_URL: not an http(s) address');
    }
  }

  const secret = env.NEIGHBORBOT_BRIDGE_SECRET ?? '';
  if (!secret) problems.push(`NEIGHBORBOT_BRIDGE_SECRET: required (the same value as NeighborBot's Bridges:${bridge}:Secret)`);
  else if (secret.length < MIN_SECRET_LENGTH) problems.push(`NEIGHBORBOT_BRIDGE_SECRET: at least ${MIN_SECRET_LENGTH} characters`);

  const host = text('BRIDGE_HOST') ?? DEFAULT_HOST;
  const portText = text('BRIDGE_PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('BRIDGE_PORT: a port number (0-65535)');

  const puppet = text('WECHATY_PUPPET') ?? DEFAULT_PUPPET;
  const puppetToken = text('WECHATY_PUPPET_SERVICE_TOKEN');
  if (puppet === 'wechaty-puppet-service' && !puppetToken) problems.push('WECHATY_PUPPET_SERVICE_TOKEN: required with wechaty-puppet-service');

  const forwardText = (text('BRIDGE_FORWARD') ?? 'all').toLowerCase();
  if (forwardText !== 'all' && forwardText !== 'mentions') problems.push('BRIDGE_FORWARD: all or mentions');
  const prefixes = (text('BRIDGE_PREFIXES') ?? '').split(',').map(p => p.trim()).filter(Boolean);

  const groupIds = new Map<string, string>();
  const groupIdsText = text('BRIDGE_GROUP_IDS');
  if (groupIdsText) {
    try {
      const parsed: unknown = JSON.parse(groupIdsText);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      for (const [name, id] of Object.entries(parsed)) {
        if (typeof id !== 'string' || !id) throw new Error();
        groupIds.set(name, id);
      }
      if (new Set(groupIds.values()).size !== groupIds.size) problems.push('BRIDGE_GROUP_IDS: two groups share one id');
    } catch {
      problems.push('BRIDGE_GROUP_IDS: a JSON object of group name to id, e.g. {"3号楼住户群": "R:10696051"}');
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    bridge, neighborBotUrl, secret, host, port, puppet, puppetToken,
    botName: text('BRIDGE_BOT_NAME'),
    forward: forwardText as ForwardMode,
    prefixes,
    groupIds,
  };
}
