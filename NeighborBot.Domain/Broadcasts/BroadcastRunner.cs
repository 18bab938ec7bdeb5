using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.Broadcasts;

/// <summary>How a hand-over ended.</summary>
/// <param name="ResumeAt">When the run is to go on (the send rate put it off, or its time slice ended); null when it is over or another process holds it.</param>
public sealed record HandOverResult(int Handed, bool Over, DateTimeOffset? ResumeAt)
{
    public static readonly HandOverResult Busy = new(0, false, null);
}

/// <summary>
/// Runs broadcasts: starts a run when it is due (its recipients resolved now and written once to the
/// run's ledger), then hands one message per recipient to the outbox at the channel's pace.
/// </summary>
/// <remarks>
/// Exactly once, whatever dies when: each recipient's message has the id <c>bc:{id}:r{run}:{index}</c>
/// and the outbox sends an id once. An entry is claimed in the ledger before its message is queued and
/// confirmed after (the confirmation rides on the next claim), so a hand-over that died is resumed from
/// the ledger: confirmed entries are skipped, a claimed one is queued again (a no-op for the outbox).
/// One hand-over holds a run at a time (a lease that lapses when its process dies). A cancel is seen at
/// the next claim: nothing more is queued; what the outbox already has goes out.
/// </remarks>
public sealed partial class BroadcastRunner(
    IBroadcastStore store,
    AudienceResolver resolver,
    IOutbox outbox,
    ISendLog sendLog,
    IRateLimiter rates,
    IEnumerable<IChannelSender> senders,
    IOptionsMonitor<BroadcastOptions> options,
    TimeProvider time,
    ILogger<BroadcastRunner> logger)
{
    /// <summary>The pace of a channel with no sender in this process (the outbox fails its messages): 20 a minute, a group robot's.</summary>
    public static readonly SendRate DefaultPace = new(string.Empty, 20, TimeSpan.FromMinutes(1));

    private const int MaxAttempts = 5;

    /// <summary>The runner's clock (jobs schedule the next part of a hand-over by it).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Starts the broadcast's run if it is due; returns the run under way (started now or before), or null.</summary>
    public async Task<RunId?> StartDueAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (broadcast, revision) = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (broadcast is null)
            {
                return null;
            }

            if (broadcast.Status == BroadcastStatus.Sending)
            {
                return new RunId(id, broadcast.Runs);
            }

            var started = broadcast.StartRun(time.GetUtcNow());
            if (!started.Done)
            {
                return null;
            }

            if (await store.SaveAsync(started.Changed!, revision, cancellationToken).ConfigureAwait(false))
            {
                var run = new RunId(id, started.Changed!.Runs);
                Log.RunStarted(logger, run.ToString());
                await EnsureLedgerAsync(started.Changed!, run, cancellationToken).ConfigureAwait(false);
                return run;
            }
        }

        return null;
    }

    /// <summary>
    /// Hands the run's messages to the outbox until every recipient has one, the broadcast is cancelled,
    /// the send rate asks for a longer wait than <c>Broadcasts:WaitInJob</c>, or the time slice ends.
    /// </summary>
    public async Task<HandOverResult> HandOverAsync(RunId run, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var owner = Guid.NewGuid().ToString("N");
        if (!await store.TryLeaseAsync(run, owner, settings.Lease, cancellationToken).ConfigureAwait(false))
        {
            Log.RunHeld(logger, run.ToString());
            return HandOverResult.Busy;
        }

        using var holding = new CancellationTokenSource();
        var hold = HoldAsync(run, owner, settings.Lease, holding.Token);
        try
        {
            return await HandOverHeldAsync(run, settings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await holding.CancelAsync().ConfigureAwait(false);
            await hold.ConfigureAwait(false);
            await store.ReleaseLeaseAsync(run, owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<HandOverResult> HandOverHeldAsync(RunId run, BroadcastOptions settings, CancellationToken cancellationToken)
    {
        var (broadcast, _) = await store.GetAsync(run.Broadcast, cancellationToken).ConfigureAwait(false);
        if (broadcast is null || broadcast.Runs != run.Run || broadcast.Status != BroadcastStatus.Sending)
        {
            // Cancelled (or this run is over): whatever was claimed and is with the outbox counts as handed over.
            await SettleAsync(run, cancellationToken).ConfigureAwait(false);
            await store.EndHandOverAsync(run, cancellationToken).ConfigureAwait(false);
            return new HandOverResult(0, true, null);
        }

        if (!await EnsureLedgerAsync(broadcast, run, cancellationToken).ConfigureAwait(false))
        {
            return new HandOverResult(0, true, null);
        }

        var entries = await store.UnfinishedAsync(run, cancellationToken).ConfigureAwait(false);
        var message = MessageOf(broadcast, run);
        var lanes = entries.GroupBy(e => Pace(e.Recipient.Key).Name).Select(g => new Lane(Pace(g.First().Recipient.Key), new Queue<LedgerEntry>(g))).ToList();
        var sliceEnds = time.GetUtcNow() + settings.Slice;
        int? toConfirm = null;
        var handed = 0;
        var cancelled = false;
        DateTimeOffset? resumeAt = null;

        while (lanes.Exists(l => l.Entries.Count > 0))
        {
            var now = time.GetUtcNow();
            if (now >= sliceEnds)
            {
                resumeAt = now;
                break;
            }

            var progressed = false;
            foreach (var lane in lanes.Where(l => l.Entries.Count > 0 && l.BlockedUntil <= now))
            {
                if (await rates.TryTakeAsync(lane.Pace.Name, lane.Pace.Permits, lane.Pace.Per, cancellationToken).ConfigureAwait(false) is { } wait)
                {
                    lane.BlockedUntil = now + wait;
                    continue;
                }

                var entry = lane.Entries.Dequeue();
                if (!await store.StepAsync(run, toConfirm, entry.Index, cancellationToken).ConfigureAwait(false))
                {
                    toConfirm = null;
                    cancelled = true;
                    break;
                }

                toConfirm = null;
                await HandAsync(run, broadcast, message, entry, cancellationToken).ConfigureAwait(false);
                toConfirm = entry.Index;
                handed++;
                progressed = true;
            }

            if (cancelled)
            {
                break;
            }

            if (!progressed && lanes.Where(l => l.Entries.Count > 0).Min(l => l.BlockedUntil) is var until && until > now)
            {
                var wait = until - now;
                if (wait > settings.WaitInJob)
                {
                    resumeAt = until;
                    break;
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }

        if (toConfirm is { } last)
        {
            cancelled |= !await store.StepAsync(run, last, null, cancellationToken).ConfigureAwait(false);
        }

        if (cancelled)
        {
            await SettleAsync(run, cancellationToken).ConfigureAwait(false);
            await store.EndHandOverAsync(run, cancellationToken).ConfigureAwait(false);
            Log.RunCancelled(logger, run.ToString(), handed);
            return new HandOverResult(handed, true, null);
        }

        if (resumeAt is { } later)
        {
            await store.SetResumeAtAsync(run, later, cancellationToken).ConfigureAwait(false);
            Log.RunPaused(logger, run.ToString(), handed, later);
            return new HandOverResult(handed, false, later);
        }

        await store.EndHandOverAsync(run, cancellationToken).ConfigureAwait(false);
        await FinishAsync(run, cancellationToken).ConfigureAwait(false);
        Log.RunHandedOver(logger, run.ToString(), handed);
        return new HandOverResult(handed, true, null);
    }

    /// <summary>
    /// Writes the run's ledger if a start that died did not: the recipients as the directory has them now.
    /// A run with nobody to reach fails (a recurring one tries again at its next time). False when the run cannot go on.
    /// </summary>
    private async Task<bool> EnsureLedgerAsync(Broadcast broadcast, RunId run, CancellationToken cancellationToken)
    {
        if (await store.FiguresAsync(run, cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        var recipients = await resolver.ResolveAsync(broadcast.Audience, broadcast.Urgent, broadcast.MassSend, cancellationToken).ConfigureAwait(false);
        if (recipients.Count == 0)
        {
            await ChangeAsync(run, b => b.FailRun(run.Run, "nobody to reach: the audience has no recipient in the directory now", time.GetUtcNow()), cancellationToken)
                .ConfigureAwait(false);
            await store.EndHandOverAsync(run, cancellationToken).ConfigureAwait(false);
            return false;
        }

        await store.WriteLedgerAsync(run, recipients, cancellationToken).ConfigureAwait(false);
        Log.Ledger(logger, run.ToString(), recipients.Count, recipients.Count(r => r.OptedOut));
        return true;
    }

    /// <summary>Queues one recipient's message (a mass message first counts against the month's allowance).</summary>
    private async Task HandAsync(RunId run, Broadcast broadcast, RunMessage message, LedgerEntry entry, CancellationToken cancellationToken)
    {
        var recipient = entry.Recipient;
        var id = run.MessageId(entry.Index);
        if (recipient.Kind == RecipientKinds.Followers
            && !await store.TakeMassAllowanceAsync(recipient.Key.Scope, BroadcastDesk.Month(time.GetUtcNow()), run, options.CurrentValue.MassSendsPerMonth, cancellationToken).ConfigureAwait(false))
        {
            Log.NoMassAllowance(logger, run.ToString(), recipient.Key.Scope);
            await store.CountAsync(run, entry.Index, delivered: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        await outbox.QueueAsync(message.For(id, recipient, broadcast.Urgent), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a cancel: entries claimed whose message reached the outbox are confirmed (they go out and are counted).</summary>
    private async Task SettleAsync(RunId run, CancellationToken cancellationToken)
    {
        if (await store.FiguresAsync(run, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        foreach (var entry in (await store.UnfinishedAsync(run, cancellationToken).ConfigureAwait(false)).Where(e => e.Claimed))
        {
            if (await sendLog.GetAsync(run.MessageId(entry.Index), cancellationToken).ConfigureAwait(false) is not null)
            {
                await store.StepAsync(run, entry.Index, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FinishAsync(RunId run, CancellationToken cancellationToken)
    {
        var finished = await ChangeAsync(run, b => b.FinishRun(run.Run, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (finished is { Status: BroadcastStatus.Scheduled, NextRunAt: { } next })
        {
            Log.NextRun(logger, run.Broadcast, next);
        }
    }

    private async Task<Broadcast?> ChangeAsync(RunId run, Func<Broadcast, BroadcastResult> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (broadcast, revision) = await store.GetAsync(run.Broadcast, cancellationToken).ConfigureAwait(false);
            if (broadcast is null || change(broadcast) is not { Done: true } result)
            {
                return null;
            }

            if (await store.SaveAsync(result.Changed!, revision, cancellationToken).ConfigureAwait(false))
            {
                return result.Changed;
            }
        }

        return null;
    }

    /// <summary>
    /// The pace of a recipient's channel, per account, bridge or robot: <c>Broadcasts:Rates:{channel}</c> when
    /// it is slower than the channel's own rate, else the channel's own (a robot's 20 a minute is never exceeded).
    /// </summary>
    private SendRate Pace(PersonKey to)
    {
        var own = senders.FirstOrDefault(s => s.Channel == to.Channel)?.RateFor(to) ?? DefaultPace with { Name = $"{to.Channel}:{to.Source}" };
        var pace = options.CurrentValue.Rates.TryGetValue(to.Channel, out var configured)
                   && configured.Permits / configured.Per.TotalSeconds < own.Permits / own.Per.TotalSeconds
            ? own with { Permits = configured.Permits, Per = configured.Per }
            : own;
        return pace with { Name = "bc:" + pace.Name };
    }

    /// <summary>Renews the hold on the run until the hand-over ends.</summary>
    private async Task HoldAsync(RunId run, string owner, TimeSpan lease, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, running).ConfigureAwait(false);
                await store.RenewLeaseAsync(run, owner, lease, running).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // The hand-over ended.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.HoldFailed(logger, ex, run.ToString());
        }
    }

    private static RunMessage MessageOf(Broadcast broadcast, RunId run)
    {
        var content = broadcast.Content;
        if (content.Series == AntiFraudLibrary.Series)
        {
            var tip = AntiFraudLibrary.ForRun(run.Run);
            content = content with { Title = tip.Title, Text = AntiFraudLibrary.Message(tip) };
        }

        return new RunMessage(content, ChinaTime.ToChina(broadcast.LastRunAt ?? DateTimeOffset.UnixEpoch).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }

    private sealed class Lane(SendRate pace, Queue<LedgerEntry> entries)
    {
        public SendRate Pace { get; } = pace;

        public Queue<LedgerEntry> Entries { get; } = entries;

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>The words of one run, and the outbox message they make for each kind of recipient.</summary>
internal sealed record RunMessage(BroadcastContent Content, string Time)
{
    public const string OptOutHint = "（回复“退订”不再接收社区通知）";

    public OutboundMessage For(string id, Recipient recipient, bool urgent)
    {
        var title = (urgent ? "【紧急】" : string.Empty) + Content.Title;
        var text = $"【{title}】\n{Content.Text}";
        if (recipient.Kind == RecipientKinds.Resident && !urgent)
        {
            text += "\n" + OptOutHint;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = title,
            ["text"] = Content.Text,
            ["time"] = Time,
        };
        if (Content.Link is { } link)
        {
            fields["link"] = link;
        }

        if (Content.Markdown is { } markdown)
        {
            fields["markdown"] = markdown;
        }

        return new OutboundMessage(id, recipient.Key, MessageKinds.Notice, text, fields);
    }
}
