namespace NeighborBot.Api.Admin;

/// <summary>The admin key's security events: the client address and the path, never the key that was sent.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Security event: wrong admin key from {Client} for {Path} ({Failures} of {MaxFailures} allowed in the window)")]
    public static partial void WrongKey(ILogger logger, string client, string path, long failures, int maxFailures);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Security event: admin request from {Client} for {Path} refused with 429: too many wrong keys, retry after {RetryAfterSeconds} s")]
    public static partial void LockedOut(ILogger logger, string client, string path, long retryAfterSeconds);
}
