using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Hangfire;
using NeighborBot.Outbox;

namespace NeighborBot.Jobs.Outbox;

/// <summary>
/// The outbox: stores the message under its id, then queues <see cref="SendMessageJob"/> with only
/// the id on the "critical" queue (through <see cref="JobQueue"/>, so the caller never blocks on
/// Hangfire). No call to WeChat happens here. The message is on the outbox's ready list from the
/// moment it is stored, so a job lost before it was created is made up by the sweep.
/// </summary>
internal sealed class HangfireOutbox(
    IMessageStore store,
    JobQueue jobs,
    IOptions<OutboxOptions> options,
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

        Post(message.Id);
        Log.Queued(logger, message.Id, message.Kind);
    }

    public async Task<ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken)
    {
        var result = await store.ResendAsync(id, reason, time.GetUtcNow(), options.Value.SendLogRetention, cancellationToken).ConfigureAwait(false);
        if (result == ResendResult.Queued)
        {
            Post(id);
        }

        return result;
    }

    private void Post(string id) =>
        jobs.Post(client => client.Enqueue<SendMessageJob>(SendMessageJob.Queue, job => job.RunAsync(id, CancellationToken.None)));
}
