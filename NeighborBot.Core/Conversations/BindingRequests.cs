using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.Conversations;

/// <summary>
/// People who asked by text to be bound to a household ("绑定 3-2-501"), waiting for a grid worker
/// of that household's grid to confirm ("确认绑定 3-2-501"). Redis and in-process.
/// </summary>
public interface IBindingRequests
{
    /// <summary>How long a request waits for its confirmation.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    Task AddAsync(string householdId, PersonKey who, CancellationToken cancellationToken);

    Task<IReadOnlyList<PersonKey>> ListAsync(string householdId, CancellationToken cancellationToken);

    Task RemoveAsync(string householdId, PersonKey who, CancellationToken cancellationToken);
}

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
