using Hangfire;
using NeighborBot.Outbox;

namespace NeighborBot.Jobs.Outbox;

/// <summary>
/// Sends one outbox message (by id; the message itself is in the outbox). Safe to run twice: a
/// delivered message is never sent again, and only one run at a time sends it. A message that
/// failed for now schedules its own next run; the outbox keeps it on its ready list meanwhile, so a
/// next run lost with the process is made up by the sweep.
/// </summary>
internal sealed class SendMessageJob(OutboxSender sender, IBackgroundJobClient jobs, TimeProvider time)
{
    public const string Queue = JobsExtensions.Critical;

    /// <summary>Hangfire retries only what the sender could not deal with itself (Redis gone for a moment); WeChat's failures are the sender's.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    [Queue(Queue)]
    public async Task RunAsync(string messageId, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(messageId, cancellationToken).ConfigureAwait(false);
        if (outcome.NextRunAt is { } next)
        {
            var delay = next - time.GetUtcNow();
            jobs.Schedule<SendMessageJob>(Queue, job => job.RunAsync(messageId, CancellationToken.None), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        }
    }
}
