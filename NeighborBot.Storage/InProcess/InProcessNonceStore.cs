using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>The marks of signed URLs in this process's memory.</summary>
internal sealed class InProcessNonceStore(InProcessMap map) : INonceStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    public Task<NonceUse> UseAsync(string scope, string nonce, string fingerprint, TimeSpan window, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Nonce(scope, nonce)!;
        lock (_map.Gate)
        {
            var previous = _map.Get<string>(key);
            if (previous is null)
            {
                _map.Set(key, fingerprint, window);
            }

            return Task.FromResult(NonceMark.Compare(previous, fingerprint));
        }
    }
}
