using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.Broadcasts;

/// <summary>Where a broadcast stands. Written in JSON as <c>draft</c>, <c>awaiting-approval</c>, ...</summary>
[JsonConverter(typeof(BroadcastStatusJson))]
public enum BroadcastStatus
{
    /// <summary>Being written; an admin may change it, preview it, then schedule it.</summary>
    Draft,

    /// <summary>Scheduled, but it reaches more than one grid or every resident: someone must approve it first.</summary>
    AwaitingApproval,

    /// <summary>Waiting for its time (<see cref="Broadcast.NextRunAt"/>); a recurring one between runs.</summary>
    Scheduled,

    /// <summary>A run is handing its messages to the outbox.</summary>
    Sending,

    /// <summary>Every message of its (only) run was handed over; the figures say what became of them.</summary>
    Sent,

    /// <summary>Stopped by an admin: nothing more is handed over.</summary>
    Cancelled,

    /// <summary>A run could not go out (no recipient at all, no text); <see cref="Broadcast.Reason"/> says why.</summary>
    Failed,
}

/// <summary>The status names of the admin API: kebab-case.</summary>
internal sealed class BroadcastStatusJson() : JsonStringEnumConverter<BroadcastStatus>(JsonNamingPolicy.KebabCaseLower);

/// <summary>What a transition came to: the changed broadcast, or why it was refused (and nothing changed).</summary>
public sealed record BroadcastResult(Broadcast? Changed, string? Refusal)
{
    public bool Done => Changed is not null;

    public static BroadcastResult Ok(Broadcast changed) => new(changed, null);

    public static BroadcastResult Refused(string why) => new(null, why);
}

/// <summary>
/// A message admins send to an audience, once or on a schedule. The aggregate owns its transitions
/// (<see cref="Submit"/>, <see cref="Approve"/>, <see cref="StartRun"/>, ...): each checks the status and
/// returns the new broadcast, so the store only ever saves a state one of them produced.
/// </summary>
public sealed record Broadcast
{
    public required string Id { get; init; }

    public required BroadcastContent Content { get; init; }

    public required Audience Audience { get; init; }

    /// <summary>When: null for now, a time, or a cron expression in China time.</summary>
    public BroadcastSchedule? Schedule { get; init; }

    /// <summary>A warning that reaches residents who opted out (退订) too.</summary>
    public bool Urgent { get; init; }

    /// <summary>
    /// Send to every follower of the Official Account with one mass message (群发) instead of resident by
    /// resident. Only for urgent broadcasts: mass messages cannot leave out the residents who opted out,
    /// and each counts against the account's monthly allowance.
    /// </summary>
    public bool MassSend { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public BroadcastStatus Status { get; init; }

    /// <summary>Whether it waits for an approval before it goes (decided when it was scheduled).</summary>
    public bool NeedsApproval { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public string? CancelledBy { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>When the next run is due (scheduled broadcasts); the due sweep starts it.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Runs started so far; the current or last run is number <see cref="Runs"/>.</summary>
    public int Runs { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Reason { get; init; }

    public bool IsRecurring => Schedule?.Cron is not null;

    /// <summary>Changes the content, audience or schedule of a draft.</summary>
    public BroadcastResult Edit(BroadcastContent content, Audience audience, BroadcastSchedule? schedule, bool urgent, bool massSend, DateTimeOffset at) =>
        Status != BroadcastStatus.Draft
            ? BroadcastResult.Refused($"Only a draft can be changed; this broadcast is {Name(Status)}.")
            : BroadcastResult.Ok(this with { Content = content, Audience = audience, Schedule = schedule, Urgent = urgent, MassSend = massSend, UpdatedAt = at });

    /// <summary>A draft is scheduled: it waits for approval when it needs one, else for its time.</summary>
    public BroadcastResult Submit(bool needsApproval, DateTimeOffset at)
    {
        if (Status != BroadcastStatus.Draft)
        {
            return BroadcastResult.Refused($"Only a draft can be scheduled; this broadcast is {Name(Status)}.");
        }

        var first = Schedule?.FirstRun(at);
        if (Schedule is not null && first is null)
        {
            return BroadcastResult.Refused("The schedule has no time to come.");
        }

        var submitted = this with { NeedsApproval = needsApproval, UpdatedAt = at };
        return BroadcastResult.Ok(needsApproval
            ? submitted with { Status = BroadcastStatus.AwaitingApproval }
            : submitted with { Status = BroadcastStatus.Scheduled, NextRunAt = first ?? at });
    }

    /// <summary>
    /// Lets a broadcast waiting for approval go. <paramref name="sharedKey"/>: the call came with the shared
    /// admin key, which stands for every admin (until staff accounts exist). A named approver must be
    /// someone other than the author.
    /// </summary>
    public BroadcastResult Approve(string by, bool sharedKey, DateTimeOffset at)
    {
        if (Status != BroadcastStatus.AwaitingApproval)
        {
            return BroadcastResult.Refused($"Only a broadcast awaiting approval can be approved; this one is {Name(Status)}.");
        }

        if (!sharedKey && string.Equals(by, CreatedBy, StringComparison.Ordinal))
        {
            return BroadcastResult.Refused("The author cannot approve their own broadcast; someone else must.");
        }

        var next = Schedule?.FirstRun(at) ?? at;
        return BroadcastResult.Ok(this with { Status = BroadcastStatus.Scheduled, ApprovedBy = by, ApprovedAt = at, NextRunAt = next, UpdatedAt = at });
    }

    /// <summary>Stops it: a run under way hands nothing more to the outbox; a recurring one runs no more.</summary>
    public BroadcastResult Cancel(string by, DateTimeOffset at) =>
        Status is BroadcastStatus.Sent or BroadcastStatus.Cancelled or BroadcastStatus.Failed
            ? BroadcastResult.Refused($"The broadcast is already {Name(Status)}.")
            : BroadcastResult.Ok(this with { Status = BroadcastStatus.Cancelled, CancelledBy = by, CancelledAt = at, NextRunAt = null, UpdatedAt = at });

    /// <summary>The due sweep starts the next run: its number is <see cref="Runs"/> afterwards.</summary>
    public BroadcastResult StartRun(DateTimeOffset at) =>
        Status != BroadcastStatus.Scheduled || NextRunAt is not { } due || due > at
            ? BroadcastResult.Refused("The broadcast is not due.")
            : BroadcastResult.Ok(this with { Status = BroadcastStatus.Sending, Runs = Runs + 1, LastRunAt = at, NextRunAt = null, UpdatedAt = at });

    /// <summary>
    /// Run <paramref name="run"/> handed every message over: a one-off broadcast is sent; a recurring one
    /// waits for its next occurrence after <paramref name="at"/> (occurrences missed meanwhile are not made up).
    /// </summary>
    public BroadcastResult FinishRun(int run, DateTimeOffset at)
    {
        if (Status != BroadcastStatus.Sending || run != Runs)
        {
            return BroadcastResult.Refused("The run is not under way.");
        }

        if (Schedule?.NextAfter(at) is { } next)
        {
            return BroadcastResult.Ok(this with { Status = BroadcastStatus.Scheduled, NextRunAt = next, UpdatedAt = at });
        }

        return BroadcastResult.Ok(this with { Status = BroadcastStatus.Sent, UpdatedAt = at });
    }

    /// <summary>Run <paramref name="run"/> could not go out at all; a recurring broadcast tries again at its next occurrence.</summary>
    public BroadcastResult FailRun(int run, string reason, DateTimeOffset at)
    {
        if (Status != BroadcastStatus.Sending || run != Runs)
        {
            return BroadcastResult.Refused("The run is not under way.");
        }

        return Schedule?.NextAfter(at) is { } next
            ? BroadcastResult.Ok(this with { Status = BroadcastStatus.Scheduled, NextRunAt = next, Reason = reason, UpdatedAt = at })
            : BroadcastResult.Ok(this with { Status = BroadcastStatus.Failed, Reason = reason, UpdatedAt = at });
    }

    /// <summary>The status as the admin API writes it.</summary>
    /// <summary>
    /// A broadcast the service itself schedules, approved by <paramref name="by"/> (the operator's configuration
    /// stands for the approval): a flood warning now, the weekly anti-fraud tip at its next occurrence.
    /// </summary>
    public static Broadcast Approved(string by, string id, BroadcastContent content, Audience audience, BroadcastSchedule? schedule, bool urgent, DateTimeOffset now) => new()
    {
        Id = id,
        Content = content,
        Audience = audience,
        Schedule = schedule,
        Urgent = urgent,
        CreatedBy = by,
        CreatedAt = now,
        UpdatedAt = now,
        Status = BroadcastStatus.Scheduled,
        NeedsApproval = true,
        ApprovedBy = by,
        ApprovedAt = now,
        NextRunAt = schedule?.FirstRun(now) ?? now,
    };

    public static string Name(BroadcastStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}

/// <summary>
/// What a broadcast says. <paramref name="Text"/> is what people and groups read; <paramref name="Markdown"/>,
/// when given, goes to group robots that show markdown; <paramref name="Link"/>, when given, makes the
/// Official Account message a news card (title, the text's start, the link) and the template's link.
/// <paramref name="Series"/> <c>anti-fraud</c> makes each run say the next tip of the anti-fraud library.
/// </summary>
public sealed record BroadcastContent(string Title, string Text, string? Markdown = null, string? Link = null, string? Series = null);
