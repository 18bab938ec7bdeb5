using System.Text.Json.Serialization;

namespace NeighborBot.Mediation;

[JsonConverter(typeof(JsonStringEnumConverter<BookingStatus>))]
public enum BookingStatus
{
    [JsonStringEnumMemberName("booked")]
    Booked,
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>Held, and the parties agreed (调解成功).</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>Held without agreement (调解未成功).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// A meeting with a mediator: who, when, about what, for which resident (and ticket), how it was booked and how it ended.
/// The slot (mediator and start) is held by one booking at a time: the store claims it atomically.
/// </summary>
public sealed record MediationBooking
{
    /// <summary><c>M0042</c>: one counter for all bookings; people type the last four digits (<c>0042</c>).</summary>
    public required string Id { get; init; }

    public static string FormatId(long sequence) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"M{sequence:0000}");

    /// <summary>The mediator's directory id.</summary>
    public required string Mediator { get; init; }

    public required string Specialty { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required int Minutes { get; init; }

    public required string Room { get; init; }

    /// <summary>The resident as a person key (<c>mp:account:openid</c>), when they can be reached in chat.</summary>
    public string? Resident { get; init; }

    /// <summary>The resident's name and phone, when staff booked for someone not in chat.</summary>
    public string? ResidentName { get; init; }

    public string? ResidentPhone { get; init; }

    /// <summary>The dispute ticket the meeting is about, if any: its outcome resolves or re-routes it.</summary>
    public string? Ticket { get; init; }

    /// <summary>Booked by the resident in chat (true) or by staff (false).</summary>
    public bool Online { get; init; }

    /// <summary>Who booked: the resident's key, or the staff member (<c>admin</c>, a console user).</summary>
    public required string BookedBy { get; init; }

    public BookingStatus Status { get; init; } = BookingStatus.Booked;

    public required DateTimeOffset BookedAt { get; init; }

    /// <summary>When the time was set last (booked or moved): reminders due before then are not sent.</summary>
    public required DateTimeOffset TimeSetAt { get; init; }

    /// <summary>How often the meeting was moved.</summary>
    public int Moves { get; init; }

    /// <summary>Who cancelled it or recorded the outcome, when, and their words.</summary>
    public string? ClosedBy { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? Note { get; init; }

    [JsonIgnore]
    public DateTimeOffset End => Start.AddMinutes(Minutes);

    [JsonIgnore]
    public string ShortNumber => Id.Length >= 4 ? Id[^4..] : Id;

    [JsonIgnore]
    public bool IsHeld => Status is BookingStatus.Succeeded or BookingStatus.Failed;

    /// <summary>The store's name of the slot: <c>{mediator}|{start in Unix ms}</c>.</summary>
    public static string SlotOf(string mediator, DateTimeOffset start) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mediator}|{start.ToUnixTimeMilliseconds()}");

    [JsonIgnore]
    public string Slot => SlotOf(Mediator, Start);
}

/// <summary>A free meeting time of a mediator.</summary>
public sealed record MediationSlot(string Mediator, DateTimeOffset Start);
