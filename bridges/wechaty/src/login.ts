import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, type Wechaty } from 'wechaty';
import type { Logger } from './log.js';

/**
 * Shows the login QR code in the terminal whenever WeChat asks for a scan (at the first start,
 * and again after WeChat logs the account out), and logs logins and logouts.
 */
export function announceLogin(bot: Wechaty, logger: Logger, out: NodeJS.WritableStream = process.stdout): void {
  bot.on('scan', (qrcode: string, status: ScanStatus) => {
    logger.log('info', 'login-qr-code', { status: ScanStatus[status] });
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    out.write('\nScan this code with the WeChat account that sits in the groups (WeChat: + > Scan), then confirm on the phone:\n');
    qrcodeTerminal.generate(qrcode, { small: true }, code => out.write(code + '\n'));
    out.write(`If the code does not show well, make a QR code of this address with any tool: ${qrcode}\n`);
  });
  bot.on('login', user => logger.log('info', 'logged-in', { account: user.id }));
  bot.on('logout', (user, reason) => logger.log('warn', 'logged-out', { account: user.id, reason: reason ? String(reason) : undefined }));
}
