using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Groups;
using NeighborBot.Outbox;

namespace NeighborBot.WeChat.WeCom;

/// <summary>
/// Posts outbox messages into WeCom groups through the group's robot webhook (群机器人,
/// <c>/cgi-bin/webhook/send?key=</c>, the key from <c>Groups:{chatid}:Robot</c>): a text that mentions the
/// member it is for (nobody for the whole group), or markdown when the text is too long for a text or the
/// message to the whole group carries its own <c>markdown</c> field (a broadcast written for robots). A robot
/// takes 20 messages a minute, so the rate is per robot, for all instances together, and WeCom's
/// rate-limit answer (45009) waits a minute. The webhook has no idempotency key: a post whose outcome is
/// unknown (a timeout after sending, a run that died during it) is never sent again, so nothing arrives
/// twice; it is left uncertain for an admin to look at. The key is a secret: it is in no log, reason,
/// error or rate name.
/// </summary>
internal sealed class WeComRobotSender(
    HttpClient http,
    IOptions<WeComOptions> options,
    IOptionsMonitor<WeComRobotOptions> robots,
    TimeProvider time,
    ILogger<WeComRobotSender> logger) : IChannelSender
{
    public const string Way = "robot";

    /// <summary>WeCom's rate-limit answer: more than 20 messages in a minute.</summary>
    public const int FrequencyLimit = 45009;

    /// <summary>WeCom was busy; nothing was sent.</summary>
    public const int SystemBusy = -1;

    /// <summary>A text takes at most 2048 bytes; markdown 4096.</summary>
    public const int MaxTextBytes = 2048;

    public const int MaxMarkdownBytes = 4096;

    /// <summary>The field of an outbox message that holds markdown written for robots (a broadcast's).</summary>
    public const string MarkdownField = "markdown";

    private static readonly TimeSpan RateLimitedWait = TimeSpan.FromMinutes(1);
    private static readonly string RateLimitedReason = $"errcode {FrequencyLimit}";

    public string Channel => PersonKey.WeComChannel;

    /// <summary>Per robot (named by a hash of its key, which is a secret), so two groups of one robot share its 20 a minute.</summary>
    public SendRate RateFor(PersonKey to) => new(
        "wecom-robot:" + (to.GroupId is { } group && robots.CurrentValue.KeyFor(group) is { } key ? Fingerprint(key) : "none"),
        options.Value.RobotSendsPerMinute,
        TimeSpan.FromMinutes(1));

    public TimeSpan MinimumWait(string? reason) =>
        reason?.StartsWith(RateLimitedReason, StringComparison.Ordinal) == true ? RateLimitedWait : TimeSpan.Zero;

    public async Task<(MessageStatus Status, string? Reason)> DeliverAsync(MessageRecord record, int run, IAttemptLog attempts, CancellationToken cancellationToken)
    {
        var to = record.Message.To;
        if (record.InFlight is { } interrupted)
        {
            // A run that died is not counted, so the attempt carries the number of the run that found it.
            await attempts.RecordAsync(new SendAttempt(interrupted.At, run, interrupted.Channel, AttemptOutcome.Uncertain,
                "an earlier run stopped during this post; WeCom may have delivered it"), cancellationToken).ConfigureAwait(false);
            return (MessageStatus.Uncertain, "a robot post may have arrived before the run stopped; the webhook cannot tell a repeat, so it is not sent again");
        }

        if (to.GroupId is not { } chatId)
        {
            return (MessageStatus.Failed, "a one-to-one chat with a WeCom smart robot can only be answered when the person writes; there is no robot to post through");
        }

        if (robots.CurrentValue.KeyFor(chatId) is not { } key)
        {
            return (MessageStatus.Failed, $"the group '{chatId}' has no robot (Groups:{WeComRobotOptions.ConfigKey(chatId)}:Robot)");
        }

        var post = Post(record.Message.Text, GroupAddress.IsWholeGroup(to) ? null : to.Id, record.Message.Fields.GetValueOrDefault(MarkdownField));
        var body = JsonSerializer.SerializeToUtf8Bytes(post, WeComJson.Wire.WeComRobotPost);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{options.Value.RobotBaseUrl.TrimEnd('/')}/cgi-bin/webhook/send?key={Uri.EscapeDataString(key)}"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        var at = time.GetUtcNow();
        await attempts.SendingAsync(Way, cancellationToken).ConfigureAwait(false);
        SendAttempt attempt;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            attempt = await ReadAsync(response, at, run, key, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                   or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            attempt = new SendAttempt(at, run, Way, AttemptOutcome.Transient, $"WeCom cannot be reached ({ex.HttpRequestError}); nothing was delivered", Error: ex.GetType().Name);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            Log.RobotNoAnswer(logger, record.Message.Id, chatId, ex.GetType().Name);
            attempt = new SendAttempt(at, run, Way, AttemptOutcome.Uncertain,
                "no answer from WeCom after the post was sent; the webhook cannot tell a repeat, so it is not sent again", Error: ex.GetType().Name);
        }

        await attempts.RecordAsync(attempt, cancellationToken).ConfigureAwait(false);
        return attempt.Outcome switch
        {
            AttemptOutcome.Delivered => (MessageStatus.Delivered, attempt.Reason),
            AttemptOutcome.Transient => (MessageStatus.Retrying, attempt.Reason),
            AttemptOutcome.Uncertain => (MessageStatus.Uncertain, attempt.Reason),
            _ => (MessageStatus.Failed, attempt.Reason),
        };
    }

    /// <summary>
    /// A text mentioning the member (mentions work only in a text); markdown, which takes twice the
    /// length, when the text is too long for one, with the member mentioned in it. Cut to fit at worst.
    /// A message to the whole group that has its own <paramref name="markdown"/> goes as that markdown.
    /// </summary>
    internal static WeComRobotPost Post(string text, string? member, string? markdown = null)
    {
        if (member is null && !string.IsNullOrWhiteSpace(markdown))
        {
            return new WeComRobotPost("markdown", Markdown: new WeComContent(Utf8Text.Cut(markdown, MaxMarkdownBytes)));
        }

        if (Encoding.UTF8.GetByteCount(text) <= MaxTextBytes)
        {
            return new WeComRobotPost("text", Text: new WeComRobotText(text, member is null ? null : [member]));
        }

        var mention = member is null ? string.Empty : $"<@{member}>\n";
        return new WeComRobotPost("markdown", Markdown: new WeComContent(mention + Utf8Text.Cut(text, MaxMarkdownBytes - Encoding.UTF8.GetByteCount(mention))));
    }

    /// <summary>A short, stable name for a robot that does not reveal its key.</summary>
    internal static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    private static async Task<SendAttempt> ReadAsync(HttpResponseMessage response, DateTimeOffset at, int run, string key, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                ? new SendAttempt(at, run, Way, AttemptOutcome.Transient, $"WeCom answered HTTP {status}; nothing was delivered")
                : new SendAttempt(at, run, Way, AttemptOutcome.Refused, $"WeCom refused the post: HTTP {status}");
        }

        WeComApiReply? reply;
        try
        {
            reply = await response.Content.ReadFromJsonAsync(WeComJson.Wire.WeComApiReply, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            reply = null;
        }

        if (reply is null)
        {
            return new SendAttempt(at, run, Way, AttemptOutcome.Uncertain,
                "WeCom answered HTTP 200 with a body that is not its JSON; it may have delivered, so it is not sent again");
        }

        // WeCom's errmsg may echo parts of the request: whatever it says, the key does not go into the send log.
        var errmsg = (reply.Errmsg ?? string.Empty).Replace(key, "***", StringComparison.Ordinal);
        return reply.Errcode switch
        {
            0 => new SendAttempt(at, run, Way, AttemptOutcome.Delivered, "delivered to the group", ErrCode: 0),
            FrequencyLimit => new SendAttempt(at, run, Way, AttemptOutcome.Transient,
                $"errcode {FrequencyLimit}: the robot took more than 20 messages in a minute; trying again in a minute", FrequencyLimit, errmsg),
            SystemBusy => new SendAttempt(at, run, Way, AttemptOutcome.Transient, $"errcode {SystemBusy}: WeCom is busy", SystemBusy, errmsg),
            var code => new SendAttempt(at, run, Way, AttemptOutcome.Refused, $"errcode {code}: {errmsg}", code, errmsg),
        };
    }
}
