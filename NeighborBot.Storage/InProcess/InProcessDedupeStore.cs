using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>The dedupe marks in this process's memory, in the shared map, where the conversation store's commit writes them too.</summary>
internal sealed class InProcessDedupeStore(InProcessMap map) : IDedupeStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    public Task<DedupeClaim> ClaimAsync(string scope, string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Seen(scope, id)!;
        lock (_map.Gate)
        {
            var existing = _map.Get<string>(key);
            if (existing is null)
            {
                _map.Set(key, DedupeMark.Pending(owner), lease);
            }

            return Task.FromResult(DedupeMark.Read(existing));
        }
    }

    public Task<DedupeClaim> PeekAsync(string scope, string id, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(DedupeMark.Read(_map.Get<string>((string)_keys.Seen(scope, id)!)));
        }
    }

    public Task CompleteAsync(string scope, string id, string result, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set((string)_keys.Seen(scope, id)!, DedupeMark.Done(result), window);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string scope, string id, string owner, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Seen(scope, id)!;
        lock (_map.Gate)
        {
            if (_map.Get<string>(key) == DedupeMark.Pending(owner))
            {
                _map.Remove(key);
            }
        }

        return Task.CompletedTask;
    }
}
