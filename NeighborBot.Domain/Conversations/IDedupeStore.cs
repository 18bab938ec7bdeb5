namespace NeighborBot.Conversations;

public enum ClaimStatus
{
    /// <summary>First delivery: the caller handles it and then calls Complete (or Release on failure).</summary>
    Won,

    /// <summary>Another delivery of the same message is being handled right now.</summary>
    InProgress,

    /// <summary>Already handled; <see cref="DedupeClaim.Result"/> holds what was answered.</summary>
    Done,
}

public readonly record struct DedupeClaim(ClaimStatus Status, string? Result = null);

/// <summary>
/// Marks that make a delivery be handled once, whatever the number of retries. Each mark lives in a
/// scope (the sender) so it shares the sender's hash tag, and remembers the answer so that a retry
/// gets the same answer as the first delivery. A claim holds for a short lease only: when the
/// process handling it dies, the claim lapses and the next retry handles the delivery.
/// </summary>
public interface IDedupeStore
{
    /// <summary>Claims the delivery for <paramref name="owner"/> for <paramref name="lease"/>, unless it is claimed or done.</summary>
    Task<DedupeClaim> ClaimAsync(string scope, string id, string owner, TimeSpan lease, CancellationToken cancellationToken);

    Task<DedupeClaim> PeekAsync(string scope, string id, CancellationToken cancellationToken);

    Task CompleteAsync(string scope, string id, string result, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose handling failed, if <paramref name="owner"/> still holds it, so the next retry handles it again.</summary>
    Task ReleaseAsync(string scope, string id, string owner, CancellationToken cancellationToken);
}
