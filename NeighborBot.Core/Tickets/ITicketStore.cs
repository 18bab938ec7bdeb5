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
    /// </summary>
    Task<Ticket> CreateAsync(Ticket ticket, string number, CancellationToken cancellationToken);

    Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a changed ticket if the stored one is still at <see cref="Ticket.Revision"/>; the saved
    /// copy has the next revision. False when someone changed the ticket in between.
    /// </summary>
    Task<bool> UpdateAsync(Ticket ticket, CancellationToken cancellationToken);

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
