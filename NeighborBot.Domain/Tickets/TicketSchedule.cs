using System.Globalization;

namespace NeighborBot.Tickets;

/// <summary>The stage a deadline belongs to.</summary>
public enum Deadline
{
    Accept,
    Resolve,
}

/// <summary>What a ticket waits for: a deadline check one level up, the rating reminder, the closing without a rating.</summary>
public enum TimerKind
{
    Escalate,
    RemindRating,
    AutoClose,
}

/// <summary>One thing a ticket waits for, and when it is due.</summary>
public sealed record TicketTimer(TimerKind Kind, DateTimeOffset DueAt, Deadline Deadline = Deadline.Accept, int Level = 0, string? DueNote = null);

/// <summary>
/// A ticket's timers, read from the ticket itself: its deadlines, what was already escalated, when it
/// was resolved. Nothing else remembers them, so they cannot be lost: the store keeps each ticket's
/// next due time beside it (written with every change), and one sweep runs what is due.
/// Closed and cancelled tickets wait for nothing.
/// </summary>
public static class TicketSchedule
{
    /// <summary>Every timer still to come or due, earliest first.</summary>
    public static IReadOnlyList<TicketTimer> Pending(Ticket ticket, SlaOptions sla)
    {
        var timers = new List<TicketTimer>(4);
        if (ticket.AcceptDeadlineRuns && ticket.AcceptBy is { } acceptBy)
        {
            AddEscalations(ticket, Deadline.Accept, acceptBy, sla, timers);
        }

        if (ticket.IsWithHandler && ticket.ResolveBy is { } resolveBy)
        {
            AddEscalations(ticket, Deadline.Resolve, resolveBy, sla, timers);
        }

        if (ticket is { Status: TicketStatus.Resolved, ResolvedAt: { } resolvedAt })
        {
            if (!ticket.Events.Any(e => e.Action == TicketActions.RatingReminder && e.At >= resolvedAt))
            {
                timers.Add(new TicketTimer(TimerKind.RemindRating, resolvedAt + sla.RatingReminderAfter));
            }

            timers.Add(new TicketTimer(TimerKind.AutoClose, resolvedAt + sla.AutoCloseAfter));
        }

        timers.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        return timers;
    }

    /// <summary>When the ticket next needs looking at, or null when it waits for nothing.</summary>
    public static DateTimeOffset? NextDue(Ticket ticket, SlaOptions sla) =>
        Pending(ticket, sla) is [var first, ..] ? first.DueAt : null;

    /// <summary>The timers due at <paramref name="now"/>.</summary>
    public static IReadOnlyList<TicketTimer> Due(Ticket ticket, SlaOptions sla, DateTimeOffset now) =>
        [.. Pending(ticket, sla).Where(t => t.DueAt <= now)];

    /// <summary>How a deadline is written in escalation notes (one escalation per deadline and level).</summary>
    public static string Note(DateTimeOffset due) => ChinaTime.ToChina(due).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Level 1 (the grid leader) at the deadline; level 2 (the secretary) a while after level 1 if nothing moved.</summary>
    private static void AddEscalations(Ticket ticket, Deadline deadline, DateTimeOffset due, SlaOptions sla, List<TicketTimer> timers)
    {
        var note = Note(due);
        var first = ticket.Events.FirstOrDefault(e => e.Action == TicketActions.Escalated(deadline, 1) && e.Note == note);
        if (first is null)
        {
            timers.Add(new TicketTimer(TimerKind.Escalate, due, deadline, 1, note));
        }
        else if (!ticket.Events.Any(e => e.Action == TicketActions.Escalated(deadline, 2) && e.Note == note))
        {
            timers.Add(new TicketTimer(TimerKind.Escalate, first.At + sla.EscalateAgainAfter, deadline, 2, note));
        }
    }
}
