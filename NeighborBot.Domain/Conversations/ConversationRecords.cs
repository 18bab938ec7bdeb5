using NeighborBot.Tickets;

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

    /// <summary>A report the bot is still asking about (no ticket yet).</summary>
    public TicketDraft? Draft { get; init; }

    /// <summary>What the bot asked last, so the next message is read as the answer.</summary>
    public Question Awaiting { get; init; }

    /// <summary>
    /// A report waits on the bot's question about it (where, which kind): unanswered, it is filed after
    /// <see cref="ConversationOptions.FileUnansweredAfter"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ReportAwaitsAnswer => Draft is { Problems.Count: > 0 } && Awaiting is Question.Location or Question.Category;

    /// <summary>Tickets opened in this conversation, oldest first: photos, corrections and late locations go to the last.</summary>
    public IReadOnlyList<string> Tickets { get; init; } = [];

    /// <summary>Tickets whose location the bot asked for after opening them (urgent ones are opened first).</summary>
    public IReadOnlyList<string> LocationFor { get; init; } = [];

    /// <summary>The report the resident just called off ("算了"), kept for "不对，还是要修".</summary>
    public TicketDraft? Withdrawn { get; init; }

    /// <summary>The ticket the bot's question is about (the low rating whose reason it asked).</summary>
    public string? AboutTicket { get; init; }

    /// <summary>The last place the person gave in this conversation (in words or as a pin), for "就是刚才那个地址".</summary>
    public PlaceGiven? LastPlace { get; init; }

    /// <summary>The mediation booking the bot is asking about (what the dispute is, which slot).</summary>
    public MediationAsk? Mediation { get; init; }

    /// <summary>
    /// What the person said last that the bot could not use on its own ("我在厕所里头", "地下车库", "我是6号楼2单元新搬来的"):
    /// the start of a report typed in pieces, read with the next message.
    /// </summary>
    public string? Fragment { get; init; }
}

/// <summary>A place the person gave: where, when, and whether it came as a pin not yet used by a report.</summary>
public sealed record PlaceGiven(Tickets.TicketLocation Location, DateTimeOffset At, bool PendingPin = false);

/// <summary>What the bot is waiting for.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Question>))]
public enum Question
{
    None,

    /// <summary>Where the problem is (for the draft, or for tickets in <see cref="ConversationState.LocationFor"/>).</summary>
    Location,

    /// <summary>What the problem is (the draft has a photo or a place but no problem yet).</summary>
    Problem,

    /// <summary>Which of two categories the report is (<see cref="TicketDraft.Choices"/>): intake could not tell.</summary>
    Category,

    /// <summary>What went wrong, after a low rating of <see cref="ConversationState.AboutTicket"/>.</summary>
    RatingReason,
}

/// <summary>A report being put together over several messages.</summary>
public sealed record TicketDraft
{
    /// <summary>The delivery that started the report: tickets made from the draft are idempotent on it.</summary>
    public required string SourceId { get; init; }

    public IReadOnlyList<DraftProblem> Problems { get; init; } = [];
    public Tickets.TicketLocation? Location { get; init; }
    public IReadOnlyList<Tickets.TicketAttachment> Attachments { get; init; } = [];

    /// <summary>How many times the bot asked the same question; it stops insisting after a few.</summary>
    public int Asked { get; init; }

    /// <summary>The categories the resident is asked to choose from, likelier first (the first is the guess).</summary>
    public IReadOnlyList<string>? Choices { get; init; }
}

/// <summary>One problem of a draft.</summary>
public sealed record DraftProblem(string Category, bool Urgent, string? Hazard, string Text, Tickets.TicketLocation? Location);

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

    /// <summary>When the person asked for a person (转人工), and the worker asked to contact them: the bot stays quiet meanwhile.</summary>
    public DateTimeOffset? HandedOverAt { get; init; }

    public string? HandedOverTo { get; init; }

    /// <summary>The person wrote 退订: no broadcasts but urgent warnings until they write 订阅.</summary>
    public bool BroadcastsOff { get; init; }
}

/// <summary>
/// A person bound to a household, as the list of bound residents keeps it (broadcast audiences are
/// resolved from it): kept in step with every profile write of the store; people who unfollowed leave it.
/// </summary>
public sealed record BoundResident(PersonKey Who, string HouseholdId, bool BroadcastsOff);

/// <summary>What the bot knows about a person when a message arrives: the conversation and the profile.</summary>
public sealed record Conversation(ConversationState? State, PersonProfile Profile);

/// <summary>One line of a person's conversation history, kept for staff and for later context.</summary>
/// <param name="Direction"><c>in</c> from the person, <c>out</c> from the bot.</param>
/// <param name="Kind">The message kind: text, voice, image, location, event name, ...</param>
public sealed record HistoryEntry(DateTimeOffset At, string Direction, string Kind, string Text);

/// <summary>The last position a person's phone reported (LOCATION events); overwritten, never appended.</summary>
public sealed record LocationFix(double Latitude, double Longitude, double Precision, DateTimeOffset At);

/// <summary>
/// The mediation booking the bot is in with a resident: it asked what the dispute is about (<see cref="Offered"/>
/// empty), or offered numbered slots (for a new booking, or to move <see cref="Moving"/>).
/// </summary>
public sealed record MediationAsk
{
    public string? Specialty { get; init; }

    public string? Ticket { get; init; }

    public IReadOnlyList<OfferedSlot> Offered { get; init; } = [];

    /// <summary>The booking being moved, when the slots are for a move.</summary>
    public string? Moving { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>A mediator's slot offered under a number.</summary>
public sealed record OfferedSlot(string Mediator, DateTimeOffset Start);
