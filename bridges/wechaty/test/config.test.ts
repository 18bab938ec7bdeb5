import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, readConfig } from '../src/config.js';

const required = { NEIGHBORBOT_URL: 'http://127.0.0.1:5080/', NEIGHBORBOT_BRIDGE_SECRET: 'a-secret-of-sixteen+' };

describe('configuration', () => {
  test('needs only NeighborBot\'s address and the secret; the rest has defaults', () => {
    const config = readConfig(required);

    assert.deepEqual({ ...config, groupIds: [...config.groupIds] }, {
      bridge: 'wechaty',
      neighborBotUrl: 'http://127.0.0.1:5080',
      secret: 'a-secret-of-sixteen+',
      host: '127.0.0.1',
      port: 8788,
      puppet: 'wechaty-puppet-wechat4u',
      puppetToken: undefined,
      botName: undefined,
      forward: 'all',
      prefixes: [],
      groupIds: [],
    });
  });

  test('reads every variable', () => {
    const config = readConfig({
      ...required,
      NEIGHBORBOT_BRIDGE: 'building3',
      BRIDGE_HOST: '0.0.0.0',
      BRIDGE_PORT: '9000',
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_token',
      BRIDGE_BOT_NAME: '社区小助手',
      BRIDGE_FORWARD: 'mentions',
      BRIDGE_PREFIXES: '报修, #求助 ,',
      BRIDGE_GROUP_IDS: '{"3号楼住户群": "R:10696051"}',
    });

    assert.equal(config.bridge, 'building3');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 9000);
    assert.equal(config.puppet, 'wechaty-puppet-service');
    assert.equal(config.puppetToken, 'puppet_token');
    assert.equal(config.botName, '社区小助手');
    assert.equal(config.forward, 'mentions');
    assert.deepEqual(config.prefixes, ['报修', '#求助']);
    assert.deepEqual([...config.groupIds], [['3号楼住户群', 'R:10696051']]);
  });

  test('names every problem at once', () => {
    const error = (() => {
      try {
        readConfig({
          NEIGHBORBOT_BRIDGE_SECRET: 'short', BRIDGE_PORT: 'eighty', BRIDGE_FORWARD: 'some',
          WECHATY_PUPPET: 'wechaty-puppet-service', BRIDGE_GROUP_IDS: '["R:1"]',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();

    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map(p => p.split(':')[0]), [
      'NEIGHBORBOT_URL', 'NEIGHBORBOT_BRIDGE_SECRET', 'BRIDGE_PORT', 'WECHATY_PUPPET_SERVICE_TOKEN', 'BRIDGE_FORWARD', 'BRIDGE_GROUP_IDS',
    ]);
    assert.ok(!error.message.includes('short'), 'the secret is not repeated');
  });

  test('refuses an address that is not http(s) and a bridge name that cannot be in a route', () => {
    assert.throws(() => readConfig({ ...required, NEIGHBORBOT_URL: 'ftp://host' }), /NEIGHBORBOT_URL/);
    assert.throws(() => readConfig({ ...required, NEIGHBORBOT_BRIDGE: 'a/b' }), /NEIGHBORBOT_BRIDGE/);
  });
});
