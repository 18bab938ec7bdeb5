using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Mediation;

/// <summary>Who a new booking is for and how it came (chat or staff).</summary>
public sealed record BookingRequest(string Specialty, string? Resident, string? ResidentName, string? ResidentPhone, string? Ticket, bool Online, string BookedBy);

/// <summary>A booking made, or the slot was taken (<see cref="Booking"/> null).</summary>
public sealed record BookingOutcome(MediationBooking? Booking, bool Taken);

/// <summary>
/// The mediation room (多元调解): the free slots of the mediators whose specialties fit, bookings that hold a slot
/// once (the store claims it atomically), moves, cancellations, the outcome that resolves or re-routes the dispute
/// ticket, the reminders a day and an hour before (one sweep, ids <c>med:{booking}:{kind}:{person}</c>), and the figures.
/// Every booking is saved before anyone is told of it; every message goes through the outbox under an id of its own.
/// </summary>
public sealed class MediationDesk(
    IMediationStore store,
    ISequenceStore sequences,
    DirectoryCache directory,
    IOutbox outbox,
    Reach reach,
    TicketDesk tickets,
    TicketCommands commands,
    IOptionsMonitor<MediationOptions> options,
    TimeProvider time,
    ILogger<MediationDesk> logger)
{
    /// <summary>The department a dispute goes to when mediation did not settle it (else it stays with its handler).</summary>
    public const string JusticeOffice = "司法所";

    /// <summary>Bookings are numbered by one counter (not by day), so the last four digits a mediator types name one open booking.</summary>
    private const string SequenceName = "mediation";

    private static readonly TimeSpan SequenceRetention = TimeSpan.FromDays(3650);

    public MediationOptions Settings => options.CurrentValue;

    /// <summary>Mediators taking the specialty; without one, those taking <c>other</c>; without those, every mediator.</summary>
    public static IReadOnlyList<Person> MediatorsFor(DirectorySnapshot snapshot, string specialty)
    {
        var all = snapshot.WithRole(Role.Mediator).Where(p => p.Hours.Count > 0).ToList();
        var fit = all.Where(p => p.Specialties.Contains(specialty, StringComparer.OrdinalIgnoreCase)).ToList();
        if (fit.Count == 0)
        {
            fit = [.. all.Where(p => p.Specialties.Contains(Specialties.Other, StringComparer.OrdinalIgnoreCase))];
        }

        return fit.Count > 0 ? fit : all;
    }

    /// <summary>The next free slots of the mediators fitting <paramref name="specialty"/> (or of <paramref name="mediator"/> alone), earliest first.</summary>
    public async Task<IReadOnlyList<MediationSlot>> FreeSlotsAsync(string specialty, string? mediator, int count, CancellationToken cancellationToken)
    {
        var settings = Settings;
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var earliest = now.AddMinutes(settings.LeadMinutes);
        var today = ChinaTime.DayOf(now);
        var end = ChinaTime.StartOf(today.AddDays(settings.HorizonDays + 1));
        var held = (await store.StartingAsync(now, end, cancellationToken).ConfigureAwait(false))
            .Where(b => b.Status == BookingStatus.Booked).Select(b => b.Slot).ToHashSet(StringComparer.Ordinal);
        var people = mediator is not null && snapshot.Person(mediator) is { } one ? [one] : MediatorsFor(snapshot, specialty);
        var slots = new List<MediationSlot>();
        foreach (var person in people)
        {
            var hours = person.Hours.Select(WeeklyHours.Parse).OfType<WeeklyHours>().ToList();
            for (var day = today; day <= today.AddDays(settings.HorizonDays); day = day.AddDays(1))
            {
                foreach (var h in hours.Where(h => h.Day == day.DayOfWeek))
                {
                    var last = (h.To.Hour * 60) + h.To.Minute;
                    for (var minute = (h.From.Hour * 60) + h.From.Minute; minute + settings.SlotMinutes <= last; minute += settings.SlotMinutes)
                    {
                        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute), ChinaTime.Zone.BaseUtcOffset);
                        if (start >= earliest && !held.Contains(MediationBooking.SlotOf(person.Id, start)))
                        {
                            slots.Add(new MediationSlot(person.Id, start));
                        }
                    }
                }
            }
        }

        return [.. slots.OrderBy(s => s.Start).ThenBy(s => s.Mediator, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>
    /// Books <paramref name="slot"/>; the mediator (and, when staff booked, the resident) is told. The same resident
    /// choosing the slot they already hold (a turn done again) gets that booking back.
    /// </summary>
    public async Task<BookingOutcome> BookAsync(BookingRequest request, MediationSlot slot, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Person(slot.Mediator) is not { } mediator || !mediator.Has(Role.Mediator))
        {
            throw new ArgumentException($"'{slot.Mediator}' is not a mediator of the directory.", nameof(slot));
        }

        if (await HeldByAsync(slot, request.Resident, cancellationToken).ConfigureAwait(false) is { } mine)
        {
            return new BookingOutcome(mine, false);
        }

        var now = time.GetUtcNow();
        var sequence = await sequences.NextAsync(SequenceName, SequenceRetention, cancellationToken).ConfigureAwait(false);
        var booking = new MediationBooking
        {
            Id = MediationBooking.FormatId(sequence),
            Mediator = mediator.Id,
            Specialty = request.Specialty,
            Start = slot.Start,
            Minutes = Settings.SlotMinutes,
            Room = Settings.Room,
            Resident = request.Resident,
            ResidentName = request.ResidentName,
            ResidentPhone = request.ResidentPhone,
            Ticket = request.Ticket,
            Online = request.Online,
            BookedBy = request.BookedBy,
            BookedAt = now,
            TimeSetAt = now,
        };
        if (!await store.CreateAsync(booking, cancellationToken).ConfigureAwait(false))
        {
            Log.SlotTaken(logger, mediator.Id, slot.Start);
            return await HeldByAsync(slot, request.Resident, cancellationToken).ConfigureAwait(false) is { } again
                ? new BookingOutcome(again, false)
                : new BookingOutcome(null, true);
        }

        Log.Booked(logger, booking.Id, mediator.Id, booking.Specialty, booking.Online);
        var ticketText = booking.Ticket is null ? null : (await tickets.GetAsync(booking.Ticket, cancellationToken).ConfigureAwait(false))?.Text;
        await ToMediatorAsync(booking, mediator, "booked", MediationTexts.ToMediator(booking, ticketText), cancellationToken).ConfigureAwait(false);
        if (!booking.Online)
        {
            await ToResidentAsync(booking, "booked", MediationTexts.ToResident(booking, mediator), cancellationToken).ConfigureAwait(false);
        }

        return new BookingOutcome(booking, false);
    }

    /// <summary>Moves the booking to <paramref name="slot"/>; null when that slot was taken meanwhile. The other party is told.</summary>
    public async Task<MediationBooking?> MoveAsync(MediationBooking booking, MediationSlot slot, bool byResident, CancellationToken cancellationToken)
    {
        if (booking.Mediator == slot.Mediator && booking.Start == slot.Start)
        {
            return booking;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var mediator = snapshot.Person(slot.Mediator) ?? throw new ArgumentException($"'{slot.Mediator}' is not in the directory.", nameof(slot));
        var moved = booking with { Mediator = slot.Mediator, Start = slot.Start, TimeSetAt = time.GetUtcNow(), Moves = booking.Moves + 1 };
        if (!await store.MoveAsync(moved, booking.Start, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var stamp = Stamp(moved.Start);
        if (byResident)
        {
            await ToMediatorAsync(moved, mediator, "moved-" + stamp, MediationTexts.MovedNotice(moved, booking.Start, "当事人", toMediator: true), cancellationToken).ConfigureAwait(false);
            if (booking.Mediator != moved.Mediator && snapshot.Person(booking.Mediator) is { } former)
            {
                await ToMediatorAsync(booking, former, "moved-" + stamp, MediationTexts.CancelledNotice(booking, "当事人改约", toResident: false), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await ToResidentAsync(moved, "moved-" + stamp, MediationTexts.MovedNotice(moved, booking.Start, "调解员" + mediator.Name, toMediator: false), cancellationToken)
                .ConfigureAwait(false);
        }

        Log.Moved(logger, moved.Id, moved.Mediator);
        return moved;
    }

    /// <summary>Cancels the booking and frees its slot; the other party is told. Cancelling twice changes nothing.</summary>
    public async Task<MediationBooking> CancelAsync(MediationBooking booking, string actor, bool byResident, string? note, CancellationToken cancellationToken)
    {
        if (booking.Status != BookingStatus.Booked)
        {
            return booking;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var cancelled = booking with { Status = BookingStatus.Cancelled, ClosedBy = actor, ClosedAt = time.GetUtcNow(), Note = note };
        await store.SaveAsync(cancelled, cancellationToken).ConfigureAwait(false);
        var mediator = snapshot.Person(booking.Mediator);
        if (mediator is not null && (byResident || actor != mediator.Id))
        {
            await ToMediatorAsync(cancelled, mediator, "cancelled", MediationTexts.CancelledNotice(cancelled, byResident ? "当事人" : "社区工作人员", toResident: false), cancellationToken)
                .ConfigureAwait(false);
        }

        if (!byResident)
        {
            var by = mediator is not null && actor == mediator.Id ? "调解员" + mediator.Name : "社区工作人员";
            await ToResidentAsync(cancelled, "cancelled", MediationTexts.CancelledNotice(cancelled, by, toResident: true), cancellationToken).ConfigureAwait(false);
        }

        Log.Cancelled(logger, cancelled.Id);
        return cancelled;
    }

    /// <summary>
    /// 调解成功 / 调解未成功 by the booking's mediator: the booking is closed with the words; a dispute ticket is
    /// resolved (success) or given to the 司法所 (failure; it stays with its handler when there is none), and the
    /// resident and the ticket's handler are told. Returns the booking and who the ticket went to.
    /// </summary>
    public async Task<(MediationBooking Booking, Person? RoutedTo)> RecordOutcomeAsync(MediationBooking booking, Person mediator, bool success, string note, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var closed = booking with { Status = success ? BookingStatus.Succeeded : BookingStatus.Failed, ClosedBy = mediator.Id, ClosedAt = now, Note = note };
        await store.SaveAsync(closed, cancellationToken).ConfigureAwait(false);
        Log.Outcome(logger, closed.Id, success);

        Person? routedTo = null;
        Ticket? ticket = closed.Ticket is null ? null : await tickets.GetAsync(closed.Ticket, cancellationToken).ConfigureAwait(false);
        var handler = ticket?.Assignee is { } assignee && assignee != mediator.Id ? snapshot.Person(assignee) : null;
        if (ticket is not null)
        {
            var words = (success ? "调解成功：" : "调解未成功：") + note;
            if (success)
            {
                await tickets.ChangeAsync(ticket.Number, t => t.IsWithHandler ? t.Resolve(mediator.Id, words, now) : t.Close(mediator.Id, words, now), cancellationToken)
                    .ConfigureAwait(false);
            }
            else if (snapshot.OfDepartment(JusticeOffice).OrderBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault() is { } office && office.Id != ticket.Assignee)
            {
                var assigned = await commands.AssignAsync(mediator.Id, ticket.Number, office.Id, words, cancellationToken).ConfigureAwait(false);
                routedTo = assigned.Done ? office : null;
            }
        }

        if (handler is not null && routedTo is null)
        {
            await ToMediatorAsync(closed, handler, "outcome", MediationTexts.OutcomeToHandler(closed, mediator, success), cancellationToken).ConfigureAwait(false);
        }

        // With a ticket resolved, the resident hears of it (and is asked to rate) from the ticket itself.
        if (!(success && ticket is not null))
        {
            await ToResidentAsync(closed, "outcome", MediationTexts.OutcomeToResident(closed, mediator, success, routedTo), cancellationToken).ConfigureAwait(false);
        }

        return (closed, routedTo);
    }

    /// <summary>
    /// Sends the reminders due: a day and an hour before each meeting, to the resident and the mediator, unless the
    /// time was set after the reminder was due. Each has the id <c>med:{booking}:{day|hour}-{start}:{person}</c>, so a
    /// sweep run twice, or one killed half-way and run again, sends each once. Returns how many were handed to the outbox.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var coming = await store.StartingAsync(now, now.AddDays(1).AddMinutes(1), cancellationToken).ConfigureAwait(false);
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var queued = 0;
        foreach (var booking in coming.Where(b => b.Status == BookingStatus.Booked))
        {
            if (snapshot.Person(booking.Mediator) is not { } mediator)
            {
                continue;
            }

            foreach (var (kind, before) in Reminders)
            {
                var due = booking.Start - before;
                if (now < due || booking.TimeSetAt >= due)
                {
                    continue;
                }

                var dayBefore = kind == "day";
                var id = $"{kind}-{Stamp(booking.Start)}";
                queued += await ToMediatorAsync(booking, mediator, id, MediationTexts.Reminder(booking, dayBefore, mediator, toMediator: true), cancellationToken).ConfigureAwait(false) ? 1 : 0;
                queued += await ToResidentAsync(booking, id, MediationTexts.Reminder(booking, dayBefore, mediator, toMediator: false), cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        if (queued > 0)
        {
            Log.Swept(logger, queued);
        }

        return queued;
    }

    private static readonly (string Kind, TimeSpan Before)[] Reminders = [("day", TimeSpan.FromDays(1)), ("hour", TimeSpan.FromHours(1))];

    /// <summary>A resident's bookings still to come (booked), earliest first.</summary>
    public async Task<IReadOnlyList<MediationBooking>> OfResidentAsync(string resident, CancellationToken cancellationToken) =>
        [.. (await UpcomingAsync(cancellationToken).ConfigureAwait(false)).Where(b => b.Resident == resident)];

    /// <summary>A mediator's bookings still open: to come, or held and waiting for the outcome (from a week back).</summary>
    public async Task<IReadOnlyList<MediationBooking>> OfMediatorAsync(string mediator, CancellationToken cancellationToken) =>
        [.. (await UpcomingAsync(cancellationToken).ConfigureAwait(false)).Where(b => b.Mediator == mediator)];

    /// <summary>A mediator's bookings of any status, from 30 days back to the end of the horizon, those still booked first.</summary>
    public async Task<IReadOnlyList<MediationBooking>> AllOfMediatorAsync(string mediator, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await store.StartingAsync(now.AddDays(-30), now.AddDays(Settings.HorizonDays + 2), cancellationToken).ConfigureAwait(false))
            .Where(b => b.Mediator == mediator).OrderBy(b => b.Status == BookingStatus.Booked ? 0 : 1).ThenByDescending(b => b.Start)];
    }

    /// <summary>Bookings still booked, from a week back to the end of the horizon, by start.</summary>
    public async Task<IReadOnlyList<MediationBooking>> UpcomingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await store.StartingAsync(now.AddDays(-7), now.AddDays(Settings.HorizonDays + 2), cancellationToken).ConfigureAwait(false))
            .Where(b => b.Status == BookingStatus.Booked)];
    }

    /// <summary>A booking by its full number or its last four digits among <paramref name="candidates"/>, or by the full number in the store.</summary>
    public async Task<MediationBooking?> FindAsync(string number, IReadOnlyList<MediationBooking> candidates, CancellationToken cancellationToken) =>
        candidates.FirstOrDefault(b => b.Id == number || b.ShortNumber == number)
        ?? candidates.FirstOrDefault(b => b.Ticket is { } t && (t == number || (number.Length == 4 && t.EndsWith(number, StringComparison.Ordinal))))
        ?? (number.Length > 4 ? await store.GetAsync(number, cancellationToken).ConfigureAwait(false) : null);

    public Task<MediationBooking?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// <summary>Bookings made from <paramref name="from"/> to <paramref name="to"/> (booking time), by start.</summary>
    public async Task<IReadOnlyList<MediationBooking>> BookedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        [.. (await store.StartingAsync(from.AddDays(-1), to.AddDays((Settings.HorizonDays * 4) + 2), cancellationToken).ConfigureAwait(false))
            .Where(b => b.BookedAt >= from && b.BookedAt <= to)];

    /// <summary>The figures of the bookings made in the period.</summary>
    public async Task<MediationFigures> FiguresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bookings = await BookedBetweenAsync(from, to, cancellationToken).ConfigureAwait(false);
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        return MediationFigures.Of(bookings, snapshot, time.GetUtcNow());
    }

    /// <summary>Whether a grid worker or leader (not on the case) may see the booking: never a family matter.</summary>
    public static bool ShownToGridStaff(MediationBooking booking) => booking.Specialty != Specialties.Family;

    internal static string Stamp(DateTimeOffset start) => ChinaTime.ToChina(start).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    private async Task<MediationBooking?> HeldByAsync(MediationSlot slot, string? resident, CancellationToken cancellationToken)
    {
        if (resident is null || await store.HolderAsync(slot.Mediator, slot.Start, cancellationToken).ConfigureAwait(false) is not { } holder)
        {
            return null;
        }

        return await store.GetAsync(holder, cancellationToken).ConfigureAwait(false) is { Status: BookingStatus.Booked } held && held.Resident == resident ? held : null;
    }

    private async Task<bool> ToMediatorAsync(MediationBooking booking, Person person, string kind, OutboundText text, CancellationToken cancellationToken)
    {
        if (reach.Staff(person) is not { } to)
        {
            return false;
        }

        await outbox.QueueAsync(new OutboundMessage($"med:{booking.Id}:{kind}:{person.Id}", to, MessageKinds.Notice, text.Text, text.Fields), cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    private async Task<bool> ToResidentAsync(MediationBooking booking, string kind, OutboundText text, CancellationToken cancellationToken)
    {
        if (booking.Resident is null || PersonKey.Parse(booking.Resident) is not { } to)
        {
            return false;
        }

        await outbox.QueueAsync(new OutboundMessage($"med:{booking.Id}:{kind}:{Reach.ReporterId}", to, MessageKinds.Notice, text.Text, text.Fields), cancellationToken)
            .ConfigureAwait(false);
        return true;
    }
}
