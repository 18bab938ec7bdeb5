using NeighborBot.Tickets;
using StackExchange.Redis;

namespace NeighborBot.Storage;

internal sealed class RedisSequenceStore(IConnectionMultiplexer redis, RedisKeys keys) : ISequenceStore
{
    // INCR and set the expiry on first use in one step, so a crash between the two cannot leave a counter forever.
    private static readonly LuaScript Next = LuaScript.Prepare(
        "local n = redis.call('INCR', @key) if n == 1 then redis.call('PEXPIRE', @key, @ttl) end return n");

    public async Task<long> NextAsync(string name, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase()
            .ScriptEvaluateAsync(Next, new { key = keys.Sequence(name), ttl = (long)retention.TotalMilliseconds })
            .ConfigureAwait(false);
        return (long)result;
    }
}
