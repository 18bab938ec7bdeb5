import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { ScanStatus, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { memoryLogger } from '../src/log.js';
import { announceLogin } from '../src/login.js';
import { eventually } from './fake-neighborbot.js';
import './mock-group.js'; // quiets Wechaty's own log

test('shows the login QR code in the terminal and logs the login', async () => {
  const mocker = new mock.Mocker();
  const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  const logger = memoryLogger();
  const out = new PassThrough();
  let shown = '';
  out.on('data', chunk => { shown += chunk; });
  announceLogin(bot, logger, out);
  await bot.start();
  try {
    mocker.scan('https://login.weixin.qq.com/l/neighborbot-test', ScanStatus.Waiting);
    await eventually(() => shown.includes('neighborbot-test'), 5_000, 'the QR code');
    assert.match(shown, /█/, 'drawn with block characters');
    assert.ok(logger.lines.some(l => l.event === 'login-qr-code' && l.fields.status === 'Waiting'));

    mocker.login(mocker.createContact({ id: 'wxid_bot', name: '社区小助手' }));
    await eventually(() => logger.lines.some(l => l.event === 'logged-in' && l.fields.account === 'wxid_bot'), 5_000, 'the login');
  } finally {
    await bot.stop();
  }
});
