using System.Globalization;
using System.Text.Json;
using NeighborBot.Wishes;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Wishes: a hash of JSON wishes by number, a hash of their revisions, a sorted set by approval time and one of
/// claims by when they run out, all under the hash tag <c>{prefix:wish}</c>. A save is one script that checks the
/// revision and changes the four together: of two volunteers claiming the same wish at once, one wins.
/// </summary>
internal sealed class RedisWishStore(IConnectionMultiplexer redis, RedisKeys keys) : IWishStore
{
    private static readonly LuaScript Save = LuaScript.Prepare("""
        if (redis.call('HGET', @revisions, @number) or '0') ~= @expected then return 0 end
        redis.call('HSET', @wishes, @number, @data)
        redis.call('HSET', @revisions, @number, @revision)
        redis.call('ZADD', @byTime, @approved, @number)
        if @due == '' then redis.call('ZREM', @dueSet, @number) else redis.call('ZADD', @dueSet, @due, @number) end
        return 1
        """);

    public async Task<Wish?> GetAsync(string number, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read(await redis.GetDatabase().HashGetAsync(keys.Wishes, number).ConfigureAwait(false));
    }

    public async Task<bool> SaveAsync(Wish wish, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var saved = wish with { Revision = wish.Revision + 1 };
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Save, new
        {
            wishes = keys.Wishes,
            revisions = keys.WishRevisions,
            byTime = keys.WishesByTime,
            dueSet = keys.WishesDue,
            number = wish.Number,
            expected = wish.Revision.ToString(CultureInfo.InvariantCulture),
            revision = saved.Revision.ToString(CultureInfo.InvariantCulture),
            data = JsonSerializer.Serialize(saved, StoreJson.Default.Wish),
            approved = wish.ApprovedAt.ToUnixTimeMilliseconds(),
            due = wish.State == WishState.Claimed && wish.ClaimedUntil is { } until ? until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : string.Empty,
        }).ConfigureAwait(false);
        return (int)result == 1;
    }

    public async Task<IReadOnlyList<Wish>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var numbers = await db.SortedSetRangeByRankAsync(keys.WishesByTime, 0, -1, Order.Descending).ConfigureAwait(false);
        if (numbers.Length == 0)
        {
            return [];
        }

        var values = await db.HashGetAsync(keys.Wishes, numbers).ConfigureAwait(false);
        return [.. values.Select(Read).OfType<Wish>()];
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var numbers = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            keys.WishesDue, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, 0, limit).ConfigureAwait(false);
        return [.. numbers.Select(n => (string)n!)];
    }

    private static Wish? Read(RedisValue json) => json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, StoreJson.Default.Wish);
}
