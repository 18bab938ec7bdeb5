using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Mediation;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Mediation;

/// <summary>
/// <c>/api/admin/mediations</c>: the bookings of the mediation room, the free slots, a booking made by staff for a
/// resident (counted as "by staff"), and a cancellation. The figures are in <c>GET /api/admin/figures</c> (<c>mediation</c>).
/// </summary>
internal static class MediationApi
{
    /// <summary>Who the booking is for: a follower of the staff account (<c>openid</c>) or a full person key (<c>key</c>), and a name and phone for the mediator.</summary>
    public sealed record ResidentBody(string? OpenId = null, string? Key = null, string? Name = null, string? Phone = null);

    /// <summary>
    /// A booking by staff. <c>specialty</c> may be left out when <c>ticket</c> says what the dispute is; <c>mediator</c> and
    /// <c>start</c> pick a slot (left out: the first free slot of a fitting mediator).
    /// </summary>
    public sealed record BookBody(string? Specialty = null, string? Ticket = null, ResidentBody? Resident = null, string? Mediator = null, DateTimeOffset? Start = null, string? By = null);

    public sealed record CancelBody(string? Note = null, string? By = null);

    public sealed record BookingView(
        string Id, string Status, string Specialty, string SpecialtyName, string Mediator, string? MediatorName, DateTimeOffset Start, DateTimeOffset End,
        string Room, string? Ticket, bool Online, string BookedBy, DateTimeOffset BookedAt, string? Resident, string? ResidentName, int Moves,
        string? ClosedBy, DateTimeOffset? ClosedAt, string? Note);

    public sealed record SlotView(string Mediator, string? MediatorName, DateTimeOffset Start, DateTimeOffset End);

    public sealed record Taken(string Problem, IReadOnlyList<SlotView> Next);

    public static RouteGroupBuilder MapMediationApi(this RouteGroupBuilder admin)
    {
        var mediations = admin.MapGroup("/mediations").WithTags("Mediation");
        mediations.MapGet("", ListAsync).WithSummary("Mediation bookings starting from `from` to `to` (default: 30 days back to the end of the horizon), by start; `status` filters.");
        mediations.MapGet("/slots", SlotsAsync).WithSummary("The next free slots of the mediators taking `specialty` (or of `mediator`).");
        mediations.MapGet("/{id}", GetAsync).WithSummary("One booking.");
        mediations.MapPost("", BookAsync).WithSummary("Book a mediation for a resident (counted as booked by staff); the mediator and the resident are told.");
        mediations.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel a booking; its slot is free again and the resident and the mediator are told.");
        return admin;
    }

    internal static BookingView View(MediationBooking b, DirectorySnapshot snapshot) => new(
        b.Id, StatusName(b.Status), b.Specialty, Specialties.Label(b.Specialty), b.Mediator, snapshot.Person(b.Mediator)?.Name, b.Start, b.End, b.Room, b.Ticket, b.Online,
        b.BookedBy, b.BookedAt, b.Resident, b.ResidentName, b.Moves, b.ClosedBy, b.ClosedAt, b.Note);

    internal static string StatusName(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "booked",
        BookingStatus.Cancelled => "cancelled",
        BookingStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    internal static async Task<Results<Ok<IReadOnlyList<BookingView>>, BadRequest<string>>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? status, MediationDesk desk, IMediationStore store, DirectoryCache directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = from ?? now.AddDays(-30);
        var end = to ?? now.AddDays(desk.Settings.HorizonDays + 1);
        if (start > end)
        {
            return TypedResults.BadRequest("from must be before to.");
        }

        if (status is not (null or "booked" or "cancelled" or "succeeded" or "failed"))
        {
            return TypedResults.BadRequest("status is one of booked, cancelled, succeeded, failed.");
        }

        var snapshot = await directory.GetAsync(cancellationToken);
        var bookings = await store.StartingAsync(start, end, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BookingView>>([.. bookings.Where(b => status is null || StatusName(b.Status) == status).Select(b => View(b, snapshot))]);
    }

    internal static async Task<Results<Ok<BookingView>, NotFound>> GetAsync(string id, IMediationStore store, DirectoryCache directory, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } booking
            ? TypedResults.Ok(View(booking, await directory.GetAsync(cancellationToken)))
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<IReadOnlyList<SlotView>>, BadRequest<string>>> SlotsAsync(
        string? specialty, string? mediator, MediationDesk desk, DirectoryCache directory, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken);
        if (specialty is not null && !Specialties.IsKnown(specialty))
        {
            return TypedResults.BadRequest(SpecialtyProblem);
        }

        if (mediator is not null && snapshot.Person(mediator)?.Has(Role.Mediator) != true)
        {
            return TypedResults.BadRequest($"'{mediator}' is not a mediator of the directory.");
        }

        var slots = await desk.FreeSlotsAsync(specialty ?? Specialties.Other, mediator, 20, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SlotView>>([.. slots.Select(s => Slot(s, snapshot, desk.Settings.SlotMinutes))]);
    }

    internal static async Task<Results<Created<BookingView>, BadRequest<string>, Conflict<Taken>>> BookAsync(
        BookBody? body, MediationDesk desk, TicketDesk tickets, DirectoryCache directory, IOptions<OutboxOptions> outbox, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return TypedResults.BadRequest(Usage);
        }

        var ticket = body.Ticket is { Length: > 0 } number ? await tickets.GetAsync(number, cancellationToken) : null;
        if (body.Ticket is { Length: > 0 } && ticket is null)
        {
            return TypedResults.BadRequest($"There is no ticket {body.Ticket}.");
        }

        var specialty = body.Specialty ?? Specialties.Guess(ticket?.Text);
        if (specialty is null || !Specialties.IsKnown(specialty))
        {
            return TypedResults.BadRequest(SpecialtyProblem);
        }

        string? resident;
        if (body.Resident?.Key is { Length: > 0 } key)
        {
            if (PersonKey.Parse(key) is null)
            {
                return TypedResults.BadRequest("resident.key is a person key: channel:scope:id, like mp:gaoyang:o_abc.");
            }

            resident = key;
        }
        else if (body.Resident?.OpenId is { Length: > 0 } openId)
        {
            if (outbox.Value.StaffAccount is not { Length: > 0 } account)
            {
                return TypedResults.BadRequest("resident.openid needs Notifications:StaffAccount; give resident.key (mp:account:openid) instead.");
            }

            resident = PersonKey.OfficialAccount(account, openId).ToString();
        }
        else
        {
            resident = ticket?.Reporter;
        }

        if (resident is null && body.Resident?.Name is not { Length: > 0 })
        {
            return TypedResults.BadRequest("Say who the booking is for: resident.openid, resident.key, resident.name (with phone), or a ticket.");
        }

        var snapshot = await directory.GetAsync(cancellationToken);
        if (body.Mediator is { } mediator && snapshot.Person(mediator)?.Has(Role.Mediator) != true)
        {
            return TypedResults.BadRequest($"'{mediator}' is not a mediator of the directory.");
        }

        var free = await desk.FreeSlotsAsync(specialty, body.Mediator, 200, cancellationToken);
        var slot = body.Start is { } at ? free.FirstOrDefault(s => s.Start == at && (body.Mediator is null || s.Mediator == body.Mediator)) : free.Count > 0 ? free[0] : null;
        if (slot is null)
        {
            return body.Start is null
                ? TypedResults.BadRequest($"No mediator taking {specialty} has a free slot in the next {desk.Settings.HorizonDays} days.")
                : TypedResults.Conflict(new Taken("That time is not a free slot of the mediator (outside their hours, too soon, or booked).", [.. free.Take(5).Select(s => Slot(s, snapshot, desk.Settings.SlotMinutes))]));
        }

        var request = new BookingRequest(specialty, resident, body.Resident?.Name, body.Resident?.Phone, ticket?.Number, Online: false, BookedBy: body.By is { Length: > 0 } by ? by : "admin");
        var outcome = await desk.BookAsync(request, slot, cancellationToken);
        if (outcome.Booking is not { } booking)
        {
            var next = await desk.FreeSlotsAsync(specialty, body.Mediator, 5, cancellationToken);
            return TypedResults.Conflict(new Taken("Someone booked that slot just now.", [.. next.Select(s => Slot(s, snapshot, desk.Settings.SlotMinutes))]));
        }

        return TypedResults.Created($"/api/admin/mediations/{booking.Id}", View(booking, snapshot));
    }

    internal static async Task<Results<Ok<BookingView>, NotFound, Conflict<string>>> CancelAsync(
        string id, CancelBody? body, MediationDesk desk, DirectoryCache directory, CancellationToken cancellationToken)
    {
        if (await desk.GetAsync(id, cancellationToken) is not { } booking)
        {
            return TypedResults.NotFound();
        }

        if (booking.Status is not (BookingStatus.Booked or BookingStatus.Cancelled))
        {
            return TypedResults.Conflict($"The mediation was held ({StatusName(booking.Status)}); nothing changed.");
        }

        var cancelled = await desk.CancelAsync(booking, body?.By is { Length: > 0 } by ? by : "admin", byResident: false, body?.Note, cancellationToken);
        return TypedResults.Ok(View(cancelled, await directory.GetAsync(cancellationToken)));
    }

    private static SlotView Slot(MediationSlot s, DirectorySnapshot snapshot, int minutes) => new(s.Mediator, snapshot.Person(s.Mediator)?.Name, s.Start, s.Start.AddMinutes(minutes));

    private static readonly string SpecialtyProblem = $"specialty is one of {string.Join(", ", Specialties.All)} (or give a ticket whose words say it).";

    private const string Usage = "Send {\"specialty\": \"noise\", \"ticket\": \"20261130-0001\", \"resident\": {\"openid\": \"...\", \"name\": \"...\", \"phone\": \"...\"}, \"mediator\": \"m-1\", \"start\": \"2026-12-01T09:00:00+08:00\"}.";
}
