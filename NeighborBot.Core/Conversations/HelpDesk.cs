using NeighborBot.WeChat;

namespace NeighborBot.Conversations;

/// <summary>
/// The bot's answers before the intake understands problems: a short plain-Chinese help text for
/// anything a person writes or says, a welcome on follow. Menus and media get a pointer to writing.
/// </summary>
internal sealed class HelpDesk : IResponder
{
    public Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, InboundMessage message, CancellationToken cancellationToken)
    {
        BotReply? reply = message switch
        {
            SubscribeEvent => new TextReply(BotTexts.Welcome),
            ScanEvent or ClickEvent => new TextReply(BotTexts.Help),
            TextMessage or LinkMessage or LocationMessage => new TextReply(BotTexts.Help),
            VoiceMessage { Recognition: { Length: > 0 } } => new TextReply(BotTexts.Help),
            VoiceMessage => new TextReply(BotTexts.VoiceNotUnderstood),
            ImageMessage or VideoMessage => new TextReply(BotTexts.MediaReceived),
            _ => null,
        };

        // Unsubscribes and unknown kinds are recorded but end any conversation in progress.
        var next = reply is null ? null : conversation.State ?? new ConversationState();
        return Task.FromResult(new TurnResult(reply, next));
    }
}

/// <summary>What the bot says, in short sentences an elderly resident understands.</summary>
internal static class BotTexts
{
    public const string Help =
        "您好，这里是社区服务台。\n" +
        "您可以直接打字或发语音告诉我：\n" +
        "· 报修：比如“3号楼2单元楼道灯坏了”\n" +
        "· 安全隐患、邻里纠纷、物业和环境卫生问题\n" +
        "· 政策咨询、微心愿\n" +
        "我会记下来，交给负责的网格员。\n" +
        "遇到火情、燃气泄漏等紧急情况，请先拨打 119 或 110。";

    public const string Welcome =
        "欢迎关注社区服务台！\n" + Help;

    public const string VoiceNotUnderstood =
        "这条语音我没听清，麻烦您再说一遍，或者打字告诉我。";

    public const string MediaReceived =
        "收到了。请再用一句话告诉我是什么问题、在哪里，比如“5号楼门口垃圾没人清”。";

    public const string Busy =
        "系统有点忙，请您稍后再发一次。";
}
