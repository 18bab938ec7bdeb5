using NeighborBot.Outbox;

namespace NeighborBot.Storage;

/// <summary>The same rules in this process's memory, for the first run and tests.</summary>
internal sealed class InProcessAccessTokenStore(TimeProvider time) : IAccessTokenStore
{
    private readonly InProcessMap _map = new(time);

    public Task<CachedToken?> GetAsync(string appId, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<CachedToken>("t:" + appId));
        }
    }

    public Task SetAsync(string appId, CachedToken token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set("t:" + appId, token, ttl);
        }

        return Task.CompletedTask;
    }

    public Task<bool> DropAsync(string appId, string token, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<CachedToken>("t:" + appId)?.Token != token)
            {
                return Task.FromResult(false);
            }

            _map.Remove("t:" + appId);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryLockAsync(string appId, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("l:" + appId) is not null)
            {
                return Task.FromResult(false);
            }

            _map.Set("l:" + appId, owner, ttl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseLockAsync(string appId, string owner, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("l:" + appId) == owner)
            {
                _map.Remove("l:" + appId);
            }
        }

        return Task.CompletedTask;
    }
}
