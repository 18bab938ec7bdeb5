using NeighborBot.Directory;

namespace NeighborBot.Storage;

/// <summary>The directory and its kept revisions in this process's memory.</summary>
internal sealed class InProcessDirectoryStore(InProcessMap map) : IDirectoryStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    private DirectorySnapshot _directory = DirectorySnapshot.Empty;
    private readonly SortedDictionary<long, (DirectoryRevision Revision, DirectoryDocument Document)> _directoryRevisions = [];

    public Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory));

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory).Revision);

    public Task<bool> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, DirectoryRevision revision, int keep, CancellationToken cancellationToken)
    {
        DirectoryStoreRules.CheckFollows(basis, revision, keep);
        lock (_map.Gate)
        {
            var current = _directory;
            if (current.Revision != basis.Revision)
            {
                return Task.FromResult(false);
            }

            if (current.Revision > 0)
            {
                _directoryRevisions.TryAdd(current.Revision, (DirectoryStoreRules.Earlier(current), current.Document));
            }

            _directoryRevisions[revision.Revision] = (revision, document);
            foreach (var old in _directoryRevisions.Keys.Where(r => r <= revision.Revision - keep).ToList())
            {
                _directoryRevisions.Remove(old);
            }

            Volatile.Write(ref _directory, new DirectorySnapshot(document, revision.Revision));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DirectoryRevision>> ListRevisionsAsync(CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<DirectoryRevision>>([.. _directoryRevisions.Values.Select(v => v.Revision).Reverse()]);
        }
    }

    public Task<DirectoryDocument?> ReadRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_directoryRevisions.TryGetValue(revision, out var kept) ? kept.Document : null);
        }
    }
}
