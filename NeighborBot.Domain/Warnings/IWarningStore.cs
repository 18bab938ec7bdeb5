namespace NeighborBot.Warnings;

/// <summary>Warnings, each saved only if nobody changed it meanwhile, and found by any CAP key applied to it. Redis and in-process.</summary>
public interface IWarningStore
{
    Task<(Warning? Warning, long Revision)> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Saves the warning if its stored revision is still <paramref name="expectedRevision"/> (0: a new one), and indexes its keys.</summary>
    Task<bool> SaveAsync(Warning warning, long expectedRevision, CancellationToken cancellationToken);

    /// <summary>The warning a CAP key (sender,identifier) was applied to, or null.</summary>
    Task<string?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>The newest warnings first.</summary>
    Task<IReadOnlyList<Warning>> ListAsync(int limit, CancellationToken cancellationToken);
}
