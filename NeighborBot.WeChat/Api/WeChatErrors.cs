using System.Net.Http;
using NeighborBot.Conversations;
using Polly.CircuitBreaker;

namespace NeighborBot.WeChat.Api;

/// <summary>
/// WeChat's API error codes that change what we do (wechat-protocol.md §3.9), and which failures of a
/// call certainly did not deliver anything.
/// </summary>
public static class WeChatErrors
{
    public const int SystemBusy = -1;
    public const int Ok = 0;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAccessToken = 40014;
    public const int InvalidTemplateId = 40037;
    public const int AccessTokenExpired = 42001;
    public const int NotFollowing = 43004;
    public const int UserRefuses = 43101;
    public const int ContentTooLong = 45002;
    public const int DailyQuotaReached = 45009;
    public const int TooFrequent = 45011;
    public const int OutsideCustomServiceWindow = 45015;
    public const int TooManyCustomServiceMessages = 45047;
    public const int InvalidTemplateData = 47003;
    public const int MassQuotaUsedUp = 45028;
    public const int MassAlreadySent = 45065;
    public const int MassRetriedTooFast = 45066;

    /// <summary>The token was refused: refresh it once and call once more.</summary>
    public static bool IsTokenRejected(int errcode) => errcode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>Worth another try later: WeChat was busy, a quota or rate limit, or a token that is still refused after a refresh.</summary>
    public static bool IsTransient(int errcode) => errcode is SystemBusy or DailyQuotaReached or TooFrequent || IsTokenRejected(errcode);

    /// <summary>A customer-service message that cannot go now, but a template message may (wechat-protocol.md §3.2).</summary>
    public static bool FallsBackToTemplate(int errcode) => errcode is OutsideCustomServiceWindow or TooManyCustomServiceMessages or ContentTooLong;

    /// <summary>What an error code means, for the send log.</summary>
    public static string Describe(int errcode) => errcode switch
    {
        SystemBusy => "WeChat is busy",
        Ok => "ok",
        InvalidCredential or InvalidAccessToken => "the access token was refused",
        AccessTokenExpired => "the access token expired",
        InvalidOpenId => "the openid does not belong to this account",
        InvalidTemplateId => "the template id is wrong",
        NotFollowing => "the person does not follow the account",
        UserRefuses => "the person refuses messages from the account",
        ContentTooLong => "the text is too long",
        DailyQuotaReached => "the account's daily API quota is used up",
        TooFrequent => "the API was called too often",
        OutsideCustomServiceWindow => "outside the 48 h customer-service window (or the person unfollowed)",
        TooManyCustomServiceMessages => "too many customer-service messages without a reply",
        InvalidTemplateData => "the template data does not fit the template",
        MassQuotaUsedUp => "the account's mass-message quota is used up",
        MassAlreadySent => "a mass message with this clientmsgid was sent already",
        MassRetriedTooFast => "the same mass message was retried within a minute",
        40013 or 40125 => "the AppId or AppSecret is wrong",
        40164 => "this server's IP address is not on the account's whitelist",
        41001 => "the access token is missing",
        47001 => "WeChat could not parse the request",
        48001 => "the account may not use this API",
        _ => "WeChat error",
    };

    /// <summary>
    /// True when a failed call certainly did not deliver, so sending again cannot deliver twice: the
    /// connection failed before the request was sent, the server answered with an HTTP error status
    /// (5xx: WeChat did not handle it), the circuit was open, or no token could be had. A timeout or a
    /// connection lost after sending is not certain.
    /// </summary>
    public static bool CertainlyNotSent(Exception exception) => exception switch
    {
        WeChatTokenException or BrokenCircuitException => true,
        HttpRequestException { StatusCode: not null } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
        _ => false,
    };
}

/// <summary>No access token could be had (WeChat refused the AppId/secret, or could not be reached); nothing was sent.</summary>
public sealed class WeChatTokenException : Exception
{
    public WeChatTokenException()
    {
    }

    public WeChatTokenException(string message)
        : base(message)
    {
    }

    public WeChatTokenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public WeChatTokenException(string message, int errcode)
        : base(message) => ErrCode = errcode;

    /// <summary>WeChat's errcode, when WeChat answered.</summary>
    public int? ErrCode { get; }
}
