using NeighborBot.Tickets;

namespace NeighborBot.Api.Tickets;

/// <summary>
/// A ticket as the admin routes (<c>/api/admin/tickets</c>) send it. The fields, their names and their order are the
/// ones scripts and the console have always read (once the domain <see cref="Ticket"/> itself, computed flags
/// included); the domain record can change without changing this JSON.
/// </summary>
internal sealed record TicketView(
    string Number,
    long Revision,
    string Category,
    bool Urgent,
    TicketView.LocationView? Location,
    string? HouseholdId,
    string? Hazard,
    string? Grid,
    string Reporter,
    string Channel,
    string Text,
    string SourceId,
    TicketStatus Status,
    string? Assignee,
    DateTimeOffset? AcceptBy,
    DateTimeOffset? ResolveBy,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int? Rating,
    IReadOnlyList<TicketView.AttachmentView> Attachments,
    IReadOnlyList<TicketView.EventView> Events,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool IsOpen,
    bool IsActive,
    bool IsWithHandler,
    bool AwaitsAcceptance,
    bool AcceptDeadlineRuns,
    bool AwaitsDispatch,
    string ShortNumber,
    int Chases)
{
    /// <summary>Building / unit / room, or a public place.</summary>
    internal sealed record LocationView(int? Building, int? Unit, string? Room, string? Place, bool IsEmpty);

    /// <summary>One change in the ticket's life.</summary>
    internal sealed record EventView(
        DateTimeOffset At, string Actor, string Action, string? Note, string? To, string? From, IReadOnlyList<string>? Cc, int? Rating);

    /// <summary>A photo, voice note, video or place added to the ticket.</summary>
    internal sealed record AttachmentView(string Kind, string? MediaId, string? Url, DateTimeOffset At, string? Text);

    public static TicketView From(Ticket ticket) => new(
        ticket.Number,
        ticket.Revision,
        ticket.Category,
        ticket.Urgent,
        ticket.Location is { } l ? new LocationView(l.Building, l.Unit, l.Room, l.Place, l.IsEmpty) : null,
        ticket.HouseholdId,
        ticket.Hazard,
        ticket.Grid,
        ticket.Reporter,
        ticket.Channel,
        ticket.Text,
        ticket.SourceId,
        ticket.Status,
        ticket.Assignee,
        ticket.AcceptBy,
        ticket.ResolveBy,
        ticket.AcceptedAt,
        ticket.ResolvedAt,
        ticket.ClosedAt,
        ticket.Rating,
        [.. ticket.Attachments.Select(a => new AttachmentView(a.Kind, a.MediaId, a.Url, a.At, a.Text))],
        [.. ticket.Events.Select(e => new EventView(e.At, e.Actor, e.Action, e.Note, e.To, e.From, e.Cc is null ? null : [.. e.Cc], e.Rating))],
        ticket.CreatedAt,
        ticket.UpdatedAt,
        ticket.IsOpen,
        ticket.IsActive,
        ticket.IsWithHandler,
        ticket.AwaitsAcceptance,
        ticket.AcceptDeadlineRuns,
        ticket.AwaitsDispatch,
        ticket.ShortNumber,
        ticket.Chases);
}
