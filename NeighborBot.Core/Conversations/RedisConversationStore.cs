using System.Globalization;
using System.Text.Json;
using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.Conversations;

/// <summary>
/// State is a hash {v: version, d: JSON} with an idle expiry. A turn is committed by one script
/// (compare-and-set on v, history push and trim, dedupe answer), all under the person's hash tag.
/// History is a capped list of JSON lines; the last position a plain string.
/// </summary>
internal sealed class RedisConversationStore(IConnectionMultiplexer redis, RedisKeys keys) : IConversationStore
{
    private static readonly LuaScript Commit = LuaScript.Prepare("""
        local current = redis.call('HGET', @state, 'v') or '0'
        if current ~= @expected then return 0 end
        if @version == '' then
          redis.call('DEL', @state)
        else
          redis.call('HSET', @state, 'v', @version, 'd', @data)
          redis.call('PEXPIRE', @state, @idle)
        end
        if @profileData ~= '' then redis.call('SET', @profile, @profileData) end
        if @lines ~= '' then
          for line in string.gmatch(@lines, '[^\n]+') do redis.call('RPUSH', @hist, line) end
          redis.call('LTRIM', @hist, -tonumber(@keep), -1)
          redis.call('PEXPIRE', @hist, @retention)
        end
        redis.call('SET', @seen, @answer, 'PX', @window)
        return 1
        """);

    private static readonly RedisValue[] StateFields = ["v", "d"];

    public async Task<Conversation> GetAsync(PersonKey who, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var stateRead = db.HashGetAsync(keys.ConversationState(who), StateFields);
        var profileRead = db.StringGetAsync(keys.Profile(who));
        var values = await stateRead.ConfigureAwait(false);
        var profile = await profileRead.ConfigureAwait(false);
        return new Conversation(
            values[1].IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)values[1]!, StoreJson.Default.ConversationState),
            profile.IsNullOrEmpty ? PersonProfile.Empty : JsonSerializer.Deserialize((string)profile!, StoreJson.Default.PersonProfile)!);
    }

    public Task SaveProfileAsync(PersonKey who, PersonProfile profile, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.Profile(who), JsonSerializer.Serialize(profile, StoreJson.Default.PersonProfile));
    }

    public async Task<bool> CommitTurnAsync(PersonKey who, TurnCommit turn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // JSON escapes control characters, so a newline safely separates the history lines.
        var lines = string.Join('\n', turn.History.Select(h => JsonSerializer.Serialize(h, StoreJson.Default.HistoryEntry)));
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Commit, new
        {
            state = keys.ConversationState(who),
            hist = keys.History(who),
            profile = keys.Profile(who),
            profileData = turn.Profile is null ? string.Empty : JsonSerializer.Serialize(turn.Profile, StoreJson.Default.PersonProfile),
            seen = keys.Seen(who.ToString(), turn.DedupeId),
            expected = turn.ExpectedVersion.ToString(CultureInfo.InvariantCulture),
            version = turn.State is null ? string.Empty : turn.State.Version.ToString(CultureInfo.InvariantCulture),
            data = turn.State is null ? string.Empty : JsonSerializer.Serialize(turn.State, StoreJson.Default.ConversationState),
            idle = (long)turn.Limits.IdleExpiry.TotalMilliseconds,
            lines,
            keep = turn.Limits.HistoryLength,
            retention = (long)turn.Limits.HistoryRetention.TotalMilliseconds,
            answer = DedupeMark.Done(turn.Answer),
            window = (long)turn.Limits.DedupeWindow.TotalMilliseconds,
        }).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task AppendHistoryAsync(PersonKey who, IReadOnlyList<HistoryEntry> entries, int keep, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        var key = keys.History(who);
        var values = entries.Select(e => (RedisValue)JsonSerializer.Serialize(e, StoreJson.Default.HistoryEntry)).ToArray();

        // Issued back to back without awaiting in between, the three commands share one round trip.
        var db = redis.GetDatabase();
        return Task.WhenAll(db.ListRightPushAsync(key, values), db.ListTrimAsync(key, -keep, -1), db.KeyExpireAsync(key, retention));
    }

    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(PersonKey who, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().ListRangeAsync(keys.History(who), -count, -1).ConfigureAwait(false);
        return [.. values.Select(v => JsonSerializer.Deserialize((string)v!, StoreJson.Default.HistoryEntry)!)];
    }

    public Task SetLastLocationAsync(PersonKey who, LocationFix fix, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.LastLocation(who), JsonSerializer.Serialize(fix, StoreJson.Default.LocationFix), retention);
    }

    public async Task<LocationFix?> GetLastLocationAsync(PersonKey who, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().StringGetAsync(keys.LastLocation(who)).ConfigureAwait(false);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, StoreJson.Default.LocationFix);
    }
}
