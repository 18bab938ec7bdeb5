using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>The figures a community reports for a period and a grid (or all grids).</summary>
public sealed record TicketFigures(
    string? Grid,
    int Tickets,
    int Urgent,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> ByStatus,
    double? AverageHoursToAccept,
    double? AverageHandlingHours,
    double? AverageUrgentHandlingHours,
    double? OnTimeRate,
    int Rated,
    double? SatisfactionRate)
{
    /// <summary>
    /// Handling time runs from report to resolution; on time means resolved before the resolve-by
    /// deadline; satisfied means rated 4 or 5 (满意, 基本满意). Cancelled tickets count in the
    /// totals but not in the times and rates.
    /// </summary>
    public static TicketFigures Of(string? grid, IReadOnlyList<Ticket> tickets)
    {
        var live = tickets.Where(t => t.Status != TicketStatus.Cancelled).ToList();
        var accepted = live.Where(t => t.AcceptedAt is not null).ToList();
        var resolved = live.Where(t => t.ResolvedAt is not null).ToList();
        var rated = live.Where(t => t.Rating is not null).ToList();
        return new TicketFigures(
            grid,
            tickets.Count,
            tickets.Count(t => t.Urgent),
            tickets.GroupBy(t => t.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            tickets.GroupBy(t => t.Status.ToString().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Average(accepted.Select(t => t.AcceptedAt!.Value - t.CreatedAt)),
            Average(resolved.Select(t => t.ResolvedAt!.Value - t.CreatedAt)),
            Average(resolved.Where(t => t.Urgent).Select(t => t.ResolvedAt!.Value - t.CreatedAt)),
            Rate(resolved.Count(t => t.ResolveBy is null || t.ResolvedAt <= t.ResolveBy), resolved.Count),
            rated.Count,
            Rate(rated.Count(t => t.Rating >= 4), rated.Count));
    }

    private static double? Average(IEnumerable<TimeSpan> spans)
    {
        var list = spans.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(s => s.TotalHours), 2);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
