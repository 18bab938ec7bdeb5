using Microsoft.Extensions.Logging;

namespace NeighborBot.Outbox;

// Message ids, kinds and outcomes only: never the text (it may hold a phone number or an address) or a token.
internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Queued message {MessageId} ({Kind})")]
    public static partial void Queued(ILogger logger, string messageId, string kind);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Message {MessageId} was queued before ({Status}); not queued again")]
    public static partial void AlreadyQueued(ILogger logger, string messageId, MessageStatus status);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Another run is sending message {MessageId}; this run does nothing")]
    public static partial void RunInProgress(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Message {MessageId} is not in the outbox (expired?); nothing to send")]
    public static partial void NotFound(ILogger logger, string messageId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Message {MessageId} is already {Status}; not sending again")]
    public static partial void AlreadyDone(ILogger logger, string messageId, MessageStatus status);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Message {MessageId} via {Channel}: {Outcome} (errcode {Errcode}): {Reason}")]
    public static partial void Attempt(ILogger logger, string messageId, string channel, AttemptOutcome outcome, int? errcode, string reason);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Message {MessageId} ({Kind}) is {Status} after run {Run}: {Reason}")]
    public static partial void Finished(ILogger logger, string messageId, string kind, MessageStatus status, string reason, int run);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Information, Message = "Sends through {Channel} work again; {Woken} waiting messages are due now")]
    public static partial void Recovered(ILogger logger, string channel, int woken);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "The hold of a run on message {MessageId} could not be renewed")]
    public static partial void HoldFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Message {MessageId} is final but an observer could not count it (the sweep catches up)")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string messageId);
}
