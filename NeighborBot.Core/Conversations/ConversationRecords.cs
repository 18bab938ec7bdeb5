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

/// <summary>One line of a person's conversation history, kept for staff and for later context.</summary>
/// <param name="Direction"><c>in</c> from the person, <c>out</c> from the bot.</param>
/// <param name="Kind">The message kind: text, voice, image, location, event name, ...</param>
public sealed record HistoryEntry(DateTimeOffset At, string Direction, string Kind, string Text);

/// <summary>The last position a person's phone reported (LOCATION events); overwritten, never appended.</summary>
public sealed record LocationFix(double Latitude, double Longitude, double Precision, DateTimeOffset At);
