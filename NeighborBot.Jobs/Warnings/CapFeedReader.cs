using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Warnings;
using Polly;
using Polly.Extensions.Http;
using Polly.Timeout;

namespace NeighborBot.Jobs.Warnings;

/// <summary>
/// Reads a feed's CAP document over HTTP with the resilience the WeChat client has: retries of transient
/// failures with jittered exponential waits, a circuit breaker (one per feed, so a dead feed does not stop
/// the others), and a timeout per attempt. A document larger than <see cref="MaxBytes"/> is refused.
/// </summary>
internal sealed partial class CapFeedReader(HttpClient http, FeedPolicies policies) : IAlertFeedReader
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public async Task<string> ReadAsync(AlertFeed feed, CancellationToken cancellationToken)
    {
        using var response = await policies.For(feed.Name).ExecuteAsync(
            token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, feed.Url);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/cap+xml"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml", 0.9));
                return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            },
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new CapFormatException($"the document is {response.Content.Headers.ContentLength} bytes; at most {MaxBytes} are read");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The feeds' policies: retry, then a breaker per feed, then the per-attempt timeout; one instance per host.</summary>
internal sealed partial class FeedPolicies(IOptions<WarningOptions> options, ILogger<FeedPolicies> logger)
{
    private readonly ConcurrentDictionary<string, IAsyncPolicy<HttpResponseMessage>> _byFeed = new(StringComparer.Ordinal);

    public IAsyncPolicy<HttpResponseMessage> For(string feed) => _byFeed.GetOrAdd(feed, name =>
    {
        var o = options.Value;
        var retry = HttpPolicyExtensions.HandleTransientHttpError()
            .Or<TimeoutRejectedException>()
            .WaitAndRetryAsync(o.FeedRetries, attempt => Delay(attempt, o.FeedRetryDelay), (outcome, wait, attempt, _) =>
                Retrying(logger, name, attempt, outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}", wait));
        var breaker = HttpPolicyExtensions.HandleTransientHttpError()
            .Or<TimeoutRejectedException>()
            .CircuitBreakerAsync(5, TimeSpan.FromMinutes(1), (_, pause) => Opened(logger, name, pause), () => Closed(logger, name));
        var timeout = Policy.TimeoutAsync<HttpResponseMessage>(o.FeedTimeout, TimeoutStrategy.Optimistic);
        return Policy.WrapAsync(retry, breaker, timeout);
    });

    /// <summary>Exponential with "equal jitter": half fixed, half random.</summary>
    private static TimeSpan Delay(int attempt, TimeSpan baseDelay)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
#pragma warning disable CA5394 // Jitter spreads retries over time; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(exponential / 2 + Random.Shared.NextDouble() * exponential / 2);
#pragma warning restore CA5394
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Feed {Feed}: attempt {Attempt} failed ({Outcome}); retrying in {Wait}")]
    private static partial void Retrying(ILogger logger, string feed, int attempt, string outcome, TimeSpan wait);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Feed {Feed}: circuit opened for {Pause} after repeated failures")]
    private static partial void Opened(ILogger logger, string feed, TimeSpan pause);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Feed {Feed}: circuit closed")]
    private static partial void Closed(ILogger logger, string feed);
}
