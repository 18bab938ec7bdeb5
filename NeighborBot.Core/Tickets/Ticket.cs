using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace NeighborBot.Tickets;

/// <summary>Where a problem is: a home (building / unit / room) or a public place (东门, 地下车库).</summary>
public sealed record TicketLocation(int? Building, int? Unit, string? Room, string? Place)
{
    public bool IsEmpty => Building is null && Unit is null && Room is null && Place is null;

    /// <summary>As residents write it: 3号楼2单元501, or the place's name.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Building is { } b)
        {
            text.Append(b.ToString(CultureInfo.InvariantCulture)).Append("号楼");
        }

        if (Unit is { } u)
        {
            text.Append(u.ToString(CultureInfo.InvariantCulture)).Append("单元");
        }

        text.Append(Room);
        if (Place is { } place)
        {
            text.Append(text.Length > 0 ? " " : string.Empty).Append(place);
        }

        return text.ToString();
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    [JsonStringEnumMemberName("submitted")]
    Submitted,
    [JsonStringEnumMemberName("assigned")]
    Assigned,
    [JsonStringEnumMemberName("accepted")]
    Accepted,
    [JsonStringEnumMemberName("resolved")]
    Resolved,
    [JsonStringEnumMemberName("closed")]
    Closed,
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
    [JsonStringEnumMemberName("reopened")]
    Reopened,
}

/// <summary>One change in a ticket's life: who, when, what, and a note (回访销号 needs the trail).</summary>
/// <param name="Actor">A person key (<c>mp:account:openid</c>), a directory id, or <c>system</c>.</param>
/// <param name="Action">created, cancelled, attachment, assigned, accepted, resolved, ...</param>
public sealed record TicketEvent(DateTimeOffset At, string Actor, string Action, string? Note = null);

/// <summary>A photo, voice or video added to a ticket; WeChat keeps the media for 3 days under MediaId.</summary>
public sealed record TicketAttachment(string Kind, string? MediaId, string? Url, DateTimeOffset At, string? Text = null);

/// <summary>A resident's problem, from report to rating.</summary>
public sealed record Ticket
{
    /// <summary>Daily sequence, e.g. 20260712-0042; residents may type the last four digits.</summary>
    public string Number { get; init; } = string.Empty;

    /// <summary>Bumped on every save; a save on a stale revision is refused.</summary>
    public long Revision { get; init; }

    public required string Category { get; init; }
    public bool Urgent { get; init; }
    public TicketLocation? Location { get; init; }
    public string? HouseholdId { get; init; }

    /// <summary>The grid (网格) the location belongs to, when known.</summary>
    public string? Grid { get; init; }

    /// <summary>The reporter as a person key (<see cref="Conversations.PersonKey"/> text).</summary>
    public required string Reporter { get; init; }

    /// <summary><c>mp</c> (Official Account) or <c>grp</c> (group bridge).</summary>
    public required string Channel { get; init; }

    /// <summary>The resident's own words.</summary>
    public required string Text { get; init; }

    /// <summary>The delivery that created the ticket; the same delivery never creates a second one.</summary>
    public required string SourceId { get; init; }

    public TicketStatus Status { get; init; } = TicketStatus.Submitted;

    /// <summary>The directory id of the person handling the ticket.</summary>
    public string? Assignee { get; init; }

    /// <summary>When the handler must have accepted, and resolved, the ticket (from the SLA of its category and urgency).</summary>
    public DateTimeOffset? AcceptBy { get; init; }

    public DateTimeOffset? ResolveBy { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The resident's rating, 1 (very unhappy) to 5; 满意 counts 5, 基本满意 4, 不满意 2.</summary>
    public int? Rating { get; init; }
    public IReadOnlyList<TicketAttachment> Attachments { get; init; } = [];
    public IReadOnlyList<TicketEvent> Events { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsOpen => Status is not (TicketStatus.Closed or TicketStatus.Cancelled);

    /// <summary>Being worked on: someone must still accept or resolve it.</summary>
    public bool IsActive => Status is TicketStatus.Submitted or TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened;

    /// <summary>The last four digits, as residents and workers type them.</summary>
    public string ShortNumber => Number.Length >= 4 ? Number[^4..] : Number;

    public Ticket With(TicketEvent change, TicketStatus? status = null) => this with
    {
        Status = status ?? Status,
        Events = [.. Events, change],
        UpdatedAt = change.At,
    };

    public static string FormatNumber(DateTimeOffset chinaDay, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{chinaDay:yyyyMMdd}-{sequence:0000}");
}
