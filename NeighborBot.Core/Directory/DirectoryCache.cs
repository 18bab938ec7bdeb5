namespace NeighborBot.Directory;

/// <summary>
/// The directory held in memory: it is read on every message (who is a worker, which household is
/// where) and changes rarely. Each instance checks the stored revision at most every few seconds and
/// reloads the document only when it changed.
/// </summary>
public sealed class DirectoryCache(IDirectoryStore store, TimeProvider time) : IDisposable
{
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

    /// <summary>Replaces the stored directory and this instance's copy at once.</summary>
    public async Task<long> ReplaceAsync(DirectoryDocument document, CancellationToken cancellationToken)
    {
        var revision = await store.ReplaceAsync(document, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, new DirectorySnapshot(document, revision));
        Volatile.Write(ref _checkedAt, time.GetTimestamp());
        return revision;
    }

    public void Dispose() => _refresh.Dispose();
}
