import { WechatyBuilder, type PuppetModuleName, type Wechaty } from 'wechaty';
import { startBridge } from './app.js';
import { ConfigError, readConfig, type BridgeConfig } from './config.js';
import { consoleLogger, type Level } from './log.js';
import { announceLogin } from './login.js';

const levels: Level[] = ['debug', 'info', 'warn', 'error'];
const logger = consoleLogger(levels.find(l => l === process.env.BRIDGE_LOG_LEVEL) ?? 'info');

let config: BridgeConfig;
try {
  config = readConfig(process.env);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(e.message + '\n');
  process.exit(2);
}

const bot: Wechaty = WechatyBuilder.build({
  // The login session is kept in ./neighborbot-{bridge}.memory-card.json, so a restart need not scan again.
  name: `neighborbot-${config.bridge}`,
  puppet: config.puppet as PuppetModuleName,
  puppetOptions: config.puppetToken ? { token: config.puppetToken } : {},
});

announceLogin(bot, logger);

const running = await startBridge(bot, config, logger);
logger.log('info', 'starting', { puppet: config.puppet, neighborBot: config.neighborBotUrl });
await bot.start();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.log('info', 'stopping', { signal });
  await running.close();
  await bot.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
