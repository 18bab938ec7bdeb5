using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Storage;
using NeighborBot.WeChat;
using NeighborBot.WeChat.Api;

namespace NeighborBot.Notifications;

/// <summary>What a run of the send job came to.</summary>
/// <param name="NextRunAt">When the message is to run again (it failed for now, or was put off); null when it is final or another run has it.</param>
internal sealed record SendOutcome(MessageStatus Status, string? Reason, DateTimeOffset? NextRunAt)
{
    public static readonly SendOutcome Nothing = new(MessageStatus.Queued, null, null);
}

/// <summary>
/// Sends one queued message, once, however often its job runs:
/// a customer-service text when the person wrote within the window, else (or when WeChat answers
/// 45015/45047/45002) the account's template for the kind. Every attempt goes to the send log with
/// its reason; refusals for good end the message; failures that certainly delivered nothing are
/// tried again after growing, jittered waits for <c>Notifications:RetryFor</c> (an outage of hours
/// loses nothing); a send whose outcome is unknown is never repeated on the customer-service
/// channel, and on the template channel only within WeChat's 10-minute <c>client_msg_id</c> window.
/// All instances together send at most <c>Notifications:SendsPerSecond</c> per account, so a
/// backlog after an outage drains at the account's rate instead of all at once.
/// </summary>
internal sealed class MessageSender(
    IMessageStore store,
    IConversationStore conversations,
    IRateLimiter rates,
    WeChatApiClient api,
    WeChatAccounts accounts,
    TemplateCatalog templates,
    IOptions<NotificationOptions> options,
    IOptions<ConversationOptions> conversationOptions,
    IOptions<WeChatApiOptions> apiOptions,
    TimeProvider time,
    ILogger<MessageSender> logger)
{
    /// <summary>WeChat dedupes a template's openid + client_msg_id for 10 minutes; resend only well inside that.</summary>
    public static readonly TimeSpan TemplateDedupeWindow = TimeSpan.FromMinutes(9);

    /// <summary>A run that comes this much early (clocks of instances differ a little) still counts as due.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    private NotificationOptions Settings => options.Value;

    private TimeSpan Retention => Settings.SendLogRetention;

    /// <summary>
    /// How long a run holds its message without renewing the hold. A live run renews it every
    /// <see cref="LeaseRenewal"/>, however long its calls and token waits take; a run whose process died
    /// frees the message within this long, so the sweep sends it soon after a restart.
    /// </summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    public async Task<SendOutcome> SendAsync(string id, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        if (!await store.TryBeginRunAsync(id, owner, Lease, cancellationToken).ConfigureAwait(false))
        {
            Log.RunInProgress(logger, id);
            return SendOutcome.Nothing;
        }

        using var running = new CancellationTokenSource();
        var holding = HoldAsync(id, owner, running.Token);
        var ended = false;
        try
        {
            var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null || record.IsFinal)
            {
                if (record is null)
                {
                    Log.NotFound(logger, id);
                }
                else
                {
                    Log.AlreadyDone(logger, id, record.Status);
                }

                await store.ForgetReadyAsync(id, cancellationToken).ConfigureAwait(false);
                return SendOutcome.Nothing;
            }

            var now = time.GetUtcNow();
            if (record.NextRunAt > now + EarlyTolerance && !(await store.ReadyAtAsync(id, cancellationToken).ConfigureAwait(false) <= now + EarlyTolerance))
            {
                // Not due yet (and not woken by WeChat's recovery): the run scheduled for then, or the sweep, sends it.
                return SendOutcome.Nothing;
            }

            var channel = $"{record.Message.To.Channel}:{record.Message.To.Scope}";
            if (record.Message.To.Channel == PersonKey.OfficialAccountChannel && await WaitForRateAsync(channel, cancellationToken).ConfigureAwait(false) is { } wait)
            {
                var later = new RunEnd(record.Status == MessageStatus.Queued ? MessageStatus.Queued : MessageStatus.Retrying, record.Reason, Counted: false, now + wait + Jitter(wait));
                await store.EndRunAsync(id, owner, later, now, Retention, cancellationToken).ConfigureAwait(false);
                ended = true;
                return new SendOutcome(later.Status, later.Reason, later.NextRunAt);
            }

            var run = record.Runs + 1;
            var (status, reason) = await DeliverAsync(record, run, cancellationToken).ConfigureAwait(false);
            now = time.GetUtcNow();
            await NoteChannelAsync(channel, status, now, cancellationToken).ConfigureAwait(false);
            DateTimeOffset? next = null;
            if (status == MessageStatus.Retrying)
            {
                if (now - record.QueuedAt >= Settings.RetryFor)
                {
                    status = MessageStatus.Failed;
                    reason = $"gave up after trying for {Describe(Settings.RetryFor)} ({run} runs); last: {reason}";
                }
                else
                {
                    next = now + Backoff(run, reason);
                }
            }

            await store.EndRunAsync(id, owner, new RunEnd(status, reason, Counted: true, next), now, Retention, cancellationToken).ConfigureAwait(false);
            ended = true;
            Log.Finished(logger, id, record.Message.Kind, status, reason ?? string.Empty, run);
            return new SendOutcome(status, reason, next);
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await holding.ConfigureAwait(false);
            if (!ended)
            {
                await store.ReleaseRunAsync(id, owner, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Renews the run's hold on the message until the run ends.</summary>
    private async Task HoldAsync(string id, string owner, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseRenewal, time, running).ConfigureAwait(false);
                await store.RenewRunAsync(id, owner, Lease, running).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store did not answer; the run goes on, and another may take the message when the hold lapses.
            Log.HoldFailed(logger, ex, id);
        }
    }

    /// <summary>
    /// Takes a permit of the channel's send rate, waiting for one as long as <c>Notifications:RateWaitBudget</c>
    /// allows (a backlog then goes out at the rate without the latency of rescheduling); returns the wait
    /// still needed when the budget is spent, and the run is put off by that much.
    /// </summary>
    private async Task<TimeSpan?> WaitForRateAsync(string channel, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (await rates.TryTakeAsync(channel, Settings.SendsPerSecond, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false) is { } wait)
        {
            if (waited + wait > Settings.RateWaitBudget)
            {
                return wait;
            }

            var pause = wait + TimeSpan.FromMilliseconds(Random.Shared.Next(20));
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            waited += pause;
        }

        return null;
    }

    /// <summary>A failure for now marks the channel failing; the first delivery after that wakes everything waiting on it.</summary>
    private async Task NoteChannelAsync(string channel, MessageStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status == MessageStatus.Retrying)
        {
            await store.NoteFailingAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        else if (status == MessageStatus.Delivered && await store.NoteWorkingAsync(channel, now, cancellationToken).ConfigureAwait(false) is > 0 and var woken)
        {
            Log.Recovered(logger, channel, woken);
        }
    }

    /// <summary>
    /// The wait before run <paramref name="run"/> + 1: the base doubled each run up to the maximum, spread
    /// by ±25 % so that many messages failing together are not all tried again at the same moment.
    /// While WeChat's circuit is open, at least its break time (no call can go before).
    /// </summary>
    private TimeSpan Backoff(int run, string? reason)
    {
        var settings = Settings;
        var wait = TimeSpan.FromTicks((long)Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(run - 1, 30))));
        if (reason?.StartsWith(CircuitOpen, StringComparison.Ordinal) == true && wait < apiOptions.Value.BreakFor)
        {
            wait = apiOptions.Value.BreakFor;
        }

        return wait + Jitter(wait);
    }

    private static TimeSpan Jitter(TimeSpan wait) => TimeSpan.FromTicks((long)(wait.Ticks * (Random.Shared.NextDouble() - 0.5) / 2));

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0.#} min";

    private async Task<(MessageStatus Status, string? Reason)> DeliverAsync(MessageRecord record, int run, CancellationToken cancellationToken)
    {
        var message = record.Message;
        var attempts = record.Attempts.ToList();

        if (record.InFlight is { } interrupted)
        {
            // A run that died is not counted, so the attempt carries the number of the run that found it.
            var unknown = new SendAttempt(interrupted.At, run, interrupted.Channel, AttemptOutcome.Uncertain,
                "an earlier run stopped during this send; WeChat may have delivered it");
            await AppendAsync(message.Id, unknown, cancellationToken).ConfigureAwait(false);
            attempts.Add(unknown);
            if (interrupted.Channel == Channels.CustomService)
            {
                return (MessageStatus.Uncertain, "a customer-service send may have arrived before the run stopped; not sending again");
            }
        }

        if (message.To.Channel != PersonKey.OfficialAccountChannel)
        {
            return (MessageStatus.Failed, $"'{message.To.Channel}' is not an Official Account recipient; group messages go through the bridge");
        }

        var account = message.To.Scope;
        if (accounts.Find(account) is null)
        {
            return (MessageStatus.Failed, $"the account '{account}' is not configured (WeChat:Accounts:{account})");
        }

        var profile = (await conversations.GetAsync(message.To, cancellationToken).ConfigureAwait(false)).Profile;
        if (profile.Unsubscribed)
        {
            return (MessageStatus.Failed, "the person unfollowed the account");
        }

        var now = time.GetUtcNow();
        var fellBackBefore = attempts.Exists(a => a is { Channel: Channels.CustomService, Outcome: AttemptOutcome.FellBack });
        if (!fellBackBefore && message.Text.Length > 0 && ChannelChoice.CustomServiceOpen(profile, now, options.Value.CustomServiceWindow))
        {
            var custom = await SendCustomAsync(message, account, run, cancellationToken).ConfigureAwait(false);
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

        var template = await SendTemplateAsync(message, account, run, cancellationToken).ConfigureAwait(false);
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

    private Task<SendAttempt> SendCustomAsync(OutboundMessage message, string account, int run, CancellationToken cancellationToken) =>
        CallAsync(message.Id, run, Channels.CustomService, " after the request may have reached WeChat",
            () => api.SendCustomTextAsync(account, message.To.Id, message.Text, cancellationToken), cancellationToken);

    private async Task<SendAttempt> SendTemplateAsync(OutboundMessage message, string account, int run, CancellationToken cancellationToken)
    {
        var rendered = templates.Render(account, message, out var problem);
        if (rendered is null)
        {
            var missing = new SendAttempt(time.GetUtcNow(), run, Channels.Template, AttemptOutcome.Refused, problem!);
            await AppendAsync(message.Id, missing, cancellationToken).ConfigureAwait(false);
            return missing;
        }

        return await CallAsync(message.Id, run, Channels.Template, "; sending again with the same client_msg_id",
            () => api.SendTemplateAsync(account, message.To.Id, rendered.TemplateId, rendered.Data, rendered.Url, ClientMsgId(message.Id), cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One call to WeChat on one channel: noted as in flight before, recorded after. A failure without
    /// an answer is transient when the request certainly did not leave, else uncertain (<paramref name="uncertainNote"/> says what follows).
    /// </summary>
    private async Task<SendAttempt> CallAsync(
        string id, int run, string channel, string uncertainNote, Func<Task<WeChatResult>> call, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        await store.MarkSendingAsync(id, new InFlightSend(channel, at), cancellationToken).ConfigureAwait(false);
        SendAttempt attempt;
        try
        {
            attempt = FromResult(at, run, channel, await call().ConfigureAwait(false));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            attempt = WeChatErrors.CertainlyNotSent(ex)
                ? new SendAttempt(at, run, channel, AttemptOutcome.Transient, Describe(ex) + "; nothing was delivered", Error: Error(ex))
                : new SendAttempt(at, run, channel, AttemptOutcome.Uncertain, Describe(ex) + uncertainNote, Error: Error(ex));
        }

        await AppendAsync(id, attempt, cancellationToken).ConfigureAwait(false);
        return attempt;
    }

    private static SendAttempt FromResult(DateTimeOffset at, int run, string channel, WeChatResult result)
    {
        var code = result.ErrCode;
        var (outcome, reason) = code switch
        {
            WeChatErrors.Ok => (AttemptOutcome.Delivered, "delivered"),
            _ when channel == Channels.CustomService && WeChatErrors.FallsBackToTemplate(code) =>
                (AttemptOutcome.FellBack, $"errcode {code}: {WeChatErrors.Describe(code)}; trying the template"),
            _ when WeChatErrors.IsTransient(code) => (AttemptOutcome.Transient, $"errcode {code}: {WeChatErrors.Describe(code)}"),
            _ => (AttemptOutcome.Refused, $"errcode {code}: {WeChatErrors.Describe(code)}"),
        };
        return new SendAttempt(at, run, channel, outcome, reason, code, code == 0 ? null : result.ErrMsg, result.MsgId);
    }

    private async Task AppendAsync(string id, SendAttempt attempt, CancellationToken cancellationToken)
    {
        await store.AppendAttemptAsync(id, attempt, Retention, cancellationToken).ConfigureAwait(false);
        Log.Attempt(logger, id, attempt.Channel, attempt.Outcome, attempt.ErrCode, attempt.Reason);
    }

    /// <summary>Adds what was sent to the person's history (for staff); a failure here does not undo the delivery.</summary>
    private async Task RememberAsync(OutboundMessage message, string channel, CancellationToken cancellationToken)
    {
        try
        {
            var limits = conversationOptions.Value;
            await conversations.AppendHistoryAsync(
                message.To,
                [new HistoryEntry(time.GetUtcNow(), "out", channel == Channels.CustomService ? "text" : "template:" + message.Kind, message.Text)],
                limits.HistoryLength,
                limits.HistoryRetention,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HistoryFailed(logger, ex, message.Id);
        }
    }

    /// <summary>The message id, as WeChat takes it (up to 64 bytes); a longer id is hashed to a stable 64-character one.</summary>
    internal static string ClientMsgId(string id) =>
        System.Text.Encoding.UTF8.GetByteCount(id) <= 64
            ? id
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));

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

    private const string CircuitOpen = "WeChat failed repeatedly and calls are paused (circuit open)";

    private static string Error(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}

/// <summary>Which channel can reach a person now.</summary>
internal static class ChannelChoice
{
    /// <summary>Customer-service messages are allowed within the window after the person's last message.</summary>
    public static bool CustomServiceOpen(PersonProfile profile, DateTimeOffset now, TimeSpan window) =>
        !profile.Unsubscribed && profile.LastMessageAt is { } last && now - last < window;
}
