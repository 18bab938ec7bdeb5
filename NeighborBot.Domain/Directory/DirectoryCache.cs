using Microsoft.Extensions.Options;

namespace NeighborBot.Directory;

/// <summary>
/// The directory held in memory: it is read on every message (who is a worker, which household is
/// where) and changes rarely. Each instance checks the stored revision at most every few seconds and
/// reloads the document only when it changed. Saves go through here so this instance's copy follows
/// at once; admin changes come through <see cref="DirectoryEditor"/>, which validates them first.
/// </summary>
public sealed class DirectoryCache(IDirectoryStore store, TimeProvider time, IOptions<DirectoryOptions> options) : IDisposable
{
    /// <summary>How often <see cref="ReplaceAsync"/> tries when other changes keep coming first.</summary>
    private const int ReplaceAttempts = 10;

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private DirectorySnapshot? _current;
    private long _checkedAt;

    public async ValueTask<DirectorySnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && time.GetElapsedTime(Volatile.Read(ref _checkedAt)) < CheckInterval)
        {
            return current;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is null || time.GetElapsedTime(_checkedAt) >= CheckInterval)
            {
                var revision = current is null ? -1 : await store.GetRevisionAsync(cancellationToken).ConfigureAwait(false);
                if (current is null || revision != current.Revision)
                {
                    current = await store.GetAsync(cancellationToken).ConfigureAwait(false);
                    Volatile.Write(ref _current, current);
                }

                Volatile.Write(ref _checkedAt, time.GetTimestamp());
            }

            return current;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Saves <paramref name="document"/> as the revision after <paramref name="basis"/> if that is still
    /// the stored revision (compare-and-swap), keeping it in the history as <paramref name="change"/>.
    /// Null, and nothing changed, when another change was saved first: compute it again on the newer one.
    /// </summary>
    internal async Task<DirectorySnapshot?> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, string change, CancellationToken cancellationToken)
    {
        var revision = DirectoryRevision.Of(basis.Revision + 1, document, change, time.GetUtcNow());
        if (!await store.TrySaveAsync(basis, document, revision, options.Value.KeepRevisions, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var saved = new DirectorySnapshot(document, revision.Revision);
        Remember(saved);
        return saved;
    }

    /// <summary>
    /// Replaces the stored directory whatever it holds, without validation or confirmation (tests and
    /// tools); the replaced revision stays in the history. Returns the new revision.
    /// </summary>
    public async Task<long> ReplaceAsync(DirectoryDocument document, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ReplaceAttempts; attempt++)
        {
            var basis = await store.GetAsync(cancellationToken).ConfigureAwait(false);
            if (await TrySaveAsync(basis, document, "replaced", cancellationToken).ConfigureAwait(false) is { } saved)
            {
                return saved.Revision;
            }
        }

        throw new InvalidOperationException($"The directory changed {ReplaceAttempts} times while it was being replaced.");
    }

    /// <summary>Takes a saved revision as this instance's copy, unless a newer one is already here.</summary>
    private void Remember(DirectorySnapshot saved)
    {
        var current = Volatile.Read(ref _current);
        while (current is null || saved.Revision > current.Revision)
        {
            var seen = Interlocked.CompareExchange(ref _current, saved, current);
            if (ReferenceEquals(seen, current))
            {
                Volatile.Write(ref _checkedAt, time.GetTimestamp());
                return;
            }

            current = seen;
        }
    }

    public void Dispose() => _refresh.Dispose();
}
