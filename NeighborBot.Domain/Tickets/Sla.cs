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

    public SlaTimes For(Ticket ticket) =>
        ticket.Urgent ? Urgent : Categories.TryGetValue(ticket.Category, out var times) ? times : Normal;
}

public sealed class SlaTimes
{
    public TimeSpan AcceptWithin { get; set; }
    public TimeSpan ResolveWithin { get; set; }
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
