using Microsoft.Extensions.Logging;
using NeighborBot.Outbox;

namespace NeighborBot.Broadcasts;

/// <summary>What the jobs do for broadcasts: start a run now, go on with a hand-over (after a wait).</summary>
public interface IBroadcastEffects
{
    /// <summary>A broadcast is due now: start its run without waiting for the minute's sweep.</summary>
    void Due(string id);

    /// <summary>Go on with the run's hand-over, now or after <paramref name="after"/>.</summary>
    void HandOver(RunId run, TimeSpan after);
}

/// <summary>
/// The minutely "due broadcasts" sweep. Broadcasts live in the store, not as a recurring job each: the
/// sweep starts the runs that are due, resumes hand-overs whose job died or was put off, and counts the
/// outcome of messages whose count a dying process missed. Safe to run twice at once.
/// </summary>
public sealed partial class BroadcastSweep(
    IBroadcastStore store,
    BroadcastRunner runner,
    IBroadcastEffects effects,
    ISendLog sendLog,
    TimeProvider time,
    ILogger<BroadcastSweep> logger)
{
    public const int Batch = 100;

    /// <summary>Outcomes read from the send log per run and sweep.</summary>
    public const int CountBatch = 500;

    public async Task<(int Started, int Resumed, int Counted)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = 0;
        foreach (var id in await store.DueAsync(now, Batch, cancellationToken).ConfigureAwait(false))
        {
            if (await SafelyAsync(id, () => runner.StartDueAsync(id, cancellationToken)).ConfigureAwait(false) is { } run)
            {
                effects.HandOver(run, TimeSpan.Zero);
                started++;
            }
        }

        var resumed = 0;
        foreach (var (run, resumeAt) in await store.HandingOverAsync(cancellationToken).ConfigureAwait(false))
        {
            if (resumeAt <= now)
            {
                // A hand-over still alive holds the run: the extra job sees its lease and does nothing.
                effects.HandOver(run, TimeSpan.Zero);
                resumed++;
            }
        }

        var counted = 0;
        foreach (var run in await store.UncountedRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            counted += await SafelyAsync(run.ToString(), () => CountAsync(run, cancellationToken)).ConfigureAwait(false);
        }

        if (started + resumed + counted > 0)
        {
            Log.Swept(logger, started, resumed, counted);
        }

        return (started, resumed, counted);
    }

    /// <summary>Counts the outcomes the outbox reached for messages whose count was missed.</summary>
    private async Task<int> CountAsync(RunId run, CancellationToken cancellationToken)
    {
        var counted = 0;
        foreach (var index in await store.UncountedAsync(run, CountBatch, cancellationToken).ConfigureAwait(false))
        {
            if (await sendLog.GetAsync(run.MessageId(index), cancellationToken).ConfigureAwait(false) is { IsFinal: true } record)
            {
                await store.CountAsync(run, index, record.Status == MessageStatus.Delivered, cancellationToken).ConfigureAwait(false);
                counted++;
            }
        }

        return counted;
    }

    private async Task<T?> SafelyAsync<T>(string what, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SweepFailed(logger, ex, what);
            return default;
        }
    }
}

/// <summary>Counts what became of each broadcast message in its run's figures, as the outbox finishes with it.</summary>
internal sealed class BroadcastDeliveries(IBroadcastStore store) : IOutboxObserver
{
    public Task FinishedAsync(OutboundMessage message, MessageStatus status, CancellationToken cancellationToken) =>
        BroadcastIds.OfMessage(message.Id) is { } found
            ? store.CountAsync(found.Run, found.Index, status == MessageStatus.Delivered, cancellationToken)
            : Task.CompletedTask;
}
