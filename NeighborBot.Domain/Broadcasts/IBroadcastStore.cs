using System.Text.Json.Serialization;

namespace NeighborBot.Broadcasts;

/// <summary>One run of a broadcast: a one-off broadcast has run 1; a recurring one a run per occurrence.</summary>
public readonly record struct RunId(string Broadcast, int Run)
{
    public override string ToString() => $"{Broadcast}:r{Run}";

    /// <summary>The id of the outbox message to the recipient at <paramref name="index"/> of the run's ledger: the same on every retry, so the outbox sends it once.</summary>
    public string MessageId(int index) => $"{BroadcastIds.MessagePrefix}{Broadcast}:r{Run}:{index}";

    public static RunId? Parse(string text) =>
        text.LastIndexOf(":r", StringComparison.Ordinal) is > 0 and var at && int.TryParse(text.AsSpan(at + 2), out var run)
            ? new RunId(text[..at], run)
            : null;
}

/// <summary>What kind of recipient an entry of a run is.</summary>
public static class RecipientKinds
{
    public const string Group = "group";
    public const string Resident = "resident";
    public const string Staff = "staff";

    /// <summary>Every follower of an Official Account, reached with one mass message.</summary>
    public const string Followers = "followers";
}

/// <summary>
/// One recipient of a run, as the run's ledger keeps it: where the message goes (a person key), what kind
/// of recipient it is, its grid, and a name for admins (a group's name, a household, a person of the
/// directory); <paramref name="OptedOut"/> when a resident who wrote 退订 is left out of a broadcast that
/// is not urgent (counted as skipped).
/// </summary>
public sealed record Recipient(string To, string Kind, string? Grid, string? Name = null, bool OptedOut = false)
{
    [JsonIgnore]
    public PersonKey Key => PersonKey.Parse(To) ?? throw new InvalidOperationException("A recipient without a person key.");
}

/// <summary>An entry of a run's ledger not yet confirmed as handed to the outbox; <paramref name="Claimed"/> when a hand-over had started.</summary>
public sealed record LedgerEntry(int Index, Recipient Recipient, bool Claimed);

/// <summary>
/// The figures of one run. <c>sent</c> and <c>failed</c> count messages the outbox has finished with;
/// <c>pending</c> what is still to be handed over or still being sent; <c>cancelled</c> what a cancel kept back.
/// </summary>
public sealed record RunFigures(int Run, int Recipients, int Sent, int Failed, int Skipped, int Handed, bool Cancelled, bool HandedOver)
{
    public int CancelledCount => Cancelled ? Math.Max(0, Recipients - Skipped - Handed) : 0;

    public int Pending => Math.Max(0, Recipients - Skipped - Sent - Failed - CancelledCount);
}

/// <summary>Where one recipient of a run stands: <c>pending</c>, <c>queued</c> (with the outbox), <c>sent</c>, <c>failed</c>, <c>skipped</c>, <c>cancelled</c>.</summary>
public sealed record RecipientState(int Index, Recipient Recipient, string State, string? MessageId);

/// <summary>
/// Broadcasts and the ledgers of their runs: what each run's recipients are (written once when the run
/// starts), which were handed to the outbox, and what became of them. Redis and in-process.
/// </summary>
public interface IBroadcastStore
{
    Task<(Broadcast? Broadcast, long Revision)> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Saves the broadcast if its stored revision is still <paramref name="expectedRevision"/> (0: a new one); keeps the due list in step.</summary>
    Task<bool> SaveAsync(Broadcast broadcast, long expectedRevision, CancellationToken cancellationToken);

    /// <summary>The newest broadcasts first.</summary>
    Task<IReadOnlyList<Broadcast>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Scheduled broadcasts whose next run is due by <paramref name="by"/>.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset by, int limit, CancellationToken cancellationToken);

    /// <summary>Writes the run's recipients unless they are written already (returns false then: the first list stands).</summary>
    Task<bool> WriteLedgerAsync(RunId run, IReadOnlyList<Recipient> recipients, CancellationToken cancellationToken);

    /// <summary>The run's figures, or null when its ledger is not written yet.</summary>
    Task<RunFigures?> FiguresAsync(RunId run, CancellationToken cancellationToken);

    /// <summary>The run's entries still to hand over (never the opted-out), in ledger order.</summary>
    Task<IReadOnlyList<LedgerEntry>> UnfinishedAsync(RunId run, CancellationToken cancellationToken);

    /// <summary>
    /// One step of the hand-over, in one round trip: confirms entry <paramref name="confirm"/> as handed to
    /// the outbox, then claims entry <paramref name="claim"/> unless the broadcast was cancelled meanwhile.
    /// Returns false when it was (nothing claimed).
    /// </summary>
    Task<bool> StepAsync(RunId run, int? confirm, int? claim, CancellationToken cancellationToken);

    /// <summary>Notes that the run's hand-over is over (every entry handed, or the broadcast cancelled).</summary>
    Task EndHandOverAsync(RunId run, CancellationToken cancellationToken);

    /// <summary>When the hand-over of a run is to go on (put off by the send rate); the sweep resumes it then.</summary>
    Task SetResumeAtAsync(RunId run, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Runs whose hand-over is not over, with when each is to go on.</summary>
    Task<IReadOnlyList<(RunId Run, DateTimeOffset ResumeAt)>> HandingOverAsync(CancellationToken cancellationToken);

    /// <summary>Counts what the outbox finished with (delivered or not) for entry <paramref name="index"/>; a later outcome replaces an earlier one (a resend).</summary>
    Task CountAsync(RunId run, int index, bool delivered, CancellationToken cancellationToken);

    /// <summary>Runs with messages handed over whose outcome is not counted yet.</summary>
    Task<IReadOnlyList<RunId>> UncountedRunsAsync(CancellationToken cancellationToken);

    /// <summary>Entries of the run handed over whose outcome is not counted yet (at most <paramref name="limit"/>); none: the run leaves the uncounted list when its hand-over is over.</summary>
    Task<IReadOnlyList<int>> UncountedAsync(RunId run, int limit, CancellationToken cancellationToken);

    /// <summary>A page of the run's recipients with where each stands.</summary>
    Task<IReadOnlyList<RecipientState>> PageAsync(RunId run, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Takes the run's hand-over for <paramref name="owner"/> unless another holds it; the lease frees it if the process dies.</summary>
    Task<bool> TryLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken);

    Task RenewLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken);

    Task ReleaseLeaseAsync(RunId run, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a mass message (群发) of run <paramref name="run"/> against the account's allowance for the month
    /// (China time, <c>yyyyMM</c>); the same run counts once. Returns false when the allowance is used up.
    /// </summary>
    Task<bool> TakeMassAllowanceAsync(string account, string month, RunId run, int allowance, CancellationToken cancellationToken);

    /// <summary>Mass messages counted for the account in the month.</summary>
    Task<int> MassSentAsync(string account, string month, CancellationToken cancellationToken);
}

public static class BroadcastIds
{
    /// <summary>Outbox messages of broadcasts start with this: <c>bc:{id}:r{run}:{index}</c>.</summary>
    public const string MessagePrefix = "bc:";

    /// <summary>The run and ledger index of a broadcast's outbox message, or null for any other message.</summary>
    public static (RunId Run, int Index)? OfMessage(string messageId)
    {
        if (!messageId.StartsWith(MessagePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var last = messageId.LastIndexOf(':');
        return last > MessagePrefix.Length && int.TryParse(messageId.AsSpan(last + 1), out var index) && RunId.Parse(messageId[MessagePrefix.Length..last]) is { } run
            ? (run, index)
            : null;
    }
}
