using System.Text.Json.Serialization;

namespace NeighborBot.Wishes;

/// <summary>Where a wish is: on the board (open), taken by a volunteer (claimed), or fulfilled (done).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WishState>))]
public enum WishState
{
    [JsonStringEnumMemberName("open")]
    Open,
    [JsonStringEnumMemberName("claimed")]
    Claimed,
    [JsonStringEnumMemberName("done")]
    Done,
}

/// <summary>The names of wish events.</summary>
public static class WishActions
{
    public const string Approved = "approved";
    public const string Claimed = "claimed";
    public const string Returned = "returned";
    public const string Done = "done";
    public const string Photo = "photo";
}

/// <summary>One change in a wish's life: who (a directory id, or <c>system</c>), when, what.</summary>
public sealed record WishEvent(DateTimeOffset At, string Actor, string Action, string? Note = null);

/// <summary>
/// A micro-wish (微心愿) on the community's board: a <c>wish</c> ticket that a grid worker approved
/// (<c>审核通过 0042</c>). It carries the ticket's number and a short description without the
/// resident's name, phone or room (<see cref="Summary"/>); who the resident is and where they live stay
/// on the ticket, and a volunteer hears them only once they claim the wish. A claim runs until
/// <see cref="ClaimedUntil"/>; a claim not done by then returns the wish to the board.
/// </summary>
public sealed record Wish
{
    /// <summary>The ticket's number (20270912-0042); volunteers may type the last four digits.</summary>
    public required string Number { get; init; }

    /// <summary>Bumped on every save; a save on a stale revision is refused (two volunteers claiming at once: one wins).</summary>
    public long Revision { get; init; }

    public string? Grid { get; init; }

    /// <summary>What the board shows: no name, phone or room.</summary>
    public required string Summary { get; init; }

    /// <summary>The building, which the board may show (3号楼).</summary>
    public int? Building { get; init; }

    /// <summary>The directory id of the grid worker (or leader) who approved the wish.</summary>
    public required string ApprovedBy { get; init; }

    public DateTimeOffset ApprovedAt { get; init; }

    public WishState State { get; init; } = WishState.Open;

    /// <summary>The directory id of the volunteer holding the wish, while claimed; of the one who fulfilled it, when done.</summary>
    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>When a claim not done returns the wish to the board.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>How many times the wish was claimed (a returned claim and the next one are told apart by it).</summary>
    public int Claims { get; init; }

    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>What the volunteer wrote when done (it may name the resident: not for the public list).</summary>
    public string? DoneNote { get; init; }

    /// <summary>The volunteer's time, recorded with the festival visits.</summary>
    public int Minutes { get; init; }

    /// <summary>The photo of the done wish: WeChat's media id (kept 3 days) or its URL.</summary>
    public string? Photo { get; init; }

    public IReadOnlyList<WishEvent> Events { get; init; } = [];

    /// <summary>The last four digits, as volunteers type them.</summary>
    public string ShortNumber => Number.Length >= 4 ? Number[^4..] : Number;

    public const string System = "system";

    public static Wish Approve(string number, string? grid, int? building, string summary, string approvedBy, DateTimeOffset at) => new()
    {
        Number = number,
        Grid = grid,
        Building = building,
        Summary = summary,
        ApprovedBy = approvedBy,
        ApprovedAt = at,
        Events = [new WishEvent(at, approvedBy, WishActions.Approved, summary)],
    };

    // The transitions: each returns the changed wish, or null when the wish is not in a state for it.

    /// <summary>认领: an open wish goes to the volunteer until <paramref name="until"/>.</summary>
    public Wish? Claim(string volunteer, DateTimeOffset until, DateTimeOffset at) => State != WishState.Open ? null : this with
    {
        State = WishState.Claimed,
        ClaimedBy = volunteer,
        ClaimedAt = at,
        ClaimedUntil = until,
        Claims = Claims + 1,
        Events = [.. Events, new WishEvent(at, volunteer, WishActions.Claimed)],
    };

    /// <summary>A claim whose time ran out returns the wish to the board.</summary>
    public Wish? Return(DateTimeOffset at) => State != WishState.Claimed || ClaimedUntil > at ? null : this with
    {
        State = WishState.Open,
        ClaimedBy = null,
        ClaimedAt = null,
        ClaimedUntil = null,
        Events = [.. Events, new WishEvent(at, System, WishActions.Returned, ClaimedBy)],
    };

    /// <summary>已完成: the volunteer holding the wish fulfilled it.</summary>
    public Wish? Fulfil(string volunteer, string note, int minutes, DateTimeOffset at) => State != WishState.Claimed || ClaimedBy != volunteer ? null : this with
    {
        State = WishState.Done,
        DoneAt = at,
        DoneNote = note,
        Minutes = minutes,
        ClaimedUntil = null,
        Events = [.. Events, new WishEvent(at, volunteer, WishActions.Done, note)],
    };

    /// <summary>The photo of a done wish, sent by the volunteer who did it.</summary>
    public Wish? WithPhoto(string volunteer, string photo, DateTimeOffset at) => State != WishState.Done || ClaimedBy != volunteer ? null : this with
    {
        Photo = photo,
        Events = [.. Events, new WishEvent(at, volunteer, WishActions.Photo)],
    };
}
