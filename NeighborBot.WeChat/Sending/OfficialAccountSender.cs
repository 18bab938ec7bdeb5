using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Outbox;
using NeighborBot.WeChat.Api;

namespace NeighborBot.WeChat.Sending;

/// <summary>The two ways the Official Account reaches a person.</summary>
public static class Channels
{
    /// <summary>Customer-service message (客服消息): free text, within 48 h of the person's last message.</summary>
    public const string CustomService = "custom";

    /// <summary>Template message (模板消息): any time, for followers, in the shape of an approved template.</summary>
    public const string Template = "template";

    /// <summary>Mass message (群发) to every follower: a few a month.</summary>
    public const string Mass = "mass";
}

/// <summary>
/// Delivers outbox messages to followers of an Official Account: a customer-service text when the
/// person wrote within the window (WeChat's 48-hour rule), else (or when WeChat answers
/// 45015/45047/45002) the account's template for the kind. A send whose outcome is unknown is never
/// repeated as a customer-service message, and as a template only within WeChat's 10-minute
/// <c>client_msg_id</c> dedupe window. The send rate is per account. A message to every follower
/// (recipient id <c>*</c>, a broadcast's mass message) goes as one <c>mass/sendall</c> under its id as
/// <c>clientmsgid</c>; a message with a <c>link</c> field goes as a news card within the window.
/// </summary>
internal sealed class OfficialAccountSender(
    IConversationStore conversations,
    WeChatApiClient api,
    WeChatAccounts accounts,
    TemplateCatalog templates,
    IOptions<OutboxOptions> options,
    IOptions<ConversationOptions> conversationOptions,
    IOptions<WeChatApiOptions> apiOptions,
    TimeProvider time,
    ILogger<OfficialAccountSender> logger) : IChannelSender
{
    /// <summary>WeChat dedupes a template's openid + client_msg_id for 10 minutes; resend only well inside that.</summary>
    public static readonly TimeSpan TemplateDedupeWindow = TimeSpan.FromMinutes(9);

    private const string CircuitOpen = "WeChat failed repeatedly and calls are paused (circuit open)";

    public string Channel => PersonKey.OfficialAccountChannel;

    public SendRate RateFor(PersonKey to) => new($"{Channel}:{to.Scope}", options.Value.SendsPerSecond, TimeSpan.FromSeconds(1));

    public TimeSpan MinimumWait(string? reason) =>
        reason?.StartsWith(CircuitOpen, StringComparison.Ordinal) == true ? apiOptions.Value.BreakFor : TimeSpan.Zero;

    public async Task<(MessageStatus Status, string? Reason)> DeliverAsync(MessageRecord record, int run, IAttemptLog log, CancellationToken cancellationToken)
    {
        var message = record.Message;
        var attempts = record.Attempts.ToList();

        if (record.InFlight is { } interrupted)
        {
            // A run that died is not counted, so the attempt carries the number of the run that found it.
            var unknown = new SendAttempt(interrupted.At, run, interrupted.Channel, AttemptOutcome.Uncertain,
                "an earlier run stopped during this send; WeChat may have delivered it");
            await log.RecordAsync(unknown, cancellationToken).ConfigureAwait(false);
            attempts.Add(unknown);
            if (interrupted.Channel == Channels.CustomService)
            {
                return (MessageStatus.Uncertain, "a customer-service send may have arrived before the run stopped; not sending again");
            }
        }

        var account = message.To.Scope;
        if (accounts.Find(account) is null)
        {
            return (MessageStatus.Failed, $"the account '{account}' is not configured (WeChat:Accounts:{account})");
        }

        if (message.To.Id == Reach.AllFollowers)
        {
            return await SendMassAsync(message, account, run, log, cancellationToken).ConfigureAwait(false);
        }

        var profile = (await conversations.GetAsync(message.To, cancellationToken).ConfigureAwait(false)).Profile;
        if (profile.Unsubscribed)
        {
            return (MessageStatus.Failed, "the person unfollowed the account");
        }

        var fellBackBefore = attempts.Exists(a => a is { Channel: Channels.CustomService, Outcome: AttemptOutcome.FellBack });
        if (!fellBackBefore && message.Text.Length > 0 && CustomServiceOpen(profile, time.GetUtcNow(), options.Value.CustomServiceWindow))
        {
            var custom = await CallAsync(log, run, Channels.CustomService, " after the request may have reached WeChat",
                () => message.Fields.TryGetValue("link", out var link)
                    ? api.SendCustomNewsAsync(account, message.To.Id, message.Fields.GetValueOrDefault("title") ?? message.Kind, Summary(message), link, cancellationToken)
                    : api.SendCustomTextAsync(account, message.To.Id, message.Text, cancellationToken), cancellationToken).ConfigureAwait(false);
            switch (custom.Outcome)
            {
                case AttemptOutcome.Delivered:
                    await RememberAsync(message, Channels.CustomService, cancellationToken).ConfigureAwait(false);
                    return (MessageStatus.Delivered, "delivered as a customer-service message");
                case AttemptOutcome.Refused:
                    return (MessageStatus.Failed, custom.Reason);
                case AttemptOutcome.Transient:
                    return (MessageStatus.Retrying, custom.Reason);
                case AttemptOutcome.Uncertain:
                    return (MessageStatus.Uncertain, custom.Reason + "; not sending again, so it cannot arrive twice");
                case AttemptOutcome.FellBack:
                    break;
            }
        }

        if (attempts.Where(a => a is { Channel: Channels.Template, Outcome: AttemptOutcome.Uncertain }).Select(a => (DateTimeOffset?)a.At).Min() is { } first
            && time.GetUtcNow() - first > TemplateDedupeWindow)
        {
            return (MessageStatus.Uncertain, "an earlier template send may have arrived and WeChat's 10-minute client_msg_id window has passed; not sending again");
        }

        var template = await SendTemplateAsync(message, account, run, log, cancellationToken).ConfigureAwait(false);
        switch (template.Outcome)
        {
            case AttemptOutcome.Delivered:
                await RememberAsync(message, Channels.Template, cancellationToken).ConfigureAwait(false);
                return (MessageStatus.Delivered, "delivered as a template message");
            case AttemptOutcome.Transient:
            case AttemptOutcome.Uncertain:
                // A template send repeats with the same client_msg_id, which WeChat dedupes.
                return (MessageStatus.Retrying, template.Reason);
            default:
                return (MessageStatus.Failed, template.Reason);
        }
    }

    /// <summary>
    /// One mass text to every follower. A repeat of the same clientmsgid (45065) means WeChat has it
    /// already; a used-up quota is final; busy or too frequent is tried again under the same id.
    /// </summary>
    private async Task<(MessageStatus Status, string? Reason)> SendMassAsync(OutboundMessage message, string account, int run, IAttemptLog log, CancellationToken cancellationToken)
    {
        var mass = await CallAsync(log, run, Channels.Mass, "; sending again with the same clientmsgid",
            () => api.SendMassTextAsync(account, message.Text, ClientMsgId(message.Id), cancellationToken), cancellationToken).ConfigureAwait(false);
        return mass switch
        {
            { Outcome: AttemptOutcome.Delivered } => (MessageStatus.Delivered, "sent to every follower as a mass message"),
            { ErrCode: WeChatErrors.MassAlreadySent } => (MessageStatus.Delivered, "WeChat had this mass message already (same clientmsgid)"),
            { ErrCode: WeChatErrors.MassRetriedTooFast } or { Outcome: AttemptOutcome.Transient or AttemptOutcome.Uncertain } => (MessageStatus.Retrying, mass.Reason),
            _ => (MessageStatus.Failed, mass.Reason),
        };
    }

    /// <summary>The description of a news card: the start of the text.</summary>
    private static string Summary(OutboundMessage message)
    {
        var text = message.Fields.GetValueOrDefault("text") ?? message.Text;
        return text.Length <= 120 ? text : text[..119] + "…";
    }

    /// <summary>Customer-service messages are allowed within the window after the person's last message.</summary>
    internal static bool CustomServiceOpen(PersonProfile profile, DateTimeOffset now, TimeSpan window) =>
        !profile.Unsubscribed && profile.LastMessageAt is { } last && now - last < window;

    /// <summary>The message id, as WeChat takes it (up to 64 bytes); a longer id is hashed to a stable 64-character one.</summary>
    internal static string ClientMsgId(string id) =>
        System.Text.Encoding.UTF8.GetByteCount(id) <= 64
            ? id
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));

    private async Task<SendAttempt> SendTemplateAsync(OutboundMessage message, string account, int run, IAttemptLog log, CancellationToken cancellationToken)
    {
        var rendered = templates.Render(account, message, out var problem);
        if (rendered is null)
        {
            var missing = new SendAttempt(time.GetUtcNow(), run, Channels.Template, AttemptOutcome.Refused, problem!);
            await log.RecordAsync(missing, cancellationToken).ConfigureAwait(false);
            return missing;
        }

        return await CallAsync(log, run, Channels.Template, "; sending again with the same client_msg_id",
            () => api.SendTemplateAsync(account, message.To.Id, rendered.TemplateId, rendered.Data, rendered.Url, ClientMsgId(message.Id), cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One call to WeChat one way: noted as in flight before, recorded after. A failure without an answer
    /// is transient when the request certainly did not leave, else uncertain (<paramref name="uncertainNote"/> says what follows).
    /// </summary>
    private async Task<SendAttempt> CallAsync(
        IAttemptLog log, int run, string way, string uncertainNote, Func<Task<WeChatResult>> call, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        await log.SendingAsync(way, cancellationToken).ConfigureAwait(false);
        SendAttempt attempt;
        try
        {
            attempt = FromResult(at, run, way, await call().ConfigureAwait(false));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            attempt = WeChatErrors.CertainlyNotSent(ex)
                ? new SendAttempt(at, run, way, AttemptOutcome.Transient, Describe(ex) + "; nothing was delivered", Error: Error(ex))
                : new SendAttempt(at, run, way, AttemptOutcome.Uncertain, Describe(ex) + uncertainNote, Error: Error(ex));
        }

        await log.RecordAsync(attempt, cancellationToken).ConfigureAwait(false);
        return attempt;
    }

    private static SendAttempt FromResult(DateTimeOffset at, int run, string way, WeChatResult result)
    {
        var code = result.ErrCode;
        var (outcome, reason) = code switch
        {
            WeChatErrors.Ok => (AttemptOutcome.Delivered, "delivered"),
            _ when way == Channels.CustomService && WeChatErrors.FallsBackToTemplate(code) =>
                (AttemptOutcome.FellBack, $"errcode {code}: {WeChatErrors.Describe(code)}; trying the template"),
            _ when WeChatErrors.IsTransient(code) => (AttemptOutcome.Transient, $"errcode {code}: {WeChatErrors.Describe(code)}"),
            _ => (AttemptOutcome.Refused, $"errcode {code}: {WeChatErrors.Describe(code)}"),
        };
        return new SendAttempt(at, run, way, outcome, reason, code, code == 0 ? null : result.ErrMsg, result.MsgId);
    }

    /// <summary>Adds what was sent to the person's history (for staff); a failure here does not undo the delivery.</summary>
    private async Task RememberAsync(OutboundMessage message, string way, CancellationToken cancellationToken)
    {
        try
        {
            var limits = conversationOptions.Value;
            await conversations.AppendHistoryAsync(
                message.To,
                [new HistoryEntry(time.GetUtcNow(), "out", way == Channels.CustomService ? "text" : "template:" + message.Kind, message.Text)],
                limits.HistoryLength,
                limits.HistoryRetention,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HistoryFailed(logger, ex, message.Id);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        Polly.Timeout.TimeoutRejectedException => "timed out",
        Polly.CircuitBreaker.BrokenCircuitException => CircuitOpen,
        WeChatTokenException => "no access token: " + ex.Message,
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status} after retries",
        HttpRequestException http => $"network error ({http.HttpRequestError})",
        TaskCanceledException => "timed out (whole call)",
        _ => ex.GetType().Name,
    };

    private static string Error(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
