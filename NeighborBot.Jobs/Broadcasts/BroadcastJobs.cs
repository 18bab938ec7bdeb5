using Hangfire;
using NeighborBot.Broadcasts;

namespace NeighborBot.Jobs.Broadcasts;

/// <summary>
/// The jobs of broadcasts. Each takes ids, reads the broadcast when it runs, and is safe to run twice:
/// a run starts once (a compare-and-swap on the broadcast), and one hand-over at a time holds a run (a
/// lease), resuming from its ledger. A hand-over ends within <c>Broadcasts:Slice</c> and schedules the
/// next, far inside Hangfire's 30-minute limit on Redis storage.
/// </summary>
internal sealed class BroadcastJobs(BroadcastRunner runner, IBroadcastEffects effects)
{
    public const string Queue = JobsExtensions.Default;

    /// <summary>Starts the broadcast's run if it is due and hands it over.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    [Queue(Queue)]
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        if (await runner.StartDueAsync(id, cancellationToken).ConfigureAwait(false) is { } run)
        {
            await HandOverAsync(run.Broadcast, run.Run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands the run's messages to the outbox; when the send rate or the time slice puts it off, schedules the next part.</summary>
    /// <remarks>Retried a few times; beyond that the sweep resumes the run from its ledger.</remarks>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    [Queue(Queue)]
    public async Task HandOverAsync(string id, int run, CancellationToken cancellationToken)
    {
        var result = await runner.HandOverAsync(new RunId(id, run), cancellationToken).ConfigureAwait(false);
        if (result.ResumeAt is { } at)
        {
            effects.HandOver(new RunId(id, run), at - runner.Now);
        }
    }
}

/// <summary>The minutely "due broadcasts" sweep (see <see cref="BroadcastSweep"/>).</summary>
internal sealed class BroadcastSweepJob(BroadcastSweep sweep)
{
    /// <remarks>Not retried: the next comes in a minute, and two at once do the same safe work.</remarks>
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobsExtensions.Default)]
    public Task RunAsync(CancellationToken cancellationToken) => sweep.SweepAsync(cancellationToken);
}

/// <summary>Starts the jobs of broadcasts through <see cref="JobQueue"/>, never blocking the caller.</summary>
internal sealed class HangfireBroadcastEffects(JobQueue jobs) : IBroadcastEffects
{
    public void Due(string id) =>
        jobs.Post(client => client.Enqueue<BroadcastJobs>(BroadcastJobs.Queue, j => j.StartAsync(id, CancellationToken.None)));

    public void HandOver(RunId run, TimeSpan after)
    {
        var (id, number) = (run.Broadcast, run.Run);
        jobs.Post(client =>
        {
            if (after > TimeSpan.Zero)
            {
                client.Schedule<BroadcastJobs>(BroadcastJobs.Queue, j => j.HandOverAsync(id, number, CancellationToken.None), after);
            }
            else
            {
                client.Enqueue<BroadcastJobs>(BroadcastJobs.Queue, j => j.HandOverAsync(id, number, CancellationToken.None));
            }
        });
    }
}
