using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

public sealed class TicketFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 12, 8, 0, 0, TimeSpan.FromHours(8));

    private static Ticket Ticket(string category, TicketStatus status, double? acceptH = null, double? resolveH = null, int? rating = null, double resolveByH = 24, bool urgent = false) => new()
    {
        Category = category, Status = status, Urgent = urgent, Reporter = "mp:a:o", Channel = "mp", Text = "t", SourceId = Guid.NewGuid().ToString(),
        CreatedAt = T0,
        AcceptedAt = acceptH is { } a ? T0.AddHours(a) : null,
        ResolvedAt = resolveH is { } r ? T0.AddHours(r) : null,
        ResolveBy = T0.AddHours(resolveByH),
        Rating = rating,
    };

    [Fact]
    public void Figures_count_times_on_time_and_satisfaction_as_the_community_reports_them()
    {
        var figures = TicketFigures.Of("g1",
        [
            Ticket("repair", TicketStatus.Closed, 1, 10, rating: 5),
            Ticket("repair", TicketStatus.Closed, 3, 30, rating: 4),
            Ticket("dispute", TicketStatus.Reopened, 2, null, rating: 2),
            Ticket("environment", TicketStatus.Resolved, 2, 20, urgent: true),
            Ticket("repair", TicketStatus.Cancelled),
        ]);

        Assert.Equal(5, figures.Tickets);
        Assert.Equal(3, figures.ByCategory["repair"]);
        Assert.Equal(2, figures.ByStatus["closed"]);
        Assert.Equal(2.0, figures.AverageHoursToAccept);
        Assert.Equal(20.0, figures.AverageHandlingHours);
        Assert.Equal(20.0, figures.AverageUrgentHandlingHours);
        Assert.Equal(Math.Round(2.0 / 3, 4), figures.OnTimeRate);
        Assert.Equal(3, figures.Rated);
        Assert.Equal(Math.Round(2.0 / 3, 4), figures.SatisfactionRate);
    }

    [Fact]
    public void Without_tickets_the_rates_are_unknown_not_zero()
    {
        var figures = TicketFigures.Of(null, []);

        Assert.Null(figures.OnTimeRate);
        Assert.Null(figures.SatisfactionRate);
        Assert.Null(figures.AverageHandlingHours);
    }
}
