using Microsoft.Extensions.Options;

namespace NeighborBot.Tickets;

/// <summary>
/// The <c>Sla</c> section: how soon a ticket must be accepted and resolved, per category and
/// urgency, and when a missed deadline goes one level up again (grid leader first, then the
/// community secretary).
/// </summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    public SlaTimes Normal { get; set; } = new() { AcceptWithin = TimeSpan.FromHours(4), ResolveWithin = TimeSpan.FromDays(1) };

    public SlaTimes Urgent { get; set; } = new() { AcceptWithin = TimeSpan.FromMinutes(15), ResolveWithin = TimeSpan.FromHours(4) };

    /// <summary>Per category: replaces the normal times (urgent tickets always use <see cref="Urgent"/>).</summary>
    public Dictionary<string, SlaTimes> Categories { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dispute"] = new() { AcceptWithin = TimeSpan.FromHours(4), ResolveWithin = TimeSpan.FromDays(3) },
        ["consult"] = new() { AcceptWithin = TimeSpan.FromHours(8), ResolveWithin = TimeSpan.FromDays(2) },
        ["wish"] = new() { AcceptWithin = TimeSpan.FromDays(1), ResolveWithin = TimeSpan.FromDays(7) },
    };

    /// <summary>After the grid leader was told, how long until the secretary is told if nothing moved.</summary>
    public TimeSpan EscalateAgainAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>After resolving: the rating reminder, and closing without a rating.</summary>
    public TimeSpan RatingReminderAfter { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How long after it was closed a resident's "又坏了" reopens a ticket instead of opening a new one.</summary>
    public TimeSpan ReopenWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// When the clocks of non-urgent tickets run (China time); a category may have its own. Urgent tickets
    /// run around the clock. A hallway light reported at 23:04 is due to be accepted four working hours
    /// after 08:00, not at 03:04.
    /// </summary>
    public WorkingHours WorkingHours { get; set; } = new();

    public SlaTimes For(Ticket ticket) =>
        ticket.Urgent ? Urgent : Categories.TryGetValue(ticket.Category, out var times) ? times : Normal;

    /// <summary>When a ticket handed over at <paramref name="from"/> must be accepted, on the ticket's clock.</summary>
    public DateTimeOffset AcceptBy(Ticket ticket, DateTimeOffset from) => Due(ticket, from, For(ticket).AcceptWithin);

    /// <summary>When a ticket opened (or reopened) at <paramref name="from"/> must be resolved, on the ticket's clock.</summary>
    public DateTimeOffset ResolveBy(Ticket ticket, DateTimeOffset from) => Due(ticket, from, For(ticket).ResolveWithin);

    private DateTimeOffset Due(Ticket ticket, DateTimeOffset from, TimeSpan within) =>
        ticket.Urgent ? from + within : (For(ticket).WorkingHours ?? WorkingHours).Add(from, within);
}

public sealed class SlaTimes
{
    public TimeSpan AcceptWithin { get; set; }
    public TimeSpan ResolveWithin { get; set; }

    /// <summary>This category's own working hours (optional; otherwise <see cref="SlaOptions.WorkingHours"/>).</summary>
    public WorkingHours? WorkingHours { get; set; }
}

/// <summary>The hours of the day (China time) in which a deadline clock runs; Start 00:00 and End 24:00 is around the clock.</summary>
public sealed class WorkingHours
{
    public TimeSpan Start { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan End { get; set; } = TimeSpan.FromHours(20);

    /// <summary>The days the clock runs; every day when empty (grid workers work weekends).</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    public bool AroundTheClock => Start <= TimeSpan.Zero && End >= TimeSpan.FromHours(24) && (Days.Count == 0 || Days.Count == 7);

    /// <summary>The moment when <paramref name="within"/> of working time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan within)
    {
        if (AroundTheClock)
        {
            return from + within;
        }

        var at = ChinaTime.ToChina(from);
        var left = within;
        for (var day = 0; day < 3660; day++)
        {
            var midnight = new DateTimeOffset(at.Date, at.Offset);
            var (open, close) = (midnight + Start, midnight + End);
            if ((Days.Count == 0 || Days.Contains(at.DayOfWeek)) && at < close)
            {
                var start = at < open ? open : at;
                if (start + left <= close)
                {
                    return (start + left).ToUniversalTime();
                }

                left -= close - start;
            }

            at = midnight.AddDays(1);
        }

        return from + within;
    }
}

internal sealed class SlaOptionsValidator : IValidateOptions<SlaOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaOptions options)
    {
        var problems = new List<string>();
        void Check(string at, SlaTimes times)
        {
            if (times.AcceptWithin <= TimeSpan.Zero)
            {
                problems.Add($"{at}:AcceptWithin must be positive");
            }

            if (times.ResolveWithin < times.AcceptWithin)
            {
                problems.Add($"{at}:ResolveWithin must not be shorter than AcceptWithin");
            }
        }

        if (options.WorkingHours.Start < TimeSpan.Zero || options.WorkingHours.End > TimeSpan.FromHours(24) || options.WorkingHours.End <= options.WorkingHours.Start)
        {
            problems.Add("Sla:WorkingHours: Start and End are times of day (00:00 to 24:00), End after Start");
        }

        Check("Sla:Normal", options.Normal);
        Check("Sla:Urgent", options.Urgent);
        foreach (var (category, times) in options.Categories)
        {
            Check($"Sla:Categories:{category}", times);
        }

        if (options.EscalateAgainAfter <= TimeSpan.Zero || options.RatingReminderAfter <= TimeSpan.Zero || options.AutoCloseAfter <= options.RatingReminderAfter)
        {
            problems.Add("Sla:EscalateAgainAfter and Sla:RatingReminderAfter must be positive, and Sla:AutoCloseAfter longer than the reminder");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
