using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>Filters of the admin ticket list; null means any.</summary>
public sealed record TicketQuery(
    TicketStatus? Status = null,
    string? Category = null,
    string? Grid = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 500);

/// <summary>Tickets and their indexes. Redis and in-process.</summary>
public interface ITicketStore
{
    /// <summary>
    /// Stores a new ticket under <paramref name="number"/>, unless the same reporter's delivery
    /// (<see cref="Ticket.SourceId"/>) already created one: then that ticket is returned unchanged.
    /// In the same step the ticket is noted as having events to tell, and its next due time (<see cref="TicketSchedule"/>).
    /// </summary>
    Task<Ticket> CreateAsync(Ticket ticket, string number, DateTimeOffset? due, CancellationToken cancellationToken);

    Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a changed ticket if the stored one is still at <see cref="Ticket.Revision"/>; the saved
    /// copy has the next revision. False when someone changed the ticket in between. In the same
    /// step, as for <see cref="CreateAsync"/>: events to tell, and the next due time (null: none).
    /// </summary>
    Task<bool> UpdateAsync(Ticket ticket, DateTimeOffset? due, CancellationToken cancellationToken);

    /// <summary>Tickets changed before <paramref name="changedBefore"/> whose events are not all told yet, oldest change first.</summary>
    Task<IReadOnlyList<string>> ToTellAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>How many of the ticket's events were told (0 when none, or no such ticket).</summary>
    Task<int> ToldAsync(string number, CancellationToken cancellationToken);

    /// <summary>Notes that the first <paramref name="events"/> events are told; the ticket leaves the to-tell list when that is all of them.</summary>
    Task MarkToldAsync(string number, int events, CancellationToken cancellationToken);

    /// <summary>Tickets whose next due time is at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Sets (or, with null, clears) a ticket's next due time without changing the ticket.</summary>
    Task SetDueAsync(string number, DateTimeOffset? due, CancellationToken cancellationToken);

    /// <summary>The schema the stored tickets were brought up to (<see cref="TicketUpgrade"/>); 0 when never.</summary>
    Task<int> GetSchemaAsync(CancellationToken cancellationToken);

    Task SetSchemaAsync(int schema, CancellationToken cancellationToken);

    /// <summary>Tickets by creation time (newest first), filtered.</summary>
    Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken cancellationToken);

    /// <summary>A reporter's tickets, newest first.</summary>
    Task<IReadOnlyList<Ticket>> ListByReporterAsync(string reporter, int limit, CancellationToken cancellationToken);

    /// <summary>The tickets assigned to a person (directory id) that are not closed or cancelled, newest first.</summary>
    Task<IReadOnlyList<Ticket>> ListByAssigneeAsync(string assignee, CancellationToken cancellationToken);

    /// <summary>How many open tickets a person holds (to give new work to the least loaded).</summary>
    Task<long> CountByAssigneeAsync(string assignee, CancellationToken cancellationToken);
}

internal static class TicketQueryExtensions
{
    public static bool Matches(this TicketQuery query, Ticket ticket) =>
        (query.Status is null || ticket.Status == query.Status)
        && (query.Category is null || string.Equals(ticket.Category, query.Category, StringComparison.OrdinalIgnoreCase))
        && (query.Grid is null || string.Equals(ticket.Grid, query.Grid, StringComparison.OrdinalIgnoreCase))
        && (query.From is null || ticket.CreatedAt >= query.From)
        && (query.To is null || ticket.CreatedAt <= query.To);
}
