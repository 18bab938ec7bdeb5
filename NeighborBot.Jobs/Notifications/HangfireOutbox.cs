using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Notifications;

namespace NeighborBot.Jobs.Notifications;

/// <summary>
/// The outbox: stores the message under its id, then queues <see cref="SendMessageJob"/> with only
/// the id on the "critical" queue (through <see cref="JobQueue"/>, so the caller never blocks on
/// Hangfire). No call to WeChat happens here.
/// </summary>
internal sealed class HangfireOutbox(
    IMessageStore store,
    JobQueue jobs,
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

        var id = message.Id;
        jobs.Post(client => client.Enqueue<SendMessageJob>(SendMessageJob.Queue, job => job.RunAsync(id, CancellationToken.None)));
        Log.Queued(logger, message.Id, message.Kind);
    }
}
