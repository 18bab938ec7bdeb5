using Microsoft.Extensions.Logging;
using NeighborBot.Tickets;

namespace NeighborBot.FollowUp;

/// <summary>
/// Makes up what a process that died left undone: tickets whose changes were saved but not yet told
/// (or not routed), and tickets whose timers are due. Both lists live in the store beside the tickets
/// and are written with every change, so nothing depends on a job surviving.
/// </summary>
public sealed partial class TicketSweep(ITicketStore tickets, TicketNotifier notifier, TicketCommands commands, TimeProvider time, ILogger<TicketSweep> logger)
{
    /// <param name="grace">Changes younger than this are left to the run started for them.</param>
    /// <returns>How many tickets were told and how many had timers run.</returns>
    public async Task<(int Told, int Timers)> SweepAsync(TimeSpan grace, int batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var told = 0;
        foreach (var number in await tickets.ToTellAsync(now - grace, batch, cancellationToken).ConfigureAwait(false))
        {
            told += await SafelyAsync(number, "tell", () => notifier.TellAsync(number, cancellationToken)).ConfigureAwait(false) ? 1 : 0;
        }

        var timers = 0;
        foreach (var number in await tickets.DueAsync(now, batch, cancellationToken).ConfigureAwait(false))
        {
            timers += await SafelyAsync(number, "timers", () => commands.RunDueTimersAsync(number, cancellationToken)).ConfigureAwait(false) ? 1 : 0;
        }

        if (told + timers > 0)
        {
            Swept(logger, told, timers);
        }

        return (told, timers);
    }

    /// <summary>One ticket's trouble does not stop the sweep of the others; it is tried again next time.</summary>
    private async Task<bool> SafelyAsync(string number, string what, Func<Task<int>> work)
    {
        try
        {
            await work().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SweepFailed(logger, ex, number, what);
            return false;
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Sweep: told {Told} tickets, ran the timers of {Timers}")]
    private static partial void Swept(ILogger logger, int told, int timers);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Sweep: ticket {Number} failed ({What}); trying again next time")]
    private static partial void SweepFailed(ILogger logger, Exception exception, string number, string what);
}
