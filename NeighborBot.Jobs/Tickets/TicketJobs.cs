using Hangfire;
using NeighborBot.Tickets;

namespace NeighborBot.Jobs.Tickets;

/// <summary>
/// The ticket loop's jobs. Each takes the ticket number, reads the ticket when it runs and does
/// nothing when the ticket has moved on, so a retried or late job is harmless.
/// </summary>
public sealed class TicketJobs(TicketWorkflow workflow)
{
    /// <summary>Routes and assigns a new ticket. Retried: a ticket must not stay unassigned because of a passing failure.</summary>
    [AutomaticRetry(Attempts = 8)]
    public Task DispatchAsync(string number, CancellationToken cancellationToken) =>
        workflow.DispatchAsync(number, cancellationToken);

    [AutomaticRetry(Attempts = 5)]
    public Task CheckDeadlineAsync(string number, Deadline deadline, int level, CancellationToken cancellationToken) =>
        workflow.CheckDeadlineAsync(number, deadline, level, cancellationToken);

    [AutomaticRetry(Attempts = 5)]
    public Task FollowUpAsync(string number, FollowUp step, CancellationToken cancellationToken) =>
        workflow.FollowUpAsync(number, step, cancellationToken);
}

/// <summary>Schedules the ticket jobs with Hangfire; a new ticket is dispatched right away.</summary>
internal sealed class HangfireTicketTimers(IBackgroundJobClient jobs, TimeProvider time) : ITicketTimers, ITicketObserver
{
    public Task OpenedAsync(Ticket ticket, CancellationToken cancellationToken) => DispatchAsync(ticket.Number, cancellationToken);

    public Task DispatchAsync(string number, CancellationToken cancellationToken)
    {
        jobs.Enqueue<TicketJobs>(JobsExtensions.Critical, j => j.DispatchAsync(number, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task CheckDeadlineAsync(string number, Deadline deadline, int level, DateTimeOffset at, CancellationToken cancellationToken)
    {
        jobs.Schedule<TicketJobs>(JobsExtensions.Critical, j => j.CheckDeadlineAsync(number, deadline, level, CancellationToken.None), Delay(at));
        return Task.CompletedTask;
    }

    public Task FollowUpAsync(string number, FollowUp step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        jobs.Schedule<TicketJobs>(JobsExtensions.Default, j => j.FollowUpAsync(number, step, CancellationToken.None), Delay(at));
        return Task.CompletedTask;
    }

    /// <summary>Delays are measured on our clock (TimeProvider), so tests with a fake clock schedule what they mean.</summary>
    private TimeSpan Delay(DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }
}
