import { WechatyBuilder, log as wechatyLog, type Wechaty } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';

wechatyLog.level('silent');

export interface Said {
  roomId: string;
  text: string;
  mentionIds: string[];
}

/**
 * A WeChat group played by wechaty-puppet-mock: the bot 社区小助手, two residents and a neighbour
 * who is not in the group, in 3号楼住户群 (`10696051@chatroom`; the mock wants an `@` in a room id).
 * `said` records every text the bot sends, with the ids it mentioned (the mock itself drops them).
 */
export async function mockGroup(options: { roomId?: string; botName?: string; residentId?: string } = {}) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const said: Said[] = [];
  // Wechaty passes the mentioned ids as a third argument, which PuppetMock neither declares nor keeps.
  type SendText = (conversationId: string, text: string, mentionIdList?: string[]) => Promise<void | string>;
  const sendText = puppet.messageSendText.bind(puppet) as SendText;
  (puppet as { messageSendText: SendText }).messageSendText = async (conversationId, text, mentionIdList) => {
    said.push({ roomId: conversationId, text, mentionIds: mentionIdList ?? [] });
    return sendText(conversationId, text, mentionIdList);
  };

  const botUser = mocker.createContact({ id: 'wxid_bot', name: options.botName ?? '社区小助手' });
  const wang = mocker.createContact({ id: options.residentId ?? 'wxid_wang', name: '王阿姨' });
  const li = mocker.createContact({ id: 'wxid_li', name: '李叔' });
  const stranger = mocker.createContact({ id: 'wxid_stranger', name: '路人' });
  const room = mocker.createRoom({
    id: options.roomId ?? '10696051@chatroom',
    topic: '3号楼住户群',
    memberIdList: [botUser.id, wang.id, li.id],
  });

  const bot: Wechaty = WechatyBuilder.build({ puppet });
  await bot.start();
  const loggedIn = new Promise<void>(resolve => bot.on('login', () => resolve()));
  mocker.login(botUser);
  await loggedIn;
  return { mocker, puppet, bot, botUser, wang, li, stranger, room, said };
}

