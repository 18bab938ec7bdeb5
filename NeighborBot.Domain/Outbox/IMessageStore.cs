namespace NeighborBot.Outbox;

/// <summary>
/// The outbox's memory: each message with its status and attempts, and a lease so that one run of
/// the job at a time sends it. Redis and in-process; the send log reads the same records.
/// </summary>
internal interface IMessageStore : ISendLog
{
    /// <summary>Stores a new message as <see cref="MessageStatus.Queued"/>; when the id exists, returns the stored one unchanged and false.</summary>
    Task<(MessageRecord Record, bool Added)> AddAsync(OutboundMessage message, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Takes the message for one run unless another run holds it; the lease frees it if the run dies.</summary>
    Task<bool> TryBeginRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the run's lease, if <paramref name="owner"/> still holds it.</summary>
    Task RenewRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Notes, before calling WeChat, that a send has started: if the run dies now, the next one knows the outcome is unknown.</summary>
    Task MarkSendingAsync(string id, InFlightSend send, CancellationToken cancellationToken);

    /// <summary>Appends an attempt to the log and clears the in-flight note.</summary>
    Task AppendAttemptAsync(string id, SendAttempt attempt, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a run (only if <paramref name="owner"/> still holds it): counts it when it tried to send,
    /// sets the status, and keeps the message ready for its next run, or takes it off the ready list
    /// when it is final (given-up messages are listed for admins). Frees the lease.
    /// </summary>
    Task EndRunAsync(string id, string owner, RunEnd end, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Messages still to send whose next run is due by <paramref name="dueBy"/> and that no run holds now, earliest first.</summary>
    Task<IReadOnlyList<string>> ReadyAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>Takes an id off the ready list (its message is final or gone).</summary>
    Task ForgetReadyAsync(string id, CancellationToken cancellationToken);

    /// <summary>When the message is next due on the ready list, or null when it is not on it.</summary>
    Task<DateTimeOffset?> ReadyAtAsync(string id, CancellationToken cancellationToken);

    /// <summary>Notes that sends through a channel (<c>mp:account</c>) fail for now.</summary>
    Task NoteFailingAsync(string channel, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that sends through a channel work again. The first time after failures, every message
    /// waiting for a later run becomes due now (returns how many): an outage's backlog goes out at the
    /// send rate as soon as WeChat is back, not after each message's back-off.
    /// </summary>
    Task<int> NoteWorkingAsync(string channel, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>While some channel fails: makes the earliest waiting message due now and returns its id (the sweep's probe of recovery).</summary>
    Task<string?> ProbeAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Queues a message that was given up (failed or uncertain) again, with a fresh retry period.</summary>
    Task<ResendResult> ResendAsync(string id, string reason, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Frees the lease without counting a run (nothing was done).</summary>
    Task ReleaseRunAsync(string id, string owner, CancellationToken cancellationToken);
}
