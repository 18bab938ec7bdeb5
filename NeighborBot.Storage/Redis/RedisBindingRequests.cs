using NeighborBot.Conversations;
using StackExchange.Redis;

namespace NeighborBot.Storage;

internal sealed class RedisBindingRequests(IConnectionMultiplexer redis, RedisKeys keys) : IBindingRequests
{
    public Task AddAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = keys.BindingRequests(householdId);
        return Task.WhenAll(db.SetAddAsync(key, who.ToString()), db.KeyExpireAsync(key, IBindingRequests.Retention));
    }

    public async Task<IReadOnlyList<PersonKey>> ListAsync(string householdId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await redis.GetDatabase().SetMembersAsync(keys.BindingRequests(householdId)).ConfigureAwait(false);
        return [.. members.Select(m => PersonKey.Parse((string)m!)).OfType<PersonKey>().OrderBy(k => k.ToString(), StringComparer.Ordinal)];
    }

    public Task RemoveAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SetRemoveAsync(keys.BindingRequests(householdId), who.ToString());
    }
}
