using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>What workers ask of their tickets: their queue, what is overdue in their reach, a ticket by its short number.</summary>
public sealed class TicketQueries(ITicketStore tickets, TimeProvider time)
{
    /// <summary>The worker's open tickets, and the overdue ones in their reach (own queue; a leader's grids; everything for the secretary).</summary>
    public async Task<(IReadOnlyList<Ticket> Mine, IReadOnlyList<Ticket> Overdue)> QueueAsync(Person worker, CancellationToken cancellationToken)
    {
        var mine = await tickets.ListByAssigneeAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        IEnumerable<Ticket> reach = mine;
        if (worker.Has(Role.GridLeader) || worker.Has(Role.Secretary))
        {
            var recent = await tickets.ListAsync(new TicketQuery(From: now.AddDays(-60), Limit: 2000), cancellationToken).ConfigureAwait(false);
            reach = recent.Where(t => worker.Has(Role.Secretary) || (t.Grid is not null && worker.Grids.Contains(t.Grid)));
        }

        var overdue = reach.Where(t => IsOverdue(t, now)).DistinctBy(t => t.Number).ToList();
        return (mine, overdue);
    }

    public static bool IsOverdue(Ticket t, DateTimeOffset now) =>
        (t.AcceptDeadlineRuns && t.AcceptBy < now) || (t.IsWithHandler && t.ResolveBy < now);

    /// <summary>One of the worker's own tickets by full number or last four digits; else any ticket by full number.</summary>
    public async Task<Ticket?> FindForWorkerAsync(Person worker, string number, CancellationToken cancellationToken)
    {
        if (number.Length > 4)
        {
            return await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        var mine = await tickets.ListByAssigneeAsync(worker.Id, cancellationToken).ConfigureAwait(false);
        return mine.FirstOrDefault(t => t.ShortNumber == number);
    }
}
