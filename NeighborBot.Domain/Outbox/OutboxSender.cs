using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;

namespace NeighborBot.Outbox;

/// <summary>What a run of the send job came to.</summary>
/// <param name="NextRunAt">When the message is to run again (it failed for now, or was put off); null when it is final or another run has it.</param>
internal sealed record SendOutcome(MessageStatus Status, string? Reason, DateTimeOffset? NextRunAt)
{
    public static readonly SendOutcome Nothing = new(MessageStatus.Queued, null, null);
}

/// <summary>
/// Sends one queued message, once, however often its job runs, through the sender of the recipient's
/// channel (<see cref="IChannelSender"/>). Every attempt goes to the send log with its reason;
/// refusals for good end the message; failures for now are tried again after growing, jittered waits
/// for <c>Notifications:RetryFor</c> (an outage of hours loses nothing). All instances together send
/// at the channel's rate, so a backlog after an outage drains at that rate instead of all at once.
/// </summary>
internal sealed class OutboxSender(
    IMessageStore store,
    IRateLimiter rates,
    IEnumerable<IChannelSender> senders,
    IEnumerable<IOutboxObserver> observers,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger)
{
    private readonly IMessageStore _store = store;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    /// <summary>A run that comes this much early (clocks of instances differ a little) still counts as due.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    private OutboxOptions Settings => options.Value;

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
        if (!await _store.TryBeginRunAsync(id, owner, Lease, cancellationToken).ConfigureAwait(false))
        {
            Log.RunInProgress(_logger, id);
            return SendOutcome.Nothing;
        }

        using var running = new CancellationTokenSource();
        var holding = HoldAsync(id, owner, running.Token);
        var ended = false;
        try
        {
            var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null || record.IsFinal)
            {
                if (record is null)
                {
                    Log.NotFound(_logger, id);
                }
                else
                {
                    Log.AlreadyDone(_logger, id, record.Status);
                }

                await _store.ForgetReadyAsync(id, cancellationToken).ConfigureAwait(false);
                return SendOutcome.Nothing;
            }

            var now = _time.GetUtcNow();
            if (record.NextRunAt > now + EarlyTolerance && !(await _store.ReadyAtAsync(id, cancellationToken).ConfigureAwait(false) <= now + EarlyTolerance))
            {
                // Not due yet (and not woken by WeChat's recovery): the run scheduled for then, or the sweep, sends it.
                return SendOutcome.Nothing;
            }

            if (senders.FirstOrDefault(s => s.Channel == record.Message.To.Channel) is not { } sender)
            {
                var noSender = $"no sender for the channel '{record.Message.To.Channel}' is configured";
                await _store.EndRunAsync(id, owner, new RunEnd(MessageStatus.Failed, noSender, Counted: true, null), now, Retention, cancellationToken).ConfigureAwait(false);
                ended = true;
                await ObserveAsync(record.Message, MessageStatus.Failed, cancellationToken).ConfigureAwait(false);
                return new SendOutcome(MessageStatus.Failed, noSender, null);
            }

            var rate = sender.RateFor(record.Message.To);
            var channel = rate.Name;
            if (await WaitForRateAsync(rate, cancellationToken).ConfigureAwait(false) is { } wait)
            {
                var later = new RunEnd(record.Status == MessageStatus.Queued ? MessageStatus.Queued : MessageStatus.Retrying, record.Reason, Counted: false, now + wait + Jitter(wait));
                await _store.EndRunAsync(id, owner, later, now, Retention, cancellationToken).ConfigureAwait(false);
                ended = true;
                return new SendOutcome(later.Status, later.Reason, later.NextRunAt);
            }

            var run = record.Runs + 1;
            var (status, reason) = await sender.DeliverAsync(record, run, new AttemptLog(this, id), cancellationToken).ConfigureAwait(false);
            now = _time.GetUtcNow();
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
                    next = now + Backoff(run, sender.MinimumWait(reason));
                }
            }

            await _store.EndRunAsync(id, owner, new RunEnd(status, reason, Counted: true, next), now, Retention, cancellationToken).ConfigureAwait(false);
            ended = true;
            Log.Finished(_logger, id, record.Message.Kind, status, reason ?? string.Empty, run);
            if (status is MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Uncertain)
            {
                await ObserveAsync(record.Message, status, cancellationToken).ConfigureAwait(false);
            }

            return new SendOutcome(status, reason, next);
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await holding.ConfigureAwait(false);
            if (!ended)
            {
                await _store.ReleaseRunAsync(id, owner, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tells the observers that a message is final; their trouble never undoes the send.</summary>
    private async Task ObserveAsync(OutboundMessage message, MessageStatus status, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.FinishedAsync(message, status, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ObserverFailed(_logger, ex, message.Id);
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
                await Task.Delay(LeaseRenewal, _time, running).ConfigureAwait(false);
                await _store.RenewRunAsync(id, owner, Lease, running).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store did not answer; the run goes on, and another may take the message when the hold lapses.
            Log.HoldFailed(_logger, ex, id);
        }
    }

    /// <summary>
    /// Takes a permit of the channel's send rate, waiting for one as long as <c>Notifications:RateWaitBudget</c>
    /// allows (a backlog then goes out at the rate without the latency of rescheduling); returns the wait
    /// still needed when the budget is spent, and the run is put off by that much.
    /// </summary>
    private async Task<TimeSpan?> WaitForRateAsync(SendRate rate, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (await rates.TryTakeAsync(rate.Name, rate.Permits, rate.Per, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            if (waited + wait > Settings.RateWaitBudget)
            {
                return wait;
            }

            var pause = wait + TimeSpan.FromMilliseconds(Random.Shared.Next(20));
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
            waited += pause;
        }

        return null;
    }

    /// <summary>A failure for now marks the channel failing; the first delivery after that wakes everything waiting on it.</summary>
    private async Task NoteChannelAsync(string channel, MessageStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status == MessageStatus.Retrying)
        {
            await _store.NoteFailingAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        else if (status == MessageStatus.Delivered && await _store.NoteWorkingAsync(channel, now, cancellationToken).ConfigureAwait(false) is > 0 and var woken)
        {
            Log.Recovered(_logger, channel, woken);
        }
    }

    /// <summary>
    /// The wait before run <paramref name="run"/> + 1: the base doubled each run up to the maximum, spread
    /// by ±25 % so that many messages failing together are not all tried again at the same moment;
    /// never less than what the channel asks for (no call can go while its circuit is open, a robot's
    /// rate-limit answer holds for a minute), spread above that by up to 25 %.
    /// </summary>
    private TimeSpan Backoff(int run, TimeSpan minimum)
    {
        var settings = Settings;
        var wait = TimeSpan.FromTicks((long)Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(run - 1, 30))));
        var spread = wait + Jitter(wait);
        return spread >= minimum ? spread : minimum + TimeSpan.FromTicks((long)(minimum.Ticks * Random.Shared.NextDouble() / 4));
    }

    private static TimeSpan Jitter(TimeSpan wait) => TimeSpan.FromTicks((long)(wait.Ticks * (Random.Shared.NextDouble() - 0.5) / 2));

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0.#} min";

    /// <summary>What a channel's sender records of its calls: the send in flight before a call, each attempt after.</summary>
    private sealed class AttemptLog(OutboxSender outbox, string id) : IAttemptLog
    {
        public Task SendingAsync(string way, CancellationToken cancellationToken) =>
            outbox._store.MarkSendingAsync(id, new InFlightSend(way, outbox._time.GetUtcNow()), cancellationToken);

        public async Task RecordAsync(SendAttempt attempt, CancellationToken cancellationToken)
        {
            await outbox._store.AppendAttemptAsync(id, attempt, outbox.Retention, cancellationToken).ConfigureAwait(false);
            Log.Attempt(outbox._logger, id, attempt.Channel, attempt.Outcome, attempt.ErrCode, attempt.Reason);
        }
    }
}
