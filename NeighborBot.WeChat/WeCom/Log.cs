using Microsoft.Extensions.Logging;

namespace NeighborBot.WeChat.WeCom;

/// <summary>The WeCom channel's log: robot names, group ids and message ids, never a token, an AES key, a webhook key or what people wrote.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "WeCom callback for unknown robot {Bot} refused")]
    public static partial void UnknownBot(ILogger logger, string bot);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "WeCom robot {Bot}: a callback with a bad msg_signature or a stale timestamp was refused")]
    public static partial void BadSignature(ILogger logger, string bot);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "WeCom robot {Bot}: a callback was refused: {Problem}")]
    public static partial void BadBody(ILogger logger, string bot, string problem);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "WeCom robot {Bot}: group {Group} wrote to the bot but is not mapped; recorded for an admin")]
    public static partial void UnknownGroup(ILogger logger, string bot, string group);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "WeCom robot {Bot}: a refresh asked for a stream that is not remembered; finished empty")]
    public static partial void UnknownStream(ILogger logger, string bot);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Message {MessageId} to WeCom group {Group}: no answer after the post was sent ({Error}); left uncertain, not sent again")]
    public static partial void RobotNoAnswer(ILogger logger, string messageId, string group, string error);
}
