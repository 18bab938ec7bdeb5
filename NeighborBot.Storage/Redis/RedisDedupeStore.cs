using NeighborBot.Conversations;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// One Redis string per delivery (see <see cref="DedupeMark"/>). Claiming is a single
/// <c>SET NX GET</c>, so taking the claim and seeing an earlier one are one atomic step.
/// </summary>
internal sealed class RedisDedupeStore(IConnectionMultiplexer redis, RedisKeys keys) : IDedupeStore
{
    private static readonly LuaScript Release = LuaScript.Prepare(
        "if redis.call('GET', @key) == @mark then return redis.call('DEL', @key) end return 0");

    public async Task<DedupeClaim> ClaimAsync(string scope, string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = await redis.GetDatabase()
            .StringSetAndGetAsync(keys.Seen(scope, id), DedupeMark.Pending(owner), lease, keepTtl: false, When.NotExists)
            .ConfigureAwait(false);
        return DedupeMark.Read(previous);
    }

    public async Task<DedupeClaim> PeekAsync(string scope, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return DedupeMark.Read(await redis.GetDatabase().StringGetAsync(keys.Seen(scope, id)).ConfigureAwait(false));
    }

    public Task CompleteAsync(string scope, string id, string result, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.Seen(scope, id), DedupeMark.Done(result), window);
    }

    public Task ReleaseAsync(string scope, string id, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(Release, new { key = keys.Seen(scope, id), mark = DedupeMark.Pending(owner) });
    }
}
