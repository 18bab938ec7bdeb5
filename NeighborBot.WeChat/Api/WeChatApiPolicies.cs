using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using Polly;
using Polly.Extensions.Http;
using Polly.Timeout;

namespace NeighborBot.WeChat.Api;

/// <summary>
/// The resilience of every call to WeChat, outer to inner: retry (with jittered exponential waits),
/// circuit breaker, per-attempt timeout, then <see cref="WeChatErrcodeHandler"/>. One instance per host,
/// so the breaker's state is shared by every call. Whether a call may be retried after a timeout
/// depends on the request: <see cref="Idempotent"/> marks those that WeChat dedupes (template sends
/// with <c>client_msg_id</c>, <c>stable_token</c>); the others (customer-service sends) are retried
/// only when the attempt certainly did not deliver.
/// </summary>
internal sealed class WeChatApiPolicies
{
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("NeighborBot.WeChat.Idempotent");

    private readonly IAsyncPolicy<HttpResponseMessage> _idempotentRetry;
    private readonly IAsyncPolicy<HttpResponseMessage> _unsafeRetry;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public WeChatApiPolicies(IOptions<WeChatApiOptions> options, ILogger<WeChatApiPolicies> logger)
    {
        var o = options.Value;
        _baseDelay = o.RetryBaseDelay;
        _maxDelay = o.RetryMaxDelay;

        AttemptTimeout = Policy.TimeoutAsync<HttpResponseMessage>(o.AttemptTimeout, TimeoutStrategy.Optimistic);

        Breaker = Policy<HttpResponseMessage>
            .Handle<HttpRequestException>()
            .Or<TimeoutRejectedException>()
            .OrResult(IsFailure)
            .CircuitBreakerAsync(
                o.BreakAfter,
                o.BreakFor,
                onBreak: (outcome, pause) => Log.CircuitOpened(logger, o.BreakAfter, pause, Describe(outcome)),
                onReset: () => Log.CircuitClosed(logger));

        _idempotentRetry = HttpPolicyExtensions.HandleTransientHttpError()
            .Or<TimeoutRejectedException>()
            .OrResult(WeChatErrcodeHandler.IsSystemBusy)
            .WaitAndRetryAsync(o.Retries, Delay, (outcome, wait, attempt, _) => Log.Retrying(logger, attempt, Describe(outcome), wait));

        // Not idempotent: a timeout or a connection lost after sending may have delivered, so only
        // failures that certainly did not deliver are retried.
        _unsafeRetry = Policy<HttpResponseMessage>
            .Handle<HttpRequestException>(WeChatErrors.CertainlyNotSent)
            .OrResult(IsFailure)
            .WaitAndRetryAsync(o.Retries, Delay, (outcome, wait, attempt, _) => Log.Retrying(logger, attempt, Describe(outcome), wait));
    }

    public IAsyncPolicy<HttpResponseMessage> AttemptTimeout { get; }

    public IAsyncPolicy<HttpResponseMessage> Breaker { get; }

    public IAsyncPolicy<HttpResponseMessage> RetryFor(HttpRequestMessage request) =>
        request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent ? _idempotentRetry : _unsafeRetry;

    /// <summary>HTTP 5xx or errcode -1: WeChat did not handle the request.</summary>
    private static bool IsFailure(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500 || WeChatErrcodeHandler.IsSystemBusy(response);

    /// <summary>Exponential (base, 2×base, 4×base, ... capped), with "equal jitter": half fixed, half random.</summary>
    private TimeSpan Delay(int attempt)
    {
        var exponential = Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter spreads retries over time; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(exponential / 2 + Random.Shared.NextDouble() * exponential / 2);
#pragma warning restore CA5394
    }

    private static string Describe(DelegateResult<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => "timeout",
        HttpRequestException e => $"network error ({e.HttpRequestError})",
        { } e => e.GetType().Name,
        null when WeChatErrcodeHandler.IsSystemBusy(outcome.Result) => "errcode -1 (system busy)",
        null => $"HTTP {(int)outcome.Result.StatusCode}",
    };
}

/// <summary>
/// WeChat answers HTTP 200 with an <c>errcode</c> in the JSON. This innermost handler buffers the
/// (small) body, reads <c>errcode</c> and marks the response with it, so the policies can retry
/// errcode -1 and count it as a failure like an HTTP 5xx.
/// </summary>
internal sealed class WeChatErrcodeHandler : DelegatingHandler
{
    public const string Header = "X-NeighborBot-WeChat-Errcode";
    private const long MaxBody = 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            await response.Content.LoadIntoBufferAsync(MaxBody, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (ReadErrcode(body) is { } errcode)
            {
                response.Headers.TryAddWithoutValidation(Header, errcode.ToString(CultureInfo.InvariantCulture));
            }
        }

        return response;
    }

    public static bool IsSystemBusy(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Header, out var values) && values.FirstOrDefault() == "-1";

    /// <summary>The top-level <c>errcode</c> of a JSON object; null when absent or not JSON.</summary>
    internal static int? ReadErrcode(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isErrcode = reader.ValueTextEquals("errcode"u8);
                reader.Read();
                if (isErrcode)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) ? code : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
