using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using NeighborBot.Directory;

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
/// <param name="Action">One of <see cref="TicketActions"/>.</param>
/// <param name="To">For assigned and transferred: the directory id of the new handler.</param>
/// <param name="From">For assigned and transferred: the handler before the change, if any.</param>
/// <param name="Cc">For assigned: the people told as well (an urgent ticket's grid leader).</param>
/// <param name="Rating">For rated: the score given.</param>
public sealed record TicketEvent(
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Note = null,
    string? To = null,
    string? From = null,
    IReadOnlyList<string>? Cc = null,
    int? Rating = null);

/// <summary>The names of ticket events.</summary>
public static class TicketActions
{
    public const string Created = "created";
    public const string Assigned = "assigned";
    public const string Accepted = "accepted";
    public const string Resolved = "resolved";
    public const string Transferred = "transferred";
    public const string Returned = "returned";
    public const string Cancelled = "cancelled";
    public const string Rated = "rated";
    public const string Closed = "closed";
    public const string AutoClosed = "auto-closed";
    public const string Location = "location";
    public const string Corrected = "corrected";

    /// <summary>Staff gave the ticket another category; <c>From</c> and <c>To</c> hold the categories (intake learns from it).</summary>
    public const string Recategorized = "recategorized";
    public const string Attachment = "attachment";
    public const string RatingReminder = "rating-reminder";

    /// <summary>催单: the resident asked for haste; the note holds their words.</summary>
    public const string Chased = "chased";

    /// <summary>补充: the resident added words (a detail, a phone number) to the report.</summary>
    public const string Added = "added";

    /// <summary>The resident said the problem is back ("又坏了") after it was resolved or closed.</summary>
    public const string Reopened = "reopened";

    /// <summary>Why the resident rated low, in their words, asked once after the rating.</summary>
    public const string RatingReason = "rating-reason";

    /// <summary>
    /// The reporter's later words turned the problem into an emergency ("到现在没回来 电话不接" after "老头子早上出去买菜"):
    /// the note holds them, <c>To</c> the danger, <c>Cc</c> the people told of it who had not been told of the ticket.
    /// </summary>
    public const string MadeUrgent = "made-urgent";

    /// <summary>A missed deadline told one level up: <c>escalated-accept-1</c>, <c>escalated-resolve-2</c>, ...</summary>
    public static string Escalated(Deadline deadline, int level) => $"escalated-{(deadline == Deadline.Accept ? "accept" : "resolve")}-{level}";

    public static bool IsEscalation(string action, out Deadline deadline, out int level)
    {
        deadline = action.StartsWith("escalated-accept-", StringComparison.Ordinal) ? Deadline.Accept : Deadline.Resolve;
        level = 0;
        return action.StartsWith("escalated-", StringComparison.Ordinal) && int.TryParse(action.AsSpan(action.LastIndexOf('-') + 1), out level);
    }
}

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

    /// <summary>How the note of an urgent ticket's first event starts; the danger intake saw follows ("紧急：gas").</summary>
    public const string HazardMark = "紧急：";

    /// <summary>The note of a ticket opened because the resident did not answer the bot's question about it (<see cref="FiledUnanswered"/>).</summary>
    public const string UnansweredNote = "居民未回复追问，按已知信息登记";

    /// <summary>Opened as it stood after the resident left the bot's question (where, which kind) unanswered: the resident is told its number.</summary>
    [JsonIgnore]
    public bool FiledUnanswered => Events is [{ Action: TicketActions.Created, Note: UnansweredNote }, ..];

    /// <summary>The danger intake saw when the urgent ticket was opened (gas, fire, fall, ...), or null.</summary>
    public string? Hazard => Events is [{ Action: TicketActions.Created, Note: { } note }, ..] && note.StartsWith(HazardMark, StringComparison.Ordinal)
        ? note[HazardMark.Length..]
        : Events.FirstOrDefault(e => e.Action == TicketActions.MadeUrgent)?.To;

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

    /// <summary>Not closed or cancelled.</summary>
    public bool IsOpen => Status is not (TicketStatus.Closed or TicketStatus.Cancelled);

    /// <summary>Being worked on: someone must still accept or resolve it.</summary>
    public bool IsActive => Status is TicketStatus.Submitted or TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened;

    /// <summary>In a handler's hands: it can be accepted (when not yet), resolved, transferred or returned.</summary>
    public bool IsWithHandler => Status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.Reopened;

    /// <summary>Waiting for its handler to accept it.</summary>
    public bool AwaitsAcceptance => Status is TicketStatus.Assigned or TicketStatus.Reopened;

    /// <summary>Still to be accepted, for the accept deadline: assigned, or given back and not yet dispatched again.</summary>
    public bool AcceptDeadlineRuns => Status is TicketStatus.Assigned or TicketStatus.Submitted;

    /// <summary>A new ticket no one has routed yet (a ticket a worker gave back waits for a person to dispatch it).</summary>
    public bool AwaitsDispatch => Status == TicketStatus.Submitted && Assignee is null && !Events.Any(e => e.Action == TicketActions.Returned);

    /// <summary>
    /// Routed by the system, not yet taken, and since the event at <paramref name="from"/> (the first not yet told)
    /// the resident has said where it is or corrected it: its place's grid or its category may send it to someone else.
    /// </summary>
    public bool AwaitsRerouting(int from) =>
        Status == TicketStatus.Assigned && Grid is not null
        && LastIndex(e => e.Action is TicketActions.Location or TicketActions.Corrected && e.Actor == Reporter) is var placed && placed >= from
        && LastIndex(e => e.Action == TicketActions.Assigned) is var assigned && assigned >= 0 && assigned < placed
        && Events[assigned].Actor == System;

    private int LastIndex(Func<TicketEvent, bool> match)
    {
        for (var i = Events.Count - 1; i >= 0; i--)
        {
            if (match(Events[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The last four digits, as residents and workers type them.</summary>
    public string ShortNumber => Number.Length >= 4 ? Number[^4..] : Number;

    /// <summary>Appends an event (and sets the status); the building block of the transitions below.</summary>
    public Ticket With(TicketEvent change, TicketStatus? status = null) => this with
    {
        Status = status ?? Status,
        Events = [.. Events, change],
        UpdatedAt = change.At,
    };

    // The transitions. Each checks the status, and returns the new ticket with its events, or why not.

    /// <summary>平台派单 or an admin's reassignment: a handler takes over an active ticket with fresh deadlines.</summary>
    public TicketResult Assign(string actor, string handler, string note, DateTimeOffset acceptBy, DateTimeOffset resolveBy, IReadOnlyList<string> cc, DateTimeOffset at) =>
        !IsActive ? Refused() : Changed(With(new TicketEvent(at, actor, TicketActions.Assigned, note, handler, Assignee, cc.Count > 0 ? cc : null), TicketStatus.Assigned) with
        {
            Assignee = handler,
            AcceptBy = acceptBy,
            ResolveBy = resolveBy,
        });

    /// <summary>接单: the handler (or someone allowed to act for them) takes the ticket.</summary>
    public TicketResult Accept(string worker, DateTimeOffset at) =>
        !AwaitsAcceptance ? Refused() : Changed(With(new TicketEvent(at, worker, TicketActions.Accepted), TicketStatus.Accepted) with
        {
            AcceptedAt = AcceptedAt ?? at,
            Assignee = worker,
        });

    /// <summary>办结 with a note. A ticket not yet accepted is accepted and resolved in one step, and both are recorded.</summary>
    public TicketResult Resolve(string worker, string note, DateTimeOffset at)
    {
        if (!IsWithHandler)
        {
            return Refused();
        }

        var ticket = AwaitsAcceptance ? Accept(worker, at).Ticket! : this;
        return Changed(ticket.With(new TicketEvent(at, worker, TicketActions.Resolved, note), TicketStatus.Resolved) with
        {
            ResolvedAt = at,
            Assignee = worker,
        });
    }

    /// <summary>转派: to another handler, who must accept it by <paramref name="acceptBy"/>; <paramref name="cc"/> are told for their information.</summary>
    public TicketResult Transfer(string worker, string to, string note, DateTimeOffset acceptBy, DateTimeOffset at, IReadOnlyList<string>? cc = null) =>
        !IsActive || to == Assignee ? Refused() : Changed(With(new TicketEvent(at, worker, TicketActions.Transferred, note, to, Assignee, cc is { Count: > 0 } ? cc : null), TicketStatus.Assigned) with
        {
            Assignee = to,
            AcceptBy = acceptBy,
        });

    /// <summary>退回: the handler gives the ticket back; it waits for a person to dispatch it again.</summary>
    public TicketResult Return(string worker, string reason, DateTimeOffset at) =>
        !IsWithHandler ? Refused() : Changed(With(new TicketEvent(at, worker, TicketActions.Returned, reason, From: Assignee), TicketStatus.Submitted) with { Assignee = null });

    /// <summary>The resident (or an admin) withdraws the ticket while it is still being worked on.</summary>
    public TicketResult Cancel(string actor, string note, DateTimeOffset at) =>
        Status == TicketStatus.Cancelled ? Unchanged()
        : !IsActive ? Refused()
        : Changed(With(new TicketEvent(at, actor, TicketActions.Cancelled, note, From: Assignee), TicketStatus.Cancelled));

    /// <summary>居民评单: 3 and more closes the ticket; less reopens it with a new resolve deadline.</summary>
    public TicketResult Rate(string reporter, int rating, string words, DateTimeOffset resolveBy, DateTimeOffset at)
    {
        if (Status != TicketStatus.Resolved || reporter != Reporter)
        {
            return Refused();
        }

        var satisfied = rating >= SatisfiedFrom;
        return Changed(With(new TicketEvent(at, reporter, TicketActions.Rated, words, Rating: rating), satisfied ? TicketStatus.Closed : TicketStatus.Reopened) with
        {
            Rating = rating,
            ClosedAt = satisfied ? at : null,
            ResolvedAt = satisfied ? ResolvedAt : null,
            ResolveBy = satisfied ? ResolveBy : resolveBy,
        });
    }

    /// <summary>An admin closes the ticket (for example after a phone call settled it).</summary>
    public TicketResult Close(string actor, string? note, DateTimeOffset at) =>
        !IsOpen ? Refused() : Changed(With(new TicketEvent(at, actor, TicketActions.Closed, note), TicketStatus.Closed) with { ClosedAt = at });

    /// <summary>Resolved and never rated: closed when the follow-up period is over.</summary>
    public TicketResult AutoClose(DateTimeOffset at) =>
        Status != TicketStatus.Resolved ? Refused() : Changed(With(new TicketEvent(at, System, TicketActions.AutoClosed, "居民未评价"), TicketStatus.Closed) with { ClosedAt = at });

    /// <summary>Once per resolve: the resident is reminded to rate.</summary>
    public TicketResult RemindRating(DateTimeOffset at) =>
        Status != TicketStatus.Resolved ? Refused()
        : Events.Any(e => e.Action == TicketActions.RatingReminder && e.At >= ResolvedAt) ? Unchanged()
        : Changed(With(new TicketEvent(at, System, TicketActions.RatingReminder)));

    /// <summary>A missed deadline told one level up; once per deadline (its time in the note) and level.</summary>
    public TicketResult Escalate(Deadline deadline, int level, string due, DateTimeOffset at)
    {
        var action = TicketActions.Escalated(deadline, level);
        var missed = deadline == Deadline.Accept ? AcceptDeadlineRuns : IsWithHandler;
        return !missed ? Refused()
            : Events.Any(e => e.Action == action && e.Note == due) ? Unchanged()
            : Changed(With(new TicketEvent(at, System, action, due)));
    }

    /// <summary>The place, given after the ticket was opened without one (urgent tickets are opened first).</summary>
    public TicketResult SetPlace(string actor, TicketLocation location, string? household, string? grid, DateTimeOffset at) =>
        Location is { IsEmpty: false } || !IsOpen ? Unchanged()
        : Changed(With(new TicketEvent(at, actor, TicketActions.Location, location.ToString())) with
        {
            Location = location,
            HouseholdId = HouseholdId ?? household,
            Grid = grid ?? Grid,
        });

    /// <summary>"不对，是4号楼" / "不是漏水，是堵了": the place or the category corrected by the resident.</summary>
    public TicketResult Correct(string actor, string words, TicketLocation? location, string? household, string? grid, string? category, DateTimeOffset at) =>
        !IsOpen || (location is null && category is null) ? Refused()
        : Changed(With(new TicketEvent(at, actor, TicketActions.Corrected, words)) with
        {
            Location = location ?? Location,
            HouseholdId = location is null ? HouseholdId : household,
            Grid = location is null ? Grid : grid ?? Grid,
            Category = category ?? Category,
        });

    /// <summary>
    /// Staff (an admin, or a worker moving it to the desk of another category) say what the ticket really is. The
    /// ticket keeps its handler; the resident's words and the right category are what intake learns from.
    /// </summary>
    public TicketResult Recategorize(string actor, string category, string? note, DateTimeOffset at) =>
        !IsOpen && Status != TicketStatus.Closed ? Refused()
        : category == Category ? Unchanged()
        : Changed(With(new TicketEvent(at, actor, TicketActions.Recategorized, note, To: category, From: Category)) with { Category = category });

    /// <summary>A photo, voice note, video or place added to the ticket; the same media twice is kept once.</summary>
    public TicketResult Attach(string actor, TicketAttachment attachment, DateTimeOffset at) =>
        Attachments.Any(a => a.At == attachment.At && a.MediaId == attachment.MediaId && a.Kind == attachment.Kind) ? Unchanged()
        : Changed(With(new TicketEvent(at, actor, TicketActions.Attachment, attachment.Kind)) with { Attachments = [.. Attachments, attachment] });

    /// <summary>催单: the reporter presses for a ticket still being worked on; every chase is recorded and told.</summary>
    public TicketResult Chase(string reporter, string words, DateTimeOffset at) =>
        reporter != Reporter || !IsActive ? Refused() : Changed(With(new TicketEvent(at, reporter, TicketActions.Chased, words)));

    /// <summary>How many times the reporter chased the ticket.</summary>
    public int Chases => Events.Count(e => e.Action == TicketActions.Chased);

    /// <summary>补充: words the reporter adds to an open ticket (a detail, a phone number).</summary>
    public TicketResult AddDetail(string reporter, string words, DateTimeOffset at) =>
        reporter != Reporter || !IsOpen || Status == TicketStatus.Resolved ? Refused()
        : Events.Any(e => e.Action == TicketActions.Added && e.Note == words) ? Unchanged()
        : Changed(With(new TicketEvent(at, reporter, TicketActions.Added, words)));

    /// <summary>
    /// "又坏了": the reporter says a resolved ticket, or one closed at most <paramref name="within"/> ago, is not
    /// fixed. It goes back to its handler with a new resolve deadline.
    /// </summary>
    public TicketResult Reopen(string reporter, string words, TimeSpan within, DateTimeOffset resolveBy, DateTimeOffset at) =>
        reporter != Reporter || !(Status == TicketStatus.Resolved || (Status == TicketStatus.Closed && ClosedAt is { } closed && at - closed <= within)) ? Refused()
        : Changed(With(new TicketEvent(at, reporter, TicketActions.Reopened, words, To: Assignee), TicketStatus.Reopened) with
        {
            ResolvedAt = null,
            ClosedAt = null,
            ResolveBy = resolveBy,
        });

    /// <summary>The reporter's reason for a low or middling rating (asked after it; each further reason is kept too, a repeat of the same words once).</summary>
    public TicketResult ExplainRating(string reporter, string words, DateTimeOffset at) =>
        reporter != Reporter || Rating is not <= SatisfiedFrom ? Refused()
        : Events.Any(e => e.Action == TicketActions.RatingReason && e.Note == words) ? Unchanged()
        : Changed(With(new TicketEvent(at, reporter, TicketActions.RatingReason, words)));

    /// <summary>
    /// The reporter tells that the problem of a ticket still being worked on has become an emergency: it is urgent from now
    /// on, with the urgent deadlines when they come sooner than its own, and <paramref name="cc"/> are told besides its handler.
    /// </summary>
    public TicketResult MakeUrgent(string reporter, string words, string hazard, DateTimeOffset acceptBy, DateTimeOffset resolveBy, IReadOnlyList<string> cc, DateTimeOffset at) =>
        reporter != Reporter || !IsActive ? Refused()
        : Urgent ? Unchanged()
        : Changed(With(new TicketEvent(at, reporter, TicketActions.MadeUrgent, words, To: hazard, Cc: cc.Count > 0 ? cc : null)) with
        {
            Urgent = true,
            AcceptBy = AcceptDeadlineRuns ? Sooner(AcceptBy, acceptBy) : AcceptBy,
            ResolveBy = Sooner(ResolveBy, resolveBy),
        });

    private static DateTimeOffset Sooner(DateTimeOffset? current, DateTimeOffset other) => current is { } c && c < other ? c : other;

    /// <summary>The actor of changes the service makes by itself (timers, routing).</summary>
    public const string System = "system";

    /// <summary>Ratings from this score up close the ticket; below it they reopen it.</summary>
    public const int SatisfiedFrom = 3;

    private static TicketResult Changed(Ticket next) => new(next, true, TicketRefusal.None);

    private TicketResult Unchanged() => new(this, false, TicketRefusal.None);

    private TicketResult Refused() => new(this, false, TicketRefusal.WrongStatus);

    public static string FormatNumber(DateTimeOffset chinaDay, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{chinaDay:yyyyMMdd}-{sequence:0000}");
}

/// <summary>Why an action on a ticket changed nothing.</summary>
public enum TicketRefusal
{
    None,
    NotFound,
    NotYours,
    WrongStatus,
    UnknownTarget,
}

/// <summary>What an action made of a ticket: the new (or unchanged) ticket, whether it changed, and why not.</summary>
public sealed record TicketResult(Ticket? Ticket, bool Changed, TicketRefusal Refusal)
{
    public bool Done => Changed && Ticket is not null;

    public static TicketResult NotFound { get; } = new(null, false, TicketRefusal.NotFound);

    public static TicketResult Refuse(Ticket? ticket, TicketRefusal why) => new(ticket, false, why);
}
