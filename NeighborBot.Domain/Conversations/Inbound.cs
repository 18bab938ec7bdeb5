using NeighborBot.Groups;

namespace NeighborBot.Conversations;

/// <summary>
/// One message or event as the conversation sees it, whatever channel brought it: each channel's
/// adapter turns its wire format into one of these, and the conversation never sees a channel's types.
/// </summary>
public abstract record Inbound
{
    /// <summary>Unique per sender and delivery: a retry of the same delivery has the same id, and is answered, not handled again.</summary>
    public required string DedupeId { get; init; }

    /// <summary>The delivery came from a group (a bridge, a WeCom robot), not a one-to-one chat: answers there are seen by everyone.</summary>
    public GroupContext? Group { get; init; }

    /// <summary>Something the person said or did (not a background report such as a position): it counts as contact.</summary>
    public virtual bool IsContact => true;
}

/// <summary>Text the person typed, or a voice note's transcript (<see cref="Spoken"/>, with the note's media id).</summary>
public sealed record TextIn(string Text) : Inbound
{
    public bool Spoken { get; init; }

    public string? MediaId { get; init; }
}

/// <summary>A photo, a voice note without a transcript, a video or a file.</summary>
/// <param name="Kind"><c>image</c>, <c>voice</c>, <c>video</c>, <c>shortvideo</c>, <c>file</c>.</param>
public sealed record MediaIn(string Kind, string? MediaId, string? Url) : Inbound;

/// <summary>A place the person picked on a map and sent.</summary>
public sealed record PlaceIn(double Latitude, double Longitude, string? Label) : Inbound;

/// <summary>A position the phone reported by itself (the Official Account's LOCATION event): kept as the last position, never answered.</summary>
public sealed record PositionIn(double Latitude, double Longitude, double Precision) : Inbound
{
    public override bool IsContact => false;
}

/// <summary>The person followed the account, through a QR code with <see cref="Scene"/> (e.g. <c>hh:3-2-501</c>) or not.</summary>
public sealed record FollowIn(string? Scene) : Inbound;

public sealed record UnfollowIn : Inbound;

/// <summary>A follower scanned a QR code with <see cref="Scene"/>.</summary>
public sealed record ScanIn(string? Scene) : Inbound;

/// <summary>A tap on a menu button or a link the person shared.</summary>
public sealed record TapIn(string Key) : Inbound;

/// <summary>
/// Anything else the channel delivered (a kind nobody handles, a notice such as a template's delivery
/// report): kept whole in the history (<see cref="Raw"/>), answered with nothing.
/// </summary>
/// <param name="Kind">The channel's own name for it, e.g. <c>event:templatesendjobfinish</c>.</param>
public sealed record OtherIn(string Kind, string Raw) : Inbound
{
    /// <summary>False for the channel's own notices (a menu link opened, a template delivered): they are not the person writing.</summary>
    public bool FromPerson { get; init; }

    public override bool IsContact => FromPerson;
}

/// <summary>
/// Not a message: the bot's question about a report has gone unanswered for <see cref="ConversationOptions.FileUnansweredAfter"/>
/// (<see cref="UnansweredReports"/> delivers it). The report is filed as it stands if the conversation is still at
/// <see cref="Version"/>, that is, the person wrote nothing since.
/// </summary>
public sealed record UnansweredIn(long Version) : Inbound
{
    public override bool IsContact => false;
}
