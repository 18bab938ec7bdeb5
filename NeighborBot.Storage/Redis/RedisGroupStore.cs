using System.Globalization;
using System.Text.Json;
using NeighborBot.Groups;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Unknown groups are one hash, field <c>{source}|{id}</c>, value JSON; counts one hash per day, field
/// <c>{source}|{id}</c>, kept 400 days. A sighting keeps its first time in a script.
/// </summary>
internal sealed class RedisGroupStore(IConnectionMultiplexer redis, RedisKeys keys) : IGroupStore
{
    private static readonly TimeSpan CountRetention = TimeSpan.FromDays(400);

    private static readonly LuaScript Seen = LuaScript.Prepare("""
        local old = redis.call('HGET', @key, @field)
        local first = @at
        local messages = 0
        if old then
          local seen = cjson.decode(old)
          first = seen.firstSeen
          messages = seen.messages
        end
        redis.call('HSET', @key, @field, cjson.encode({source = @source, id = @id, name = @name, firstSeen = first, lastSeen = @at, messages = messages + 1}))
        return 1
        """);

    public async Task CountAsync(string source, string groupId, DateOnly day, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = keys.GroupCounts(day);
        await Task.WhenAll(db.HashIncrementAsync(key, Field(source, groupId)), db.KeyExpireAsync(key, CountRetention)).ConfigureAwait(false);
    }

    public async Task SeenUnknownAsync(string source, string groupId, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().ScriptEvaluateAsync(Seen, new
        {
            key = keys.UnknownGroups,
            field = Field(source, groupId),
            source,
            id = groupId,
            name,
            at = at.ToString("O", CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UnknownGroup>> ListUnknownAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().HashGetAllAsync(keys.UnknownGroups).ConfigureAwait(false);
        return [.. entries.Select(e => JsonSerializer.Deserialize((string)e.Value!, StoreJson.Default.UnknownGroup)!).OrderByDescending(g => g.LastSeen)];
    }

    public Task ForgetUnknownAsync(string source, string groupId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().HashDeleteAsync(keys.UnknownGroups, Field(source, groupId));
    }

    public async Task<IReadOnlyList<GroupDay>> CountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var days = Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber + 1)).Select(from.AddDays).ToList();
        var reads = days.Select(d => (Day: d, Read: db.HashGetAllAsync(keys.GroupCounts(d)))).ToList();
        var counts = new List<GroupDay>();
        foreach (var (day, read) in reads)
        {
            foreach (var entry in await read.ConfigureAwait(false))
            {
                var (source, id) = Split(entry.Name!);
                counts.Add(new GroupDay(source, id, day, (long)entry.Value));
            }
        }

        return counts;
    }

    private static string Field(string source, string groupId) => $"{source}|{groupId}";

    private static (string Source, string Id) Split(string field) => field.IndexOf('|', StringComparison.Ordinal) is var at and >= 0
        ? (field[..at], field[(at + 1)..])
        : (field, string.Empty);
}
