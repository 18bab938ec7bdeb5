using Microsoft.Extensions.Logging;

namespace NeighborBot.WeChat;

internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Answering delivery {DedupeId} on account {Account} failed; the person is asked to send again")]
    public static partial void AnswerFailed(ILogger logger, Exception exception, string account, string dedupeId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "A {Kind} on account {Account} was set aside: {Field} is not a usable number")]
    public static partial void UnusableNumber(ILogger logger, string account, string kind, string field);
}
