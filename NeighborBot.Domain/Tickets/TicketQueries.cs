using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>What workers ask of their tickets: their queue, what is overdue in their reach, a ticket by its short number.</summary>
public sealed class TicketQueries(ITicketStore tickets, TimeProvider time)
{
    /// <summary>The worker's open tickets, and the overdue ones in their reach (own queue; a leader's grids; everything for the secretary).</summary>
    public async Task<(IReadOnlyList<Ticket> Mine, IReadOnlyList<Ticket> Overdue)> QueueAsync(Person worker, CancellationToken cancellationToken)
    {
        var mine = await MineAsync(worker, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var reach = Oversees(worker) ? mine.Concat(await InReachAsync(worker, cancellationToken).ConfigureAwait(false)) : mine;
        var overdue = reach.Where(t => IsOverdue(t, now)).DistinctBy(t => t.Number).ToList();
        return (mine, overdue);
    }

    /// <summary>我的工单: the worker's own open tickets.</summary>
    public Task<IReadOnlyList<Ticket>> MineAsync(Person worker, CancellationToken cancellationToken) =>
        tickets.ListByAssigneeAsync(worker.Id, cancellationToken);

    /// <summary>Grid leaders oversee their grids' tickets, the secretary all of them.</summary>
    public static bool Oversees(Person worker) => worker.Has(Role.GridLeader) || worker.Has(Role.Secretary);

    /// <summary>网格工单: the open tickets of the last 60 days in a leader's grids (all of them for the secretary), oldest first.</summary>
    public async Task<IReadOnlyList<Ticket>> InReachAsync(Person worker, CancellationToken cancellationToken)
    {
        if (!Oversees(worker))
        {
            return [];
        }

        var recent = await tickets.ListAsync(new TicketQuery(From: time.GetUtcNow().AddDays(-60), Limit: 2000), cancellationToken).ConfigureAwait(false);
        return recent
            .Where(t => t.IsActive && (worker.Has(Role.Secretary) || (t.Grid is not null && worker.Grids.Contains(t.Grid))))
            .OrderBy(t => t.CreatedAt)
            .ToList();
    }

    public static bool IsOverdue(Ticket t, DateTimeOffset now) =>
        (t.AcceptDeadlineRuns && t.AcceptBy < now) || (t.IsWithHandler && t.ResolveBy < now);

    /// <summary>
    /// A ticket by full number, or by its last four digits among the worker's own tickets, then among the
    /// open tickets a leader or the secretary oversees (when only one has them).
    /// </summary>
    public async Task<Ticket?> FindForWorkerAsync(Person worker, string number, CancellationToken cancellationToken)
    {
        if (number.Length > 4)
        {
            return await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
        }

        var mine = await MineAsync(worker, cancellationToken).ConfigureAwait(false);
        if (mine.FirstOrDefault(t => t.ShortNumber == number) is { } own)
        {
            return own;
        }

        var overseen = (await InReachAsync(worker, cancellationToken).ConfigureAwait(false)).Where(t => t.ShortNumber == number).ToList();
        return overseen is [var only] ? only : null;
    }
}
