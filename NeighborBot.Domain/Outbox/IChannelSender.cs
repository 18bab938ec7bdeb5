namespace NeighborBot.Outbox;

/// <summary>
/// How messages to one channel's recipients are delivered: the Official Account (customer-service and
/// template messages), group bridges and group robots. The outbox holds the message, counts the runs,
/// keeps the rate and decides when to try again; the channel's sender makes the calls of one run.
/// </summary>
public interface IChannelSender
{
    /// <summary>The <see cref="PersonKey.Channel"/> of the recipients it serves, e.g. <c>mp</c>.</summary>
    string Channel { get; }

    /// <summary>The rate a recipient's messages go out at, shared by every instance (an account's API, a robot).</summary>
    SendRate RateFor(PersonKey to);

    /// <summary>
    /// One run: tries to deliver the message, recording each call through <paramref name="attempts"/>
    /// (in flight before, the outcome after), and says where the message stands.
    /// </summary>
    Task<(MessageStatus Status, string? Reason)> DeliverAsync(MessageRecord record, int run, IAttemptLog attempts, CancellationToken cancellationToken);

    /// <summary>The shortest wait before a message that failed for now with this reason may go again (a circuit open for a while).</summary>
    TimeSpan MinimumWait(string? reason);
}

/// <summary>At most <paramref name="Permits"/> sends per <paramref name="Per"/> under <paramref name="Name"/>, for every instance together.</summary>
public sealed record SendRate(string Name, int Permits, TimeSpan Per);

/// <summary>What a sender records of one run's calls.</summary>
public interface IAttemptLog
{
    /// <summary>Notes a call about to be made one way (customer service, template): if the run dies now, the next knows the outcome is unknown.</summary>
    Task SendingAsync(string way, CancellationToken cancellationToken);

    /// <summary>Records what came of a call, and clears the call in flight.</summary>
    Task RecordAsync(SendAttempt attempt, CancellationToken cancellationToken);
}
