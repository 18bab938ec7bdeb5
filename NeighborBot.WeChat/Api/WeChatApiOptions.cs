using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat.Api;

/// <summary>
/// The <c>WeChat:Api</c> section: how calls to WeChat's API (<c>WeChat:ApiBaseUrl</c>) are timed,
/// retried and broken off, and how early the shared access token is renewed.
/// </summary>
public sealed class WeChatApiOptions
{
    public const string Section = "WeChat:Api";

    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(5);
    public const int DefaultRetries = 2;
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromSeconds(4);
    public const int DefaultBreakAfter = 5;
    public static readonly TimeSpan DefaultBreakFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTokenRefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>One HTTP attempt is abandoned after this long (and retried only when that cannot deliver twice).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>Retries after the first attempt, on network errors, HTTP 5xx, timeouts and errcode -1 (system busy).</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = DefaultRetries;

    /// <summary>The first retry waits about this long; each next one twice as long, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>No retry waits longer than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryMaxDelay { get; set; } = DefaultRetryMaxDelay;

    /// <summary>The circuit opens after this many failed attempts in a row (every account shares it: one WeChat).</summary>
    [Range(1, 1000)]
    public int BreakAfter { get; set; } = DefaultBreakAfter;

    /// <summary>While open, calls fail at once without reaching WeChat; then one trial call decides.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BreakFor { get; set; } = DefaultBreakFor;

    /// <summary>A cached token is dropped this long before WeChat's <c>expires_in</c> runs out.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = DefaultTokenRefreshMargin;

    /// <summary>The longest one call can take, retries and their waits included (the HttpClient's own timeout).</summary>
    internal TimeSpan CallBudget => AttemptTimeout * (Retries + 1) + RetryMaxDelay * Retries + TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the token refresh lock is held at most: longer than a <c>stable_token</c> call can take,
    /// so it never expires under a live refresher; a refresher that died frees it after this long.
    /// </summary>
    internal TimeSpan TokenLockTtl => CallBudget + TimeSpan.FromSeconds(5);
}

internal sealed class WeChatApiOptionsValidator : IValidateOptions<WeChatApiOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatApiOptions options) =>
        options.RetryMaxDelay < options.RetryBaseDelay
            ? ValidateOptionsResult.Fail("WeChat:Api:RetryMaxDelay must not be shorter than WeChat:Api:RetryBaseDelay.")
            : ValidateOptionsResult.Success;
}
