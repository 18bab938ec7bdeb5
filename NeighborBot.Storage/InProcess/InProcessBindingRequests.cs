using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>Binding requests in this process's memory.</summary>
internal sealed class InProcessBindingRequests(InProcessMap map) : IBindingRequests
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    public Task AddAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        var key = (string)_keys.BindingRequests(householdId)!;
        lock (_map.Gate)
        {
            var set = _map.Get<HashSet<PersonKey>>(key) ?? [];
            set.Add(who);
            _map.Set(key, set, IBindingRequests.Retention);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PersonKey>> ListAsync(string householdId, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            var set = _map.Get<HashSet<PersonKey>>((string)_keys.BindingRequests(householdId)!) ?? [];
            return Task.FromResult<IReadOnlyList<PersonKey>>([.. set.OrderBy(k => k.ToString(), StringComparer.Ordinal)]);
        }
    }

    public Task RemoveAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Get<HashSet<PersonKey>>((string)_keys.BindingRequests(householdId)!)?.Remove(who);
        }

        return Task.CompletedTask;
    }
}
