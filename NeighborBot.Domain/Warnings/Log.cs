using Microsoft.Extensions.Logging;

namespace NeighborBot.Warnings;

// Warning ids, feeds, counts and states only: never a household's address, a name or a phone.
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Warning {Id}: {MsgType} from feed {Feed} applied (severity {Severity})")]
    public static partial void Ingested(ILogger logger, string id, string msgType, string feed, string severity);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Warning {Id} issued by hand (severity {Severity})")]
    public static partial void Issued(ILogger logger, string id, string severity);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Warning {Id}: version {Version} announced")]
    public static partial void Announced(ILogger logger, string id, int version);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Warning {Id}: a household confirmed as {State}")]
    public static partial void Confirmed(ILogger logger, string id, string state);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "Warning {Id}: {Count} households unconfirmed went to escalation stage {Stage}")]
    public static partial void Escalated(ILogger logger, string id, int stage, int count);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "Warning {Id} expired")]
    public static partial void Expired(ILogger logger, string id);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Warning, Message = "Feed {Feed} could not be read: {Problem}")]
    public static partial void FeedFailed(ILogger logger, string feed, string problem);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Warning, Message = "Feed {Feed}: an alert was skipped: {Problem}")]
    public static partial void AlertSkipped(ILogger logger, string feed, string problem);
}
