using System.Text.Json;
using NeighborBot.Conversations;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// State is a hash {v: version, d: JSON} with an idle expiry. A turn is committed by one script
/// (compare-and-set on v, profile when changed, history push and trim, dedupe answer), all under the
/// person's hash tag.
/// History is a capped list of JSON lines; the last position a plain string. Every profile written
/// also sets the person's entry of the bound residents (<c>{prefix}:residents</c>), right after: that
/// key is not under the person's hash tag, so it cannot be in the turn's script.
/// </summary>
internal sealed class RedisConversationStore(IConnectionMultiplexer redis, RedisKeys keys) : IConversationStore
{
    // KEYS: state, history, profile, dedupe mark. ARGV: expected version, new version ('' ends the
    // conversation), state JSON, idle ms, history length, history ms, answer, dedupe ms, profile JSON
    // ('' unchanged), number of history lines, our claim's mark, the lines. Plain KEYS/ARGV: cheaper
    // than named parameters, and the lines need no splitting in Lua.
    // Returns 1 written, 0 version conflict, -1 already answered, -2 another turn holds the delivery.
    private const string Commit = """
        local mark = redis.call('GET', KEYS[4])
        if mark then
          if string.sub(mark, 1, 1) == 'd' then return -1 end
          if mark ~= ARGV[11] then return -2 end
        end
        if (redis.call('HGET', KEYS[1], 'v') or '0') ~= ARGV[1] then return 0 end
        if ARGV[2] == '' then
          redis.call('DEL', KEYS[1])
        else
          redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
        end
        if ARGV[9] ~= '' then redis.call('SET', KEYS[3], ARGV[9]) end
        local n = tonumber(ARGV[10])
        if n > 0 then
          redis.call('RPUSH', KEYS[2], unpack(ARGV, 12, 11 + n))
          redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
          redis.call('PEXPIRE', KEYS[2], ARGV[6])
        end
        redis.call('SET', KEYS[4], ARGV[7], 'PX', ARGV[8])
        return 1
        """;

    private static readonly RedisValue[] StateFields = ["v", "d"];

    // KEYS: the due list. ARGV: person, the mark read. Removes the person only if the mark is still that one.
    private const string ForgetDue = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if score and tonumber(score) == tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
        return 0
        """;

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
        var db = redis.GetDatabase();
        return Task.WhenAll(db.StringSetAsync(keys.Profile(who), JsonSerializer.Serialize(profile, StoreJson.Default.PersonProfile)), IndexAsync(db, who, profile));
    }

    public async Task<IReadOnlyList<BoundResident>> ListBoundAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await BackfillAsync(cancellationToken).ConfigureAwait(false);
        var entries = await redis.GetDatabase().HashGetAllAsync(keys.BoundResidents).ConfigureAwait(false);
        var bound = new List<BoundResident>(entries.Length);
        foreach (var entry in entries)
        {
            if (PersonKey.Parse(entry.Name!) is { } who && JsonSerializer.Deserialize((string)entry.Value!, StoreJson.Default.BoundEntry) is { } value)
            {
                bound.Add(new BoundResident(who, value.Household, value.Off));
            }
        }

        return bound;
    }

    /// <summary>
    /// Profiles written before the list of bound residents existed enter it once: the first listing scans
    /// the profiles (on every primary) and adds those missing (<c>HSETNX</c>: a live write since wins), then
    /// notes that it is done. Safe to run twice at once.
    /// </summary>
    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (await db.KeyExistsAsync(keys.BoundResidentsFilled).ConfigureAwait(false))
        {
            return;
        }

        var pattern = $"{keys.Prefix}:{{*}}:profile";
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var name = (string)key!;
                var open = name.IndexOf('{', StringComparison.Ordinal);
                var close = name.LastIndexOf('}');
                if (open < 0 || close <= open || PersonKey.Parse(name[(open + 1)..close]) is not { } who)
                {
                    continue;
                }

                var value = await db.StringGetAsync(key).ConfigureAwait(false);
                if (!value.IsNullOrEmpty && JsonSerializer.Deserialize((string)value!, StoreJson.Default.PersonProfile) is { HouseholdId: { } household, Unsubscribed: false } profile)
                {
                    await db.HashSetAsync(keys.BoundResidents, who.ToString(), JsonSerializer.Serialize(new BoundEntry(household, profile.BroadcastsOff), StoreJson.Default.BoundEntry), When.NotExists)
                        .ConfigureAwait(false);
                }
            }
        }

        await db.StringSetAsync(keys.BoundResidentsFilled, 1).ConfigureAwait(false);
    }

    /// <summary>The person's entry of the bound residents, as the profile says: bound and following, or none.</summary>
    private Task<bool> IndexAsync(IDatabaseAsync db, PersonKey who, PersonProfile profile) =>
        profile is { HouseholdId: { } household, Unsubscribed: false }
            ? db.HashSetAsync(keys.BoundResidents, who.ToString(), JsonSerializer.Serialize(new BoundEntry(household, profile.BroadcastsOff), StoreJson.Default.BoundEntry))
            : db.HashDeleteAsync(keys.BoundResidents, who.ToString());

    public async Task<TurnCommitResult> CommitTurnAsync(PersonKey who, TurnCommit turn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limits = turn.Limits;
        var args = new RedisValue[11 + turn.History.Count];
        args[0] = turn.ExpectedVersion;
        args[1] = turn.State is null ? RedisValue.EmptyString : turn.State.Version;
        args[2] = turn.State is null ? RedisValue.EmptyString : JsonSerializer.Serialize(turn.State, StoreJson.Default.ConversationState);
        args[3] = (long)limits.IdleExpiry.TotalMilliseconds;
        args[4] = limits.HistoryLength;
        args[5] = (long)limits.HistoryRetention.TotalMilliseconds;
        args[6] = DedupeMark.Done(turn.Answer);
        args[7] = (long)limits.DedupeWindow.TotalMilliseconds;
        args[8] = turn.Profile is null ? RedisValue.EmptyString : JsonSerializer.Serialize(turn.Profile, StoreJson.Default.PersonProfile);
        args[9] = turn.History.Count;
        args[10] = DedupeMark.Pending(turn.ClaimOwner);
        for (var i = 0; i < turn.History.Count; i++)
        {
            args[11 + i] = JsonSerializer.Serialize(turn.History[i], StoreJson.Default.HistoryEntry);
        }

        RedisKey[] keysOfTurn = [keys.ConversationState(who), keys.History(who), keys.Profile(who), keys.Seen(who.ToString(), turn.DedupeId)];
        var db = redis.GetDatabase();
        var result = (long)await db.ScriptEvaluateAsync(Commit, keysOfTurn, args).ConfigureAwait(false);
        if (result == 1 && turn.Profile is not null)
        {
            await IndexAsync(db, who, turn.Profile).ConfigureAwait(false);
        }

        return result switch
        {
            1 => TurnCommitResult.Committed,
            0 => TurnCommitResult.Conflict,
            -1 => TurnCommitResult.AlreadyDone,
            _ => TurnCommitResult.TakenOver,
        };
    }

    public Task MarkReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SortedSetAddAsync(keys.ReportsDue, who.ToString(), due.ToUnixTimeMilliseconds());
    }

    public async Task<IReadOnlyList<(PersonKey Who, DateTimeOffset Due)>> ReportsDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var due = await redis.GetDatabase()
            .SortedSetRangeByScoreWithScoresAsync(keys.ReportsDue, double.NegativeInfinity, dueBy.ToUnixTimeMilliseconds(), take: limit)
            .ConfigureAwait(false);
        var people = new List<(PersonKey, DateTimeOffset)>(due.Length);
        foreach (var entry in due)
        {
            if (PersonKey.Parse(entry.Element!) is { } who)
            {
                people.Add((who, DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score)));
            }
        }

        return people;
    }

    public Task ForgetReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(ForgetDue, [keys.ReportsDue], [who.ToString(), due.ToUnixTimeMilliseconds()]);
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

/// <summary>A bound resident's entry: the household, and whether they opted out of broadcasts.</summary>
internal sealed record BoundEntry(string Household, bool Off);
