using NeighborBot.Outbox;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A sliding log per name: a sorted set of the permits taken in the last period, scored by time.
/// One script drops the old ones and takes a permit when fewer than the limit remain, so two
/// instances never take the same last permit.
/// </summary>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time) : IRateLimiter
{
    private static readonly LuaScript Take = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now - @window)
        if redis.call('ZCARD', @key) < tonumber(@limit) then
          redis.call('ZADD', @key, @now, @member)
          redis.call('PEXPIRE', @key, @window)
          return -1
        end
        local oldest = redis.call('ZRANGE', @key, 0, 0, 'WITHSCORES')
        return tonumber(oldest[2]) + tonumber(@window) - tonumber(@now)
        """);

    public async Task<TimeSpan?> TryTakeAsync(string name, int permits, TimeSpan per, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Take, new
        {
            key = keys.Rate(name),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            window = (long)per.TotalMilliseconds,
            limit = permits,
            member = Guid.NewGuid().ToString("N"),
        }).ConfigureAwait(false);
        return wait < 0 ? null : TimeSpan.FromMilliseconds(Math.Max(wait, 1));
    }
}
