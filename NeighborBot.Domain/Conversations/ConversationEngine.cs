using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// What a responder decided for one message: the answer (or none), the state to keep (or none, to end
/// the conversation) and the profile when it changed.
/// </summary>
public sealed record TurnResult(BotReply? Reply, ConversationState? State, PersonProfile? Profile = null)
{
    /// <summary>
    /// What to say instead when the message came from a group, where everyone reads the answer: only
    /// the group's own texts (no name, phone or room). Without one, the group hears a general answer.
    /// </summary>
    public string? GroupReply { get; init; }
}

/// <summary>Decides what to answer to one message, given what the bot remembers.</summary>
public interface IResponder
{
    /// <summary>
    /// May be called more than once for one delivery (when another message of the same person was
    /// saved meanwhile, the turn is redone on the newer state): side effects must be idempotent.
    /// </summary>
    Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken);
}

/// <summary>
/// Runs one turn of a conversation exactly once per delivery. The hot path is two pipelined Redis
/// round trips: (1) claim the delivery and read the state together, (2) commit state, history and
/// answer in one script. A retry of a delivery that is done gets the remembered answer; a retry of
/// one still in progress waits for it, and takes it over when the claim lapses (the process that
/// held it died): WeChat's retry then handles the report instead of getting an empty answer.
/// Whatever the answer tells (a ticket number) is stored before the answer leaves. Positions
/// (LOCATION events) only overwrite the last position.
/// </summary>
public sealed class ConversationEngine(
    IDedupeStore dedupe,
    IConversationStore store,
    IResponder responder,
    TimeProvider time,
    IOptions<ConversationOptions> options,
    ILogger<ConversationEngine> logger)
{
    private const int MaxConflictRetries = 5;
    private static readonly TimeSpan ContactRenewal = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly ConversationOptions _options = options.Value;

    public Task<BotReply?> HandleAsync(PersonKey who, Inbound message, CancellationToken cancellationToken) =>
        HandleAsync(who, message, Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Answers one delivery once the channel's own check (<paramref name="admission"/>, e.g. that a signed
    /// URL is not replayed) has passed: the check's command and the turn's first commands share one round
    /// trip, and nothing is done for a delivery the check refuses (its exception comes out of this call).
    /// </summary>
    public async Task<BotReply?> HandleAsync(PersonKey who, Inbound message, Task admission, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case PositionIn or OtherIn { FromPerson: false }:
                await admission.ConfigureAwait(false);
                break;
        }

        switch (message)
        {
            case PositionIn position:
                var fix = new LocationFix(position.Latitude, position.Longitude, position.Precision, time.GetUtcNow());
                await store.SetLastLocationAsync(who, fix, _options.LocationRetention, cancellationToken).ConfigureAwait(false);
                return null;
            case OtherIn { FromPerson: false }:
                return null;
        }

        var scope = who.ToString();
        var dedupeId = message.DedupeId;
        var owner = Guid.NewGuid().ToString("N");

        // Both commands leave before either answer arrives: one round trip.
        var claimTask = dedupe.ClaimAsync(scope, dedupeId, owner, _options.ClaimLease, cancellationToken);
        var conversationTask = store.GetAsync(who, cancellationToken);
        DedupeClaim claim;
        try
        {
            await AdmitAsync(admission, claimTask, scope, dedupeId, owner).ConfigureAwait(false);
            claim = await claimTask.ConfigureAwait(false);
        }
        finally
        {
            await Observe(conversationTask).ConfigureAwait(false);
        }

        if (claim.Status != ClaimStatus.Won)
        {
            Log.Repeated(logger, dedupeId, who.Channel, claim.Status);

            // Nobody waits for the answer to what the bot does of itself (a report filed unanswered): another run has it.
            return message.IsContact ? await AnswerRepeatAsync(who, message, claim, cancellationToken).ConfigureAwait(false) : null;
        }

        // Once claimed, the turn runs to its end even if the caller hangs up (WeChat stops waiting
        // after 5 s): the retry then finds the answer instead of starting the work again.
        try
        {
            return await RunTurnAsync(who, message, owner, await conversationTask.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await dedupe.ReleaseAsync(scope, dedupeId, owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<BotReply?> RunTurnAsync(PersonKey who, Inbound message, string owner, Conversation conversation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // A conversation idle for longer than the expiry is over, whether or not the store has dropped it yet.
            var stored = conversation.State;
            var current = stored is { } s && time.GetUtcNow() - s.LastActiveAt > _options.IdleExpiry ? conversation with { State = Idled(s, message is UnansweredIn) } : conversation;
            var result = await responder.RespondAsync(who, current, message, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var state = current.State;
            var next = result.State is null ? null : result.State with
            {
                Version = (stored?.Version ?? 0) + 1,
                StartedAt = state?.StartedAt ?? now,
                LastActiveAt = now,
                Turns = (state?.Turns ?? 0) + 1,
            };

            var profile = Touch(result.Profile ?? conversation.Profile, message, now);
            var commit = new TurnCommit(
                next,
                stored?.Version ?? 0,
                profile == conversation.Profile ? null : profile,
                History(message, result.Reply, now),
                message.DedupeId,
                owner,
                JsonSerializer.Serialize(result.Reply, ConversationJson.Default.BotReply),
                next is null || !Waits(next) ? _options.Limits : _options.LimitsWithDraft);
            if (next is { ReportAwaitsAnswer: true })
            {
                // Marked before the commit: a mark whose turn is not committed finds nothing to file, while a report
                // committed without its mark would wait for an answer that may never come.
                await store.MarkReportDueAsync(who, now + _options.FileUnansweredAfter, cancellationToken).ConfigureAwait(false);
            }

            switch (await store.CommitTurnAsync(who, commit, cancellationToken).ConfigureAwait(false))
            {
                case TurnCommitResult.Committed:
                    return result.Reply;
                case TurnCommitResult.AlreadyDone or TurnCommitResult.TakenOver:
                    // This turn was too slow and a retry took the delivery over: the retry's answer is the one (the
                    // tickets both opened are the same ones, opened once per delivery).
                    Log.TurnTakenOver(logger, message.DedupeId);
                    var claim = await dedupe.PeekAsync(who.ToString(), message.DedupeId, cancellationToken).ConfigureAwait(false);
                    return await AnswerRepeatAsync(who, message, claim, cancellationToken).ConfigureAwait(false);
            }

            if (attempt == MaxConflictRetries)
            {
                throw new InvalidOperationException($"The conversation of one person kept changing during {MaxConflictRetries} attempts.");
            }

            Log.TurnConflict(logger, message.DedupeId);
            conversation = await store.GetAsync(who, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A conversation gone idle starts afresh, except for a report the bot was still asking about (or one just called
    /// off), or tickets still without their place: they wait, with the question, until
    /// <see cref="ConversationOptions.DraftExpiry"/>; for the sweep that files the report (<paramref name="filing"/>, late
    /// when the service was down), for as long as the store keeps them.
    /// </summary>
    private ConversationState? Idled(ConversationState stale, bool filing) =>
        Waits(stale) && (filing || time.GetUtcNow() - stale.LastActiveAt <= _options.DraftExpiry)
            ? new ConversationState
            {
                Version = stale.Version,
                StartedAt = time.GetUtcNow(),
                LastActiveAt = stale.LastActiveAt,
                Draft = stale.Draft,
                Awaiting = stale.Awaiting,
                LocationFor = stale.LocationFor,
                Withdrawn = stale.Withdrawn,
            }
            : null;

    /// <summary>
    /// Something outlives an idle conversation: a report still asked about, tickets still without their place, or a report
    /// just called off, which "不中 还是得弄" brings back hours later.
    /// </summary>
    private static bool Waits(ConversationState state) => state.Draft is not null || state.LocationFor.Count > 0 || state.Withdrawn is not null;

    private async Task<BotReply?> AnswerRepeatAsync(PersonKey who, Inbound message, DedupeClaim claim, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (claim.Status == ClaimStatus.InProgress && time.GetElapsedTime(started) < _options.RetryWait)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            claim = await dedupe.PeekAsync(who.ToString(), message.DedupeId, cancellationToken).ConfigureAwait(false);
        }

        switch (claim.Status)
        {
            case ClaimStatus.Done:
                return JsonSerializer.Deserialize(claim.Result!, ConversationJson.Default.BotReply);
            case ClaimStatus.Won:
                // The first delivery failed and let go of its claim: this retry handles the message.
                return await HandleAsync(who, message, cancellationToken).ConfigureAwait(false);
            default:
                // Still in hand after the whole wait (another retry holds it right now): ask the person to
                // send again rather than answer "success", which would tell WeChat that all went well.
                Log.RetryGaveUp(logger, message.DedupeId, time.GetElapsedTime(started).TotalMilliseconds);
                return new TextReply(ResidentTexts.Busy);
        }
    }

    /// <summary>
    /// Notes when the person last reached us (a channel's sender may use it: the Official Account allows
    /// customer-service messages for 48 h after the last contact). An unfollow is noted too (nothing can
    /// be sent then). The time is renewed at most every few minutes, so most turns leave the profile
    /// unwritten; the contact is then judged a few minutes older than it is.
    /// </summary>
    private static PersonProfile Touch(PersonProfile profile, Inbound message, DateTimeOffset now) => message switch
    {
        UnfollowIn => profile with { Unsubscribed = true },
        { IsContact: true } when profile.Unsubscribed || profile.LastMessageAt is null || now - profile.LastMessageAt >= ContactRenewal
            => profile with { LastMessageAt = now, Unsubscribed = false },
        _ => profile,
    };

    private static List<HistoryEntry> History(Inbound message, BotReply? reply, DateTimeOffset now)
    {
        var lines = new List<HistoryEntry>(2) { new(now, "in", Describe.Kind(message), Describe.Text(message)) };
        if (reply is not null)
        {
            lines.Add(new HistoryEntry(now, "out", Describe.Kind(reply), Describe.Text(reply)));
        }

        return lines;
    }

    /// <summary>A refused delivery gives back the claim it may have taken, so that the genuine one is handled.</summary>
    private async Task AdmitAsync(Task admission, Task<DedupeClaim> claimTask, string scope, string dedupeId, string owner)
    {
        try
        {
            await admission.ConfigureAwait(false);
        }
        catch
        {
            await Observe(claimTask).ConfigureAwait(false);
            if (claimTask.IsCompletedSuccessfully && claimTask.Result.Status == ClaimStatus.Won)
            {
                await dedupe.ReleaseAsync(scope, dedupeId, owner, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // The claim's outcome decides; a failed state read surfaces again when the state is used.
        }
    }
}
