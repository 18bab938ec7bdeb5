using System.Runtime.CompilerServices;
using NeighborBot.Tickets;

namespace NeighborBot.Storage;

/// <summary>Daily counters in this process's memory.</summary>
internal sealed class InProcessSequenceStore(InProcessMap map) : ISequenceStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    public Task<long> NextAsync(string name, TimeSpan retention, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Sequence(name)!;
        lock (_map.Gate)
        {
            var counter = _map.Get<StrongBox<long>>(key);
            if (counter is null)
            {
                counter = new StrongBox<long>(0);
                _map.Set(key, counter, retention);
            }

            return Task.FromResult(++counter.Value);
        }
    }
}
