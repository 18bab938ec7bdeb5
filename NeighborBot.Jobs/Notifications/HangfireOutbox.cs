using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Notifications;

namespace NeighborBot.Jobs.Notifications;

/// <summary>
/// The outbox: stores the message under its id, then queues <see cref="SendMessageJob"/> with only
/// the id on the "critical" queue. No call to WeChat happens here.
/// </summary>
internal sealed class HangfireOutbox(
    IMessageStore store,
    IBackgroundJobClient jobs,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<HangfireOutbox> logger) : IOutbox
{
    public async Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(message));
        }

        var (record, added) = await store.AddAsync(message, time.GetUtcNow(), options.Value.SendLogRetention, cancellationToken).ConfigureAwait(false);

        // Queued before but never run: the caller may have stopped before the job was created, so
        // queue it (again); a second job for the same id sends nothing more.
        if (!added && record.Status != MessageStatus.Queued)
        {
            Log.AlreadyQueued(logger, message.Id, record.Status);
            return;
        }

        jobs.Enqueue<SendMessageJob>(SendMessageJob.Queue, job => job.RunAsync(message.Id, CancellationToken.None));
        Log.Queued(logger, message.Id, message.Kind);
    }
}
