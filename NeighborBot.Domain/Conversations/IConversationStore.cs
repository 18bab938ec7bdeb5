namespace NeighborBot.Conversations;

/// <summary>
/// The end of one turn, written at once: the new state (or none, to end the conversation), the
/// profile when it changed, the history lines, and the answer remembered under the delivery's dedupe mark.
/// </summary>
public sealed record TurnCommit(
    ConversationState? State,
    long ExpectedVersion,
    PersonProfile? Profile,
    IReadOnlyList<HistoryEntry> History,
    string DedupeId,
    string ClaimOwner,
    string Answer,
    TurnLimits Limits);

/// <summary>What became of a turn's commit.</summary>
public enum TurnCommitResult
{
    Committed,

    /// <summary>Another message of the same person was saved in between: nothing written, the turn is redone.</summary>
    Conflict,

    /// <summary>The delivery was answered meanwhile (a retry took over and finished): nothing written.</summary>
    AlreadyDone,

    /// <summary>The claim lapsed and a retry holds the delivery now: nothing written.</summary>
    TakenOver,
}

/// <summary>How long the pieces of a turn are kept.</summary>
public sealed record TurnLimits(TimeSpan IdleExpiry, int HistoryLength, TimeSpan HistoryRetention, TimeSpan DedupeWindow);

/// <summary>Conversation state, history and last position per person. Redis and in-process.</summary>
public interface IConversationStore
{
    /// <summary>The state (null when there is none or it expired) and the profile, in one round trip.</summary>
    Task<Conversation> GetAsync(PersonKey who, CancellationToken cancellationToken);

    /// <summary>Changes a profile outside a turn (a worker confirms a binding, a job notes an unfollow).</summary>
    Task SaveProfileAsync(PersonKey who, PersonProfile profile, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the turn if the delivery is still this turn's (its claim is ours, or lapsed with nobody
    /// else holding it) and the stored state version is still <see cref="TurnCommit.ExpectedVersion"/>
    /// (0 = no state): the state with a fresh idle expiry, the history (capped), and the answer under
    /// the dedupe mark in scope <see cref="PersonKey.ToString"/>. Atomic: otherwise it changes nothing and says why.
    /// </summary>
    Task<TurnCommitResult> CommitTurnAsync(PersonKey who, TurnCommit turn, CancellationToken cancellationToken);

    /// <summary>Appends lines outside a turn (for example what a job sent), capped like turn history.</summary>
    Task AppendHistoryAsync(PersonKey who, IReadOnlyList<HistoryEntry> entries, int keep, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(PersonKey who, int count, CancellationToken cancellationToken);

    Task SetLastLocationAsync(PersonKey who, LocationFix fix, TimeSpan retention, CancellationToken cancellationToken);

    Task<LocationFix?> GetLastLocationAsync(PersonKey who, CancellationToken cancellationToken);

    /// <summary>
    /// Notes that the person's report waits on a question the bot asked, to be filed at <paramref name="due"/> if it is
    /// still unanswered (a later mark replaces it). One list for everyone, outside the person's keys: it is written just
    /// before the turn's commit, and a mark whose turn was never committed finds nothing to file.
    /// </summary>
    Task MarkReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> people whose mark is due by <paramref name="dueBy"/>, earliest first, with their marks.</summary>
    Task<IReadOnlyList<(PersonKey Who, DateTimeOffset Due)>> ReportsDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>Drops the person's mark if it is still <paramref name="due"/>: a mark a newer turn wrote meanwhile stays.</summary>
    Task ForgetReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>
    /// Everyone bound to a household and still following, with their choice about broadcasts. Every write
    /// of a profile (a turn's or <see cref="SaveProfileAsync"/>) keeps this list in step.
    /// </summary>
    Task<IReadOnlyList<BoundResident>> ListBoundAsync(CancellationToken cancellationToken);
}
