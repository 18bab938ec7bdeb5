namespace NeighborBot.Conversations;

/// <summary>
/// What the bot remembers about a person between messages. It expires after the idle period, so
/// it only holds the conversation in progress; durable facts (tickets, bindings) live elsewhere.
/// </summary>
public sealed record ConversationState
{
    /// <summary>Bumped on every save; a save with a stale version is refused (two messages at once).</summary>
    public long Version { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastActiveAt { get; init; }

    /// <summary>Messages handled in this conversation.</summary>
    public int Turns { get; init; }
}

/// <summary>
/// What the bot knows about a person for good (no idle expiry): the household they are bound to and
/// when they last wrote (customer-service messages are allowed for 48 h after that).
/// </summary>
public sealed record PersonProfile
{
    public static readonly PersonProfile Empty = new();

    /// <summary>The household confirmed for this person (QR code, or a grid worker's confirmation).</summary>
    public string? HouseholdId { get; init; }

    public DateTimeOffset? BoundAt { get; init; }

    /// <summary>A household the person asked for by text, waiting for a grid worker's confirmation.</summary>
    public string? PendingHouseholdId { get; init; }

    public DateTimeOffset? LastMessageAt { get; init; }

    public bool Unsubscribed { get; init; }
}

/// <summary>What the bot knows about a person when a message arrives: the conversation and the profile.</summary>
public sealed record Conversation(ConversationState? State, PersonProfile Profile);

/// <summary>One line of a person's conversation history, kept for staff and for later context.</summary>
/// <param name="Direction"><c>in</c> from the person, <c>out</c> from the bot.</param>
/// <param name="Kind">The message kind: text, voice, image, location, event name, ...</param>
public sealed record HistoryEntry(DateTimeOffset At, string Direction, string Kind, string Text);

/// <summary>The last position a person's phone reported (LOCATION events); overwritten, never appended.</summary>
public sealed record LocationFix(double Latitude, double Longitude, double Precision, DateTimeOffset At);
