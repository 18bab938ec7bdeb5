using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

/// <summary>Deadlines of non-urgent tickets count only working hours (China time); urgent ones run around the clock.</summary>
public sealed class WorkingHoursTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, China);

    private static Ticket Ticket(string category = "repair", bool urgent = false) =>
        new() { Category = category, Urgent = urgent, Reporter = "mp:a:o", Channel = "mp", Text = "t", SourceId = "s" };

    [Fact]
    public void A_report_at_night_starts_its_clock_at_opening_time()
    {
        var sla = new SlaOptions();

        Assert.Equal(At(2, 12), sla.AcceptBy(Ticket(), At(1, 23, 4)));
    }

    [Fact]
    public void Time_left_at_closing_carries_over_to_the_next_morning()
    {
        var sla = new SlaOptions();

        Assert.Equal(At(2, 10), sla.AcceptBy(Ticket(), At(1, 18)));
    }

    [Fact]
    public void An_urgent_ticket_runs_around_the_clock()
    {
        var sla = new SlaOptions();

        Assert.Equal(At(1, 23, 19), sla.AcceptBy(Ticket(urgent: true), At(1, 23, 4)));
    }

    [Fact]
    public void A_category_may_keep_its_own_hours_and_days()
    {
        var sla = new SlaOptions();
        sla.Categories["consult"] = new SlaTimes
        {
            AcceptWithin = TimeSpan.FromHours(8),
            ResolveWithin = TimeSpan.FromDays(2),
            WorkingHours = new WorkingHours { Start = TimeSpan.FromHours(8.5), End = TimeSpan.FromHours(17.5), Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday] },
        };

        // Friday 2026-12-04 16:30: one hour on Friday, seven on Monday.
        Assert.Equal(At(7, 15, 30), sla.AcceptBy(Ticket("consult"), At(4, 16, 30)));
    }

    [Fact]
    public void Hours_from_midnight_to_midnight_are_around_the_clock()
    {
        var hours = new WorkingHours { Start = TimeSpan.Zero, End = TimeSpan.FromHours(24) };

        Assert.Equal(At(2, 3, 4), hours.Add(At(1, 23, 4), TimeSpan.FromHours(4)));
    }
}
