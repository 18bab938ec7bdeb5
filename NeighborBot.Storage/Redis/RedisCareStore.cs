using System.Text.Json;
using NeighborBot.Care;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Volunteers' time: one hash of JSON entries by id, a sorted set of ids by time and a set of ids per
/// festival, all under the hash tag <c>{prefix:care}</c>; a save changes the three in one transaction.
/// Kept for good: the community reports its volunteer hours every year.
/// </summary>
internal sealed class RedisCareStore(IConnectionMultiplexer redis, RedisKeys keys) : ICareStore
{
    public async Task<CareEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = await redis.GetDatabase().HashGetAsync(keys.CareEntries, id).ConfigureAwait(false);
        return Read(json);
    }

    public async Task SaveAsync(CareEntry entry, CancellationToken cancellationToken)
    {
        var before = await GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(keys.CareEntries, entry.Id, JsonSerializer.Serialize(entry, StoreJson.Default.CareEntry));
        _ = transaction.SortedSetAddAsync(keys.CareByTime, entry.Id, entry.At.ToUnixTimeMilliseconds());
        if (before?.Festival is { } old && old != entry.Festival)
        {
            _ = transaction.SetRemoveAsync(keys.CareOfFestival(old), entry.Id);
        }

        if (entry.Festival is { } festival)
        {
            _ = transaction.SetAddAsync(keys.CareOfFestival(festival), entry.Id);
        }

        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CareEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            keys.CareByTime, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Exclude.Stop).ConfigureAwait(false);
        return await ReadAsync(ids).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CareEntry>> OfFestivalAsync(string occurrence, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = await redis.GetDatabase().SetMembersAsync(keys.CareOfFestival(occurrence)).ConfigureAwait(false);
        return await ReadAsync(ids).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CareEntry>> ReadAsync(RedisValue[] ids)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await redis.GetDatabase().HashGetAsync(keys.CareEntries, ids).ConfigureAwait(false);
        return [.. values.Select(Read).OfType<CareEntry>().OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    private static CareEntry? Read(RedisValue json) =>
        json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, StoreJson.Default.CareEntry);
}
