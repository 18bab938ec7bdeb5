using System.Text.Json;
using NeighborBot.Broadcasts;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A broadcast is a hash {r: revision, s: status, d: JSON}, saved by one script that compares r and keeps
/// the due list (and, when a run starts, the list of runs handing over) in step. A run is a hash of
/// figures, its ledger a list of JSON recipients, two bitmaps (claimed, with the outbox) and a hash of
/// outcomes. Everything shares the hash tag <c>{prefix:bc}</c>, so each step is one script on one shard.
/// </summary>
internal sealed class RedisBroadcastStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time) : IBroadcastStore
{
    /// <summary>A run just started is resumed by the sweep if no hand-over took it within this long.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MassRetention = TimeSpan.FromDays(40);

    // KEYS: broadcast, all, due, handing. ARGV: expected revision, JSON, status, created ms, next ms ('' none), id, run key ('' none), resume ms.
    private const string Save = """
        local r = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
        if r ~= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'r', r + 1, 's', ARGV[3], 'd', ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[6])
        if ARGV[5] == '' then redis.call('ZREM', KEYS[3], ARGV[6]) else redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6]) end
        if ARGV[7] ~= '' then redis.call('ZADD', KEYS[4], 'NX', ARGV[8], ARGV[7]) end
        return 1
        """;

    // KEYS: run, ledger, uncounted. ARGV: run key, skipped, entries...
    private const string WriteLedger = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        for i = 3, #ARGV, 1000 do
          redis.call('RPUSH', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
        end
        redis.call('HSET', KEYS[1], 'recipients', #ARGV - 2, 'skipped', ARGV[2], 'handed', 0, 'sent', 0, 'failed', 0, 'over', 0)
        redis.call('SADD', KEYS[3], ARGV[1])
        return 1
        """;

    // KEYS: broadcast, claimed, confirmed, run. ARGV: entry to confirm (''), entry to claim ('').
    // Returns 1 when the broadcast still sends (and the entry was claimed), 0 when it was cancelled.
    private const string Step = """
        if ARGV[1] ~= '' and redis.call('SETBIT', KEYS[3], ARGV[1], 1) == 0 then
          redis.call('HINCRBY', KEYS[4], 'handed', 1)
        end
        if redis.call('HGET', KEYS[1], 's') ~= 'sending' then return 0 end
        if ARGV[2] ~= '' then redis.call('SETBIT', KEYS[2], ARGV[2], 1) end
        return 1
        """;

    // KEYS: outcomes, run. ARGV: index, 'd' or 'f'.
    private const string Count = """
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        if old == ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if old == 'd' then redis.call('HINCRBY', KEYS[2], 'sent', -1) elseif old == 'f' then redis.call('HINCRBY', KEYS[2], 'failed', -1) end
        if ARGV[2] == 'd' then redis.call('HINCRBY', KEYS[2], 'sent', 1) else redis.call('HINCRBY', KEYS[2], 'failed', 1) end
        return 1
        """;

    // KEYS: lease. ARGV: owner, ms. Renews or frees only the owner's lease.
    private const string Renew = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    private const string Release = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    // KEYS: the month's set. ARGV: run key, allowance, ms.
    private const string TakeMass = """
        if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
        if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    private static readonly RedisValue[] FigureFields = ["recipients", "skipped", "handed", "sent", "failed", "over"];

    public async Task<(Broadcast? Broadcast, long Revision)> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(keys.Broadcast(id), ["r", "d"]).ConfigureAwait(false);
        return values[1].IsNullOrEmpty
            ? (null, 0)
            : (JsonSerializer.Deserialize((string)values[1]!, StoreJson.Default.Broadcast), (long)values[0]);
    }

    public async Task<bool> SaveAsync(Broadcast broadcast, long expectedRevision, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var run = broadcast.Status == BroadcastStatus.Sending ? new RunId(broadcast.Id, broadcast.Runs).ToString() : string.Empty;
        RedisValue[] args =
        [
            expectedRevision,
            JsonSerializer.Serialize(broadcast, StoreJson.Default.Broadcast),
            Broadcast.Name(broadcast.Status),
            broadcast.CreatedAt.ToUnixTimeMilliseconds(),
            broadcast is { Status: BroadcastStatus.Scheduled, NextRunAt: { } next } ? next.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            broadcast.Id,
            run,
            (time.GetUtcNow() + StartGrace).ToUnixTimeMilliseconds(),
        ];
        RedisKey[] saveKeys = [keys.Broadcast(broadcast.Id), keys.BroadcastsByTime, keys.BroadcastsDue, keys.BroadcastsHandingOver];
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(Save, saveKeys, args).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<Broadcast>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(keys.BroadcastsByTime, 0, limit - 1, Order.Descending).ConfigureAwait(false);
        var reads = ids.Select(id => db.HashGetAsync(keys.Broadcast(id!), "d")).ToList();
        var values = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. values.Where(v => !v.IsNullOrEmpty).Select(v => JsonSerializer.Deserialize((string)v!, StoreJson.Default.Broadcast)!)];
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset by, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = await redis.GetDatabase().SortedSetRangeByScoreAsync(keys.BroadcastsDue, double.NegativeInfinity, by.ToUnixTimeMilliseconds(), take: limit)
            .ConfigureAwait(false);
        return [.. ids.Select(v => (string)v!)];
    }

    public async Task<bool> WriteLedgerAsync(RunId run, IReadOnlyList<Recipient> recipients, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var args = new RedisValue[2 + recipients.Count];
        args[0] = run.ToString();
        args[1] = recipients.Count(r => r.OptedOut);
        for (var i = 0; i < recipients.Count; i++)
        {
            args[2 + i] = JsonSerializer.Serialize(recipients[i], StoreJson.Default.Recipient);
        }

        RedisKey[] ledgerKeys = [keys.BroadcastRun(run.Broadcast, run.Run), keys.BroadcastLedger(run.Broadcast, run.Run), keys.BroadcastsUncounted];
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(WriteLedger, ledgerKeys, args).ConfigureAwait(false) == 1;
    }

    public async Task<RunFigures?> FiguresAsync(RunId run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var v = await redis.GetDatabase().HashGetAsync(keys.BroadcastRun(run.Broadcast, run.Run), FigureFields).ConfigureAwait(false);
        if (v[0].IsNull)
        {
            return null;
        }

        var (recipients, skipped, handed, over) = ((int)v[0], (int)v[1], (int)v[2], (int)v[5] == 1);
        return new RunFigures(run.Run, recipients, (int)v[3], (int)v[4], skipped, handed, Cancelled: over && handed < recipients - skipped, HandedOver: over);
    }

    public async Task<IReadOnlyList<LedgerEntry>> UnfinishedAsync(RunId run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var listRead = db.ListRangeAsync(keys.BroadcastLedger(run.Broadcast, run.Run));
        var claimedRead = db.StringGetAsync(keys.BroadcastClaimed(run.Broadcast, run.Run));
        var confirmedRead = db.StringGetAsync(keys.BroadcastConfirmed(run.Broadcast, run.Run));
        var list = await listRead.ConfigureAwait(false);
        byte[]? claimed = await claimedRead.ConfigureAwait(false);
        byte[]? confirmed = await confirmedRead.ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        for (var i = 0; i < list.Length; i++)
        {
            if (IsSet(confirmed, i))
            {
                continue;
            }

            var recipient = JsonSerializer.Deserialize((string)list[i]!, StoreJson.Default.Recipient)!;
            if (!recipient.OptedOut)
            {
                entries.Add(new LedgerEntry(i, recipient, IsSet(claimed, i)));
            }
        }

        return entries;
    }

    public async Task<bool> StepAsync(RunId run, int? confirm, int? claim, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] stepKeys =
        [
            keys.Broadcast(run.Broadcast), keys.BroadcastClaimed(run.Broadcast, run.Run), keys.BroadcastConfirmed(run.Broadcast, run.Run), keys.BroadcastRun(run.Broadcast, run.Run),
        ];
        RedisValue[] args = [confirm is { } c ? c : RedisValue.EmptyString, claim is { } k ? k : RedisValue.EmptyString];
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(Step, stepKeys, args).ConfigureAwait(false) == 1;
    }

    public async Task EndHandOverAsync(RunId run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var runKey = keys.BroadcastRun(run.Broadcast, run.Run);
        var ending = db.KeyExistsAsync(runKey);
        var removing = db.SortedSetRemoveAsync(keys.BroadcastsHandingOver, run.ToString());
        if (await ending.ConfigureAwait(false))
        {
            await db.HashSetAsync(runKey, "over", 1).ConfigureAwait(false);
        }

        await removing.ConfigureAwait(false);
    }

    public Task SetResumeAtAsync(RunId run, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SortedSetAddAsync(keys.BroadcastsHandingOver, run.ToString(), at.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);
    }

    public async Task<IReadOnlyList<(RunId Run, DateTimeOffset ResumeAt)>> HandingOverAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(keys.BroadcastsHandingOver).ConfigureAwait(false);
        return [.. entries.Select(e => (RunId.Parse(e.Element!), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))
            .Where(e => e.Item1 is not null).Select(e => (e.Item1!.Value, e.Item2))];
    }

    public Task CountAsync(RunId run, int index, bool delivered, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] countKeys = [keys.BroadcastOutcomes(run.Broadcast, run.Run), keys.BroadcastRun(run.Broadcast, run.Run)];
        return redis.GetDatabase().ScriptEvaluateAsync(Count, countKeys, [index, delivered ? "d" : "f"]);
    }

    public async Task<IReadOnlyList<RunId>> UncountedRunsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await redis.GetDatabase().SetMembersAsync(keys.BroadcastsUncounted).ConfigureAwait(false);
        return [.. members.Select(m => RunId.Parse(m!)).OfType<RunId>()];
    }

    public async Task<IReadOnlyList<int>> UncountedAsync(RunId run, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var confirmedRead = db.StringGetAsync(keys.BroadcastConfirmed(run.Broadcast, run.Run));
        var countedRead = db.HashKeysAsync(keys.BroadcastOutcomes(run.Broadcast, run.Run));
        var overRead = db.HashGetAsync(keys.BroadcastRun(run.Broadcast, run.Run), "over");
        byte[]? confirmed = await confirmedRead.ConfigureAwait(false);
        var counted = (await countedRead.ConfigureAwait(false)).Select(v => (int)v).ToHashSet();
        var over = (int?)await overRead.ConfigureAwait(false) == 1;
        var uncounted = new List<int>();
        for (var i = 0; confirmed is not null && i < confirmed.Length * 8 && uncounted.Count < limit; i++)
        {
            if (IsSet(confirmed, i) && !counted.Contains(i))
            {
                uncounted.Add(i);
            }
        }

        if (uncounted.Count == 0 && over)
        {
            await db.SetRemoveAsync(keys.BroadcastsUncounted, run.ToString()).ConfigureAwait(false);
        }

        return uncounted;
    }

    public async Task<IReadOnlyList<RecipientState>> PageAsync(RunId run, int offset, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var listRead = db.ListRangeAsync(keys.BroadcastLedger(run.Broadcast, run.Run), offset, offset + limit - 1);
        var claimedRead = db.StringGetAsync(keys.BroadcastClaimed(run.Broadcast, run.Run));
        var confirmedRead = db.StringGetAsync(keys.BroadcastConfirmed(run.Broadcast, run.Run));
        var outcomesRead = db.HashGetAllAsync(keys.BroadcastOutcomes(run.Broadcast, run.Run));
        var overRead = db.HashGetAsync(keys.BroadcastRun(run.Broadcast, run.Run), "over");
        var list = await listRead.ConfigureAwait(false);
        byte[]? claimed = await claimedRead.ConfigureAwait(false);
        byte[]? confirmed = await confirmedRead.ConfigureAwait(false);
        var outcomes = (await outcomesRead.ConfigureAwait(false)).ToDictionary(e => (int)e.Name, e => (string)e.Value!);
        var over = (int?)await overRead.ConfigureAwait(false) == 1;
        return [.. list.Select((value, i) =>
        {
            var index = offset + i;
            var recipient = JsonSerializer.Deserialize((string)value!, StoreJson.Default.Recipient)!;
            return RunLedger.State(run, index, recipient, IsSet(claimed, index), IsSet(confirmed, index), outcomes.GetValueOrDefault(index), over);
        })];
    }

    public Task<bool> TryLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.BroadcastLease(run.Broadcast, run.Run), owner, lease, When.NotExists);
    }

    public Task RenewLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(Renew, [keys.BroadcastLease(run.Broadcast, run.Run)], [owner, (long)lease.TotalMilliseconds]);
    }

    public Task ReleaseLeaseAsync(RunId run, string owner, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(Release, [keys.BroadcastLease(run.Broadcast, run.Run)], [owner]);

    public async Task<bool> TakeMassAllowanceAsync(string account, string month, RunId run, int allowance, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(TakeMass, [keys.MassSends(account, month)], [run.ToString(), allowance, (long)MassRetention.TotalMilliseconds])
            .ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<int> MassSentAsync(string account, string month, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (int)await redis.GetDatabase().SetLengthAsync(keys.MassSends(account, month)).ConfigureAwait(false);
    }

    /// <summary>Bit <paramref name="index"/> of a Redis bitmap (SETBIT numbers bits from the high bit of the first byte).</summary>
    private static bool IsSet(byte[]? bitmap, int index) =>
        bitmap is not null && index / 8 < bitmap.Length && (bitmap[index / 8] & (0x80 >> (index % 8))) != 0;
}

/// <summary>Where a ledger entry stands, read the same way by both stores.</summary>
internal static class RunLedger
{
    public static RecipientState State(RunId run, int index, Recipient recipient, bool claimed, bool confirmed, string? outcome, bool over)
    {
        var state = recipient.OptedOut ? "skipped"
            : outcome == "d" ? "sent"
            : outcome is not null ? "failed"
            : confirmed || (claimed && !over) ? "queued"
            : over ? "cancelled"
            : "pending";
        return new RecipientState(index, recipient, state, recipient.OptedOut || (!confirmed && !claimed) ? null : run.MessageId(index));
    }
}
