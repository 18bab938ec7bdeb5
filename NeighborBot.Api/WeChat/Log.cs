using NeighborBot.WeChat;

namespace NeighborBot.Api.WeChat;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Callback for unknown account {Account} refused")]
    public static partial void UnknownAccount(ILogger logger, string account);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Callback for {Account} from {Remote} refused ({Refusal}): {Reason}")]
    public static partial void Refused(ILogger logger, string account, WeChatRefusal refusal, string reason, string? remote);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Callback for {Account} from {Remote} refused: body over the limit (Content-Length {ContentLength})")]
    public static partial void TooLarge(ILogger logger, string account, long? contentLength, string? remote);

    /// <summary>A signed URL used with a body WeChat did not send: someone holds the URL (or the token).</summary>
    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Security event: callback for {Account} from {Remote} refused ({Refusal}): {Reason}")]
    public static partial void Forged(ILogger logger, string account, WeChatRefusal refusal, string reason, string? remote);
}
