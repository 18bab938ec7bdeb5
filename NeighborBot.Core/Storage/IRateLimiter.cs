using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A send rate shared by every instance: at most so many permits per period for one name (an
/// Official Account's API, a group robot). Redis and in-process.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Takes a permit and returns null, or returns how long to wait before one is free (nothing taken).</summary>
    Task<TimeSpan?> TryTakeAsync(string name, int permits, TimeSpan per, CancellationToken cancellationToken);
}

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

/// <summary>The same rule in this process's memory.</summary>
internal sealed class InProcessRateLimiter(TimeProvider time) : IRateLimiter
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.Ordinal);

    public Task<TimeSpan?> TryTakeAsync(string name, int permits, TimeSpan per, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_taken)
        {
            if (!_taken.TryGetValue(name, out var log))
            {
                _taken[name] = log = new Queue<DateTimeOffset>();
            }

            while (log.Count > 0 && log.Peek() <= now - per)
            {
                log.Dequeue();
            }

            if (log.Count < permits)
            {
                log.Enqueue(now);
                return Task.FromResult<TimeSpan?>(null);
            }

            var wait = log.Peek() + per - now;
            return Task.FromResult<TimeSpan?>(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }
    }
}
