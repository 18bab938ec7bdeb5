namespace NeighborBot.Tickets;

/// <summary>The stage a deadline belongs to.</summary>
public enum Deadline
{
    Accept,
    Resolve,
}

/// <summary>The step after resolving: a reminder to rate, then closing without a rating.</summary>
public enum FollowUp
{
    Remind,
    Close,
}

/// <summary>
/// Work a ticket asks for later or elsewhere: routing right after it is opened, a check at each
/// deadline, the follow-up after it is resolved. Implemented with Hangfire jobs; each job looks at
/// the ticket when it runs and does nothing when the ticket has moved on.
/// </summary>
public interface ITicketTimers
{
    Task DispatchAsync(string number, CancellationToken cancellationToken);

    Task CheckDeadlineAsync(string number, Deadline deadline, int level, DateTimeOffset at, CancellationToken cancellationToken);

    Task FollowUpAsync(string number, FollowUp step, DateTimeOffset at, CancellationToken cancellationToken);
}
