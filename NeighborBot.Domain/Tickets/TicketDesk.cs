using System.Globalization;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>What is needed to open a ticket.</summary>
/// <param name="FallbackGrid">The grid when the place names none (the grid of the group it was reported in, else of the reporter's home).</param>
public sealed record NewTicket(
    PersonKey Reporter,
    string SourceId,
    string Category,
    bool Urgent,
    string Text,
    TicketLocation? Location,
    string? HouseholdId,
    IReadOnlyList<TicketAttachment> Attachments,
    string? Note = null,
    string? FallbackGrid = null);

/// <summary>
/// What follows a saved change (routing a new ticket, telling the people concerned), started soon
/// after the save without waiting for it. The store notes in the save itself that the ticket has
/// events to tell, so a start that is lost (the process dies) is made up by the sweep.
/// </summary>
public interface ITicketEffects
{
    void Changed(string number);
}

/// <summary>Opens tickets with their daily numbers and changes them safely against concurrent changes.</summary>
public sealed class TicketDesk(
    ITicketStore tickets,
    ISequenceStore sequences,
    DirectoryCache directory,
    ITicketEffects effects,
    IOptionsMonitor<SlaOptions> sla,
    TimeProvider time)
{
    /// <summary>A day's counter is kept a little longer than the day, whatever the time zone of the server.</summary>
    private static readonly TimeSpan SequenceRetention = TimeSpan.FromDays(3);
    private const int MaxAttempts = 10;

    /// <summary>
    /// Opens a ticket numbered by the day in China (20260712-0042). The same reporter's delivery
    /// (<see cref="NewTicket.SourceId"/>) opens one ticket only: a repeat returns the first.
    /// </summary>
    public async Task<Ticket> OpenAsync(NewTicket request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = ChinaTime.ToChina(now);
        var sequence = await sequences.NextAsync("ticket:" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), SequenceRetention, cancellationToken)
            .ConfigureAwait(false);
        var number = Ticket.FormatNumber(day, sequence);
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var reporter = request.Reporter.ToString();
        var ticket = new Ticket
        {
            Category = request.Category,
            Urgent = request.Urgent,
            Location = request.Location,
            HouseholdId = request.HouseholdId,
            Grid = GridOf(snapshot, request.Location, request.HouseholdId) ?? request.FallbackGrid,
            Reporter = reporter,
            Channel = request.Reporter.Channel,
            Text = request.Text,
            SourceId = request.SourceId,
            Attachments = request.Attachments,
            CreatedAt = now,
            UpdatedAt = now,
            Events = [new TicketEvent(now, reporter, TicketActions.Created, request.Note)],
        };

        var stored = await tickets.CreateAsync(ticket, number, TicketSchedule.NextDue(ticket, sla.CurrentValue), cancellationToken).ConfigureAwait(false);
        effects.Changed(stored.Number);
        return stored;
    }

    /// <summary>
    /// Applies <paramref name="change"/> (one of the ticket's transitions) to the current ticket and
    /// saves it, starting again on the newer ticket if someone saved in between. Returns what the
    /// change made of the ticket as saved, or <see cref="TicketResult.NotFound"/>.
    /// </summary>
    public async Task<TicketResult> ChangeAsync(string number, Func<Ticket, TicketResult> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await tickets.GetAsync(number, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return TicketResult.NotFound;
            }

            var result = change(current);
            if (!result.Done)
            {
                return result;
            }

            var changed = result.Ticket!;
            if (await tickets.UpdateAsync(changed, TicketSchedule.NextDue(changed, sla.CurrentValue), cancellationToken).ConfigureAwait(false))
            {
                effects.Changed(number);
                return result with { Ticket = changed with { Revision = changed.Revision + 1 } };
            }
        }

        throw new InvalidOperationException($"Ticket {number} kept changing during {MaxAttempts} attempts.");
    }

    /// <summary>One of the reporter's tickets by full number or by its last four digits (newest match).</summary>
    public async Task<Ticket?> FindOwnAsync(PersonKey reporter, string number, CancellationToken cancellationToken)
    {
        var own = await tickets.ListByReporterAsync(reporter.ToString(), 200, cancellationToken).ConfigureAwait(false);
        return own.FirstOrDefault(t => t.Number == number || (number.Length == 4 && t.ShortNumber == number));
    }

    public Task<IReadOnlyList<Ticket>> ListOwnAsync(PersonKey reporter, int limit, CancellationToken cancellationToken) =>
        tickets.ListByReporterAsync(reporter.ToString(), limit, cancellationToken);

    public Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken) => tickets.GetAsync(number, cancellationToken);

    /// <summary>The grid of the building named, or of the reporter's household.</summary>
    internal static string? GridOf(DirectorySnapshot directory, TicketLocation? location, string? householdId) =>
        (location?.Building is { } building ? directory.GridOfBuilding(building)?.Id : null)
        ?? (location?.Place is { } place ? directory.GridOfPlace(place)?.Id : null)
        ?? (householdId is not null && directory.Household(householdId) is { } home ? directory.GridOfBuilding(home.Building)?.Id : null);
}
