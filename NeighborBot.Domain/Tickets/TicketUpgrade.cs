using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NeighborBot.Tickets;

/// <summary>
/// Brings tickets stored by an earlier version up to the current schema, once, at start: before
/// version 2 a ticket's timers were jobs of their own and its messages were sent as it changed, so
/// a stored ticket has no next due time and no count of events told. Each gets its due time from its
/// own state, and its events count as told (they were, by the version that stored them). Safe to run
/// twice and on several instances at once.
/// </summary>
public sealed partial class TicketUpgrade(ITicketStore tickets, IOptionsMonitor<SlaOptions> sla, TimeProvider time, ILogger<TicketUpgrade> logger)
{
    public const int CurrentSchema = 2;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (await tickets.GetSchemaAsync(cancellationToken).ConfigureAwait(false) >= CurrentSchema)
        {
            return 0;
        }

        var all = await tickets.ListAsync(new TicketQuery(To: time.GetUtcNow(), Limit: int.MaxValue), cancellationToken).ConfigureAwait(false);
        foreach (var ticket in all)
        {
            await tickets.SetDueAsync(ticket.Number, TicketSchedule.NextDue(ticket, sla.CurrentValue), cancellationToken).ConfigureAwait(false);
            await tickets.MarkToldAsync(ticket.Number, ticket.Events.Count, cancellationToken).ConfigureAwait(false);
        }

        await tickets.SetSchemaAsync(CurrentSchema, cancellationToken).ConfigureAwait(false);
        Upgraded(logger, all.Count, CurrentSchema);
        return all.Count;
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Brought {Count} stored tickets up to schema {Schema} (due times, events told)")]
    private static partial void Upgraded(ILogger logger, int count, int schema);
}
