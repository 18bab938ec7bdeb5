using System.Text.Json.Serialization;
using NeighborBot.Conversations;

namespace NeighborBot.Outbox;

/// <summary>
/// A message to one person, sent later by a job.
/// </summary>
/// <param name="Id">
/// The idempotency key, chosen by the caller and stable across its retries, e.g.
/// <c>20260712-0042:e3:w1</c> (ticket, event, person). Queuing the same id again sends nothing more;
/// it is also the template's <c>client_msg_id</c>. Up to 128 characters, no spaces or braces.
/// Starting ids with the ticket number lets admins find a ticket's messages by prefix.
/// </param>
/// <param name="To">Who: an Official Account follower (<see cref="PersonKey.OfficialAccount"/>).</param>
/// <param name="Kind">The template kind (<see cref="MessageKinds"/>): which template of the account is used outside the 48 h window.</param>
/// <param name="Text">The plain text, sent as a customer-service message within 48 h of the person's last message.</param>
/// <param name="Fields">Named values (number, category, location, text, deadline, status, note, reporter, ...) that the account's template mapping turns into template data.</param>
public sealed record OutboundMessage(string Id, PersonKey To, string Kind, string Text, IReadOnlyDictionary<string, string> Fields)
{
    public const int MaxIdLength = 128;

    /// <summary>Why the message cannot be queued, or null.</summary>
    internal string? Problem() =>
        string.IsNullOrWhiteSpace(Id) || Id.Length > MaxIdLength || Id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}')
            ? $"The message id must be 1-{MaxIdLength} characters without spaces or braces."
            : string.IsNullOrWhiteSpace(Kind) ? "The message needs a kind."
            : string.IsNullOrEmpty(To.Channel) || string.IsNullOrEmpty(To.Scope) || string.IsNullOrEmpty(To.Id) ? "The message needs a recipient."
            : null;
}

/// <summary>Queues messages to people. Only jobs call WeChat: the caller (a webhook, a job) never waits for it.</summary>
public interface IOutbox
{
    /// <summary>
    /// Stores the message under its id and queues the job that sends it; returns without calling
    /// WeChat. A second call with the same id sends nothing more (the first message is kept).
    /// </summary>
    /// <exception cref="ArgumentException">The id, kind or recipient is not usable.</exception>
    Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Queues a message that was given up (failed or uncertain) again, with a fresh retry period.</summary>
    Task<ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken);
}

/// <summary>The template kinds in use; an account maps each to a template (<c>WeChat:Accounts:{account}:Templates:{kind}</c>).</summary>
public static class MessageKinds
{
    public const string Assignment = "assignment";
    public const string Progress = "progress";
    public const string Rating = "rating";
    public const string Escalation = "escalation";
    public const string Reminder = "reminder";
    public const string Broadcast = "broadcast";

    /// <summary>A community notice (a broadcast) to one person: the <c>notice</c> template outside the 48 h window.</summary>
    public const string Notice = "notice";
}

/// <summary>
/// Told when the outbox is done with a message (delivered, failed or uncertain), after its status is
/// saved: a feature that queued it counts the outcome (a broadcast's figures). A process that dies in
/// between misses one call, so an observer must be able to catch up from the send log.
/// </summary>
public interface IOutboxObserver
{
    Task FinishedAsync(OutboundMessage message, MessageStatus status, CancellationToken cancellationToken);
}

/// <summary>Where a message stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
public enum MessageStatus
{
    /// <summary>Stored, waiting for its job.</summary>
    Queued,

    /// <summary>A job is sending it now.</summary>
    Sending,

    /// <summary>The last run failed in a way worth another try (or was put off); it runs again at <see cref="MessageRecord.NextRunAt"/>.</summary>
    Retrying,

    /// <summary>WeChat took it. Final.</summary>
    Delivered,

    /// <summary>It will not be sent: WeChat refused it for good, it has no usable channel, or it kept failing for <c>Notifications:RetryFor</c>. Final until an admin resends it.</summary>
    Failed,

    /// <summary>A send may or may not have arrived (timeout after sending); not sent again, so never twice. Final.</summary>
    Uncertain,
}

/// <summary>What came of one attempt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptOutcome>))]
public enum AttemptOutcome
{
    Delivered,

    /// <summary>The customer-service message could not go (45015, 45047, 45002); the template is tried.</summary>
    FellBack,

    /// <summary>Refused for good (wrong openid or template, not following, refuses messages, no template configured, ...).</summary>
    Refused,

    /// <summary>Failed, certainly without delivering; worth another try.</summary>
    Transient,

    /// <summary>Failed after the request may have reached WeChat (timeout, connection lost, the run stopped).</summary>
    Uncertain,
}

/// <summary>One try to send a message, as the send log keeps it.</summary>
/// <param name="Run">Which run of the job made it (1 = the first).</param>
/// <param name="Reason">What happened, in words an admin can act on.</param>
/// <param name="ErrCode">WeChat's errcode, when WeChat answered.</param>
/// <param name="Error">The exception (type and message), when the call failed without an answer.</param>
public sealed record SendAttempt(
    DateTimeOffset At,
    int Run,
    string Channel,
    AttemptOutcome Outcome,
    string Reason,
    int? ErrCode = null,
    string? Error = null,
    long? MsgId = null);

/// <summary>A message with its status and every attempt, oldest first.</summary>
public sealed record MessageRecord(
    OutboundMessage Message,
    MessageStatus Status,
    string? Reason,
    DateTimeOffset QueuedAt,
    DateTimeOffset UpdatedAt,
    int Runs,
    IReadOnlyList<SendAttempt> Attempts)
{
    /// <summary>A send that had started when its run stopped (the process died): its outcome is unknown.</summary>
    internal InFlightSend? InFlight { get; init; }

    /// <summary>When a message that failed for now is tried again.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    public bool IsFinal => Status is MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Uncertain;
}

internal sealed record InFlightSend(string Channel, DateTimeOffset At);

/// <summary>The send log: what became of each message. Redis and in-process.</summary>
public interface ISendLog
{
    Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// The messages whose id starts with <paramref name="idPrefix"/>, in id order: e.g.
    /// <c>20260712-0042:</c> for every message about that ticket. Kept for <c>Notifications:SendLogRetention</c>.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> FindAsync(string idPrefix, int limit, CancellationToken cancellationToken);

    /// <summary>The messages given up (failed or uncertain), newest first: what an admin may resend.</summary>
    Task<IReadOnlyList<MessageRecord>> GivenUpAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>How a run of the send job ended.</summary>
/// <param name="Counted">Whether the run tried to send (a run put off by the rate limit tried nothing).</param>
/// <param name="NextRunAt">When the message is tried again; null when it is final.</param>
internal sealed record RunEnd(MessageStatus Status, string? Reason, bool Counted, DateTimeOffset? NextRunAt);

/// <summary>What an admin's resend did.</summary>
public enum ResendResult
{
    Queued,
    NotGivenUp,
    NotFound,
}

/// <summary>
/// A message for one person: the text of a customer-service message, and the named values a
/// template message is filled from (number, category, location, text, deadline, status, note, ...).
/// </summary>
public sealed record OutboundText(string Text, IReadOnlyDictionary<string, string> Fields);
