using Microsoft.Extensions.Logging;

namespace NeighborBot.Conversations;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Delivery {DedupeId} from {Channel} repeated ({Status}); answering as the first time")]
    public static partial void Repeated(ILogger logger, string dedupeId, string channel, ClaimStatus status);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Delivery {DedupeId} still in progress after waiting {WaitMs} ms; the retry asks the person to send again")]
    public static partial void RetryGaveUp(ILogger logger, string dedupeId, double waitMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Two messages of one person at once; turn {DedupeId} redone on the newer state")]
    public static partial void TurnConflict(ILogger logger, string dedupeId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Turn {DedupeId} took longer than its claim and a retry took the delivery over; the retry's answer stands")]
    public static partial void TurnTakenOver(ILogger logger, string dedupeId);
}
