using System.Text.Json;
using NeighborBot.Warnings;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A warning is a hash {r: revision, d: JSON}, saved by one script that compares r, refuses a new warning
/// whose key another warning holds, and indexes its keys and its time. Everything shares the hash tag <c>{prefix:wn}</c>.
/// </summary>
internal sealed class RedisWarningStore(IConnectionMultiplexer redis, RedisKeys keys) : IWarningStore
{
    // KEYS: warning, all, keys. ARGV: expected revision, JSON, created ms, id, keys...
    private const string Save = """
        local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
        if r ~= tonumber(ARGV[1]) then return 0 end
        for i = 5, #ARGV do
          local owner = redis.call('HGET', KEYS[3], ARGV[i])
          if owner and owner ~= ARGV[4] then return 0 end
        end
        redis.call('HSET', KEYS[1], 'r', r + 1, 'd', ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        for i = 5, #ARGV do redis.call('HSET', KEYS[3], ARGV[i], ARGV[4]) end
        return 1
        """;

    public async Task<(Warning? Warning, long Revision)> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(keys.Warning(id), ["r", "d"]).ConfigureAwait(false);
        return values[1].IsNullOrEmpty ? (null, 0) : (JsonSerializer.Deserialize((string)values[1]!, StoreJson.Default.Warning), (long)values[0]);
    }

    public async Task<bool> SaveAsync(Warning warning, long expectedRevision, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] args =
        [
            expectedRevision,
            JsonSerializer.Serialize(warning, StoreJson.Default.Warning),
            warning.CreatedAt.ToUnixTimeMilliseconds(),
            warning.Id,
            .. warning.Keys.Select(k => (RedisValue)k),
        ];
        RedisKey[] saveKeys = [keys.Warning(warning.Id), keys.WarningsByTime, keys.WarningKeys];
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(Save, saveKeys, args).ConfigureAwait(false) == 1;
    }

    public async Task<string?> FindAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = await redis.GetDatabase().HashGetAsync(keys.WarningKeys, key).ConfigureAwait(false);
        return id.IsNullOrEmpty ? null : (string)id!;
    }

    public async Task<IReadOnlyList<Warning>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(keys.WarningsByTime, 0, limit - 1, Order.Descending).ConfigureAwait(false);
        var values = await Task.WhenAll(ids.Select(id => db.HashGetAsync(keys.Warning(id!), "d"))).ConfigureAwait(false);
        return [.. values.Where(v => !v.IsNullOrEmpty).Select(v => JsonSerializer.Deserialize((string)v!, StoreJson.Default.Warning)!)];
    }
}
