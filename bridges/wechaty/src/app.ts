import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Wechaty } from 'wechaty';
import { Bridge } from './bridge.js';
import type { BridgeConfig } from './config.js';
import type { Logger } from './log.js';
import { NeighborBotClient, type NeighborBotClientOptions } from './neighborbot.js';
import { createSendServer } from './send-server.js';

export interface RunningBridge {
  bridge: Bridge;
  server: Server;
  /** Where the SendUrl listens: `http://{host}:{port}/send`. */
  sendUrl: string;
  close(): Promise<void>;
}

/**
 * Wires a Wechaty instance (any puppet: the real one in main.ts, the mock in tests) to NeighborBot
 * and opens the SendUrl. The caller starts and stops the bot.
 */
export async function startBridge(
  bot: Wechaty,
  config: BridgeConfig,
  logger: Logger,
  clientOverrides: Partial<NeighborBotClientOptions> = {},
): Promise<RunningBridge> {
  const client = new NeighborBotClient({
    url: config.neighborBotUrl, bridge: config.bridge, secret: config.secret, logger, ...clientOverrides,
  });
  const bridge = new Bridge(bot, config, client, logger);
  bot.on('message', message => void bridge.onMessage(message));
  // Wechaty reports a failed look-up (such as a SendUrl request for a group it does not know) as an
  // 'error' event, and an EventEmitter without an 'error' listener ends the process.
  bot.on('error', error => logger.log('warn', 'wechaty-error', { reason: error instanceof Error ? error.message : String(error) }));

  const server = createSendServer({ secret: config.secret, logger, deliver: request => bridge.deliver(request) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const sendUrl = `http://${host}:${port}/send`;
  logger.log('info', 'send-url-listening', { url: sendUrl, bridge: config.bridge, forward: config.forward });

  return {
    bridge, server, sendUrl,
    close: () => new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
