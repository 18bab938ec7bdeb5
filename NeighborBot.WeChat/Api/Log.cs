using Microsoft.Extensions.Logging;

namespace NeighborBot.WeChat.Api;

// Never a token or a secret here: AppIds and account names only.
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Fetched the access token of {AppId} (expires in {ExpiresIn} s; kept {KeptFor} s)")]
    public static partial void TokenFetched(ILogger logger, string appId, long expiresIn, long keptFor);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Another instance is refreshing the access token of {AppId}; waiting for it")]
    public static partial void WaitingForToken(ILogger logger, string appId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Dropped the refused access token of {AppId}")]
    public static partial void TokenDropped(ILogger logger, string appId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "WeChat refused the access token of account {Account} (errcode {Errcode}); refreshing it and calling once more")]
    public static partial void TokenRejected(ILogger logger, string account, int errcode);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "WeChat refused an access token for account {Account}: errcode {Errcode} ({Meaning})")]
    public static partial void TokenRefused(ILogger logger, string account, int errcode, string meaning);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Calling WeChat again (retry {Retry}) after {Failure}, in {Wait}")]
    public static partial void Retrying(ILogger logger, int retry, string failure, TimeSpan wait);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "WeChat's API failed {Count} times in a row (last: {Failure}); calls fail at once for {Pause}")]
    public static partial void CircuitOpened(ILogger logger, int count, TimeSpan pause, string failure);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "WeChat's API answers again; calls go through")]
    public static partial void CircuitClosed(ILogger logger);
}
