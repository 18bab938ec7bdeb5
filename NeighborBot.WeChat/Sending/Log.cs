using Microsoft.Extensions.Logging;

namespace NeighborBot.WeChat.Sending;

internal static partial class Log
{
    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Message {MessageId} was delivered but could not be added to the person's history")]
    public static partial void HistoryFailed(ILogger logger, Exception exception, string messageId);
}
