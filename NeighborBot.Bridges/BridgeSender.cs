using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NeighborBot.Groups;
using NeighborBot.Outbox;

namespace NeighborBot.Bridges;

/// <summary>
/// Posts outbox messages into a bridge's group: <c>{"group", "text", "mentions"}</c> to the bridge's
/// SendUrl, signed like the bridge's own posts, the member mentioned. The message id goes in
/// <c>X-NeighborBot-Message-Id</c>, so a bridge that got a post whose answer was lost says it once.
/// A bridge sends at most <c>Bridges:{bridge}:SendsPerMinute</c>, by all instances together.
/// </summary>
internal sealed class BridgeSender(HttpClient http, IOptionsMonitor<BridgeOptions> options, TimeProvider time) : IChannelSender
{
    public const string MessageIdHeader = "X-NeighborBot-Message-Id";
    public const string Way = "bridge";

    public string Channel => PersonKey.BridgeGroupChannel;

    public SendRate RateFor(PersonKey to) =>
        new($"{Channel}:{to.Source}", options.CurrentValue.Bridges.TryGetValue(to.Source, out var bridge) ? bridge.SendsPerMinute : 20, TimeSpan.FromMinutes(1));

    public TimeSpan MinimumWait(string? reason) => TimeSpan.Zero;

    public async Task<(MessageStatus Status, string? Reason)> DeliverAsync(MessageRecord record, int run, IAttemptLog attempts, CancellationToken cancellationToken)
    {
        var to = record.Message.To;
        if (!options.CurrentValue.Bridges.TryGetValue(to.Source, out var bridge) || bridge.SendUrl is not { Length: > 0 } url)
        {
            return (MessageStatus.Failed, $"the bridge '{to.Source}' has no SendUrl (Bridges:{to.Source}:SendUrl)");
        }

        if (to.GroupId is not { } group)
        {
            return (MessageStatus.Failed, "the recipient is not a group member");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new BridgeSend(group, record.Message.Text, GroupAddress.IsWholeGroup(to) ? [] : [to.Id]), BridgeJson.Default.BridgeSend);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(BridgeSignature.TimestampHeader, timestamp);
        request.Headers.Add(BridgeSignature.SignatureHeader, BridgeSignature.Compute(bridge.Secret, timestamp, body));
        request.Headers.Add(MessageIdHeader, record.Message.Id);

        var at = time.GetUtcNow();
        await attempts.SendingAsync(Way, cancellationToken).ConfigureAwait(false);
        SendAttempt attempt;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            attempt = response.IsSuccessStatusCode
                ? new SendAttempt(at, run, Way, AttemptOutcome.Delivered, "delivered to the bridge")
                : status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                    ? new SendAttempt(at, run, Way, AttemptOutcome.Transient, $"the bridge answered HTTP {status}")
                    : new SendAttempt(at, run, Way, AttemptOutcome.Refused, $"the bridge refused it: HTTP {status}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            attempt = new SendAttempt(at, run, Way, AttemptOutcome.Transient, $"the bridge cannot be reached ({ex.HttpRequestError}); nothing was delivered", Error: ex.GetType().Name);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The post may have arrived: the bridge says a message id once, so sending it again is safe.
            attempt = new SendAttempt(at, run, Way, AttemptOutcome.Uncertain, "no answer from the bridge; sending again under the same message id", Error: ex.GetType().Name);
        }

        await attempts.RecordAsync(attempt, cancellationToken).ConfigureAwait(false);
        return attempt.Outcome switch
        {
            AttemptOutcome.Delivered => (MessageStatus.Delivered, attempt.Reason),
            AttemptOutcome.Refused => (MessageStatus.Failed, attempt.Reason),
            _ => (MessageStatus.Retrying, attempt.Reason),
        };
    }
}
