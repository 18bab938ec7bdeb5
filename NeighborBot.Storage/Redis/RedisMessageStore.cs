using System.Globalization;
using System.Text.Json;
using NeighborBot.Outbox;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A message is a hash: <c>d</c> the message JSON, <c>st</c> status, <c>why</c> reason, <c>q</c> queued
/// and <c>u</c> updated (Unix ms), <c>n</c> runs, <c>nx</c> the next run (Unix ms) while retrying,
/// <c>p</c> the in-flight send (JSON) while one is under way. Its attempts are a list of JSON; the run
/// lease a string with the owner. All three expire <c>Notifications:SendLogRetention</c> after the
/// last change. Beside them, under the outbox's own hash tag, the ready list says what is still to
/// send and when: a message enters it before it is stored and leaves it once final, so nothing
/// stored is forgotten (the sweep drops entries whose message is gone).
/// </summary>
internal sealed class RedisMessageStore(IConnectionMultiplexer redis, RedisKeys keys) : IMessageStore
{
    private static readonly RedisValue[] Fields = ["d", "st", "why", "q", "u", "n", "p", "nx"];

    private static readonly LuaScript Add = LuaScript.Prepare("""
        if redis.call('EXISTS', @message) == 1 then return 0 end
        redis.call('HSET', @message, 'd', @data, 'st', 'Queued', 'q', @now, 'u', @now, 'n', 0)
        redis.call('PEXPIRE', @message, @ttl)
        return 1
        """);

    // Index one id, and drop ids queued before the retention began (their messages have expired).
    private static readonly LuaScript Index = LuaScript.Prepare("""
        local old = redis.call('ZRANGEBYSCORE', @byTime, '-inf', @cutoff, 'LIMIT', 0, 100)
        for _, id in ipairs(old) do
          redis.call('ZREM', @byId, id)
          redis.call('ZREM', @byTime, id)
        end
        redis.call('ZADD', @byId, 'NX', 0, @id)
        redis.call('ZADD', @byTime, 'NX', @now, @id)
        redis.call('ZADD', @ready, 'NX', @now, @id)
        return #old
        """);

    private static readonly LuaScript Sending = LuaScript.Prepare("""
        if redis.call('EXISTS', @message) == 0 then return 0 end
        redis.call('HSET', @message, 'p', @send, 'st', 'Sending', 'u', @now)
        return 1
        """);

    private static readonly LuaScript Append = LuaScript.Prepare("""
        redis.call('RPUSH', @log, @attempt)
        redis.call('HDEL', @message, 'p')
        redis.call('PEXPIRE', @log, @ttl)
        redis.call('PEXPIRE', @message, @ttl)
        return 1
        """);

    private static readonly LuaScript End = LuaScript.Prepare("""
        local holder = redis.call('GET', @lease)
        if holder and holder ~= @owner then return 0 end
        if redis.call('EXISTS', @message) == 1 then
          if @counted == '1' then redis.call('HINCRBY', @message, 'n', 1) end
          redis.call('HSET', @message, 'st', @status, 'why', @reason, 'u', @now, 'nx', @next)
          redis.call('PEXPIRE', @message, @ttl)
          if redis.call('EXISTS', @log) == 1 then redis.call('PEXPIRE', @log, @ttl) end
        end
        if holder then redis.call('DEL', @lease) end
        return 1
        """);

    // The first success after failures: every message waiting for a later run is due now, so the
    // backlog drains at the send rate instead of waiting out its back-off.
    private static readonly LuaScript Recovered = LuaScript.Prepare("""
        if redis.call('SREM', @failing, @channel) == 0 then return 0 end
        local waiting = redis.call('ZRANGEBYSCORE', @ready, '(' .. @now, '+inf')
        for _, id in ipairs(waiting) do redis.call('ZADD', @ready, @now, id) end
        return #waiting
        """);

    // While a channel fails, the earliest waiting message is made due now: a probe that finds out soon
    // when WeChat is back, without every message spending its runs on the outage.
    private static readonly LuaScript Probe = LuaScript.Prepare("""
        if redis.call('SCARD', @failing) == 0 then return false end
        local first = redis.call('ZRANGEBYSCORE', @ready, '(' .. @now, '+inf', 'LIMIT', 0, 1)[1]
        if not first then return false end
        redis.call('ZADD', @ready, @now, first)
        return first
        """);

    // An admin's resend: only a message given up starts again, with a fresh retry period.
    private static readonly LuaScript Resend = LuaScript.Prepare("""
        local status = redis.call('HGET', @message, 'st')
        if not status then return -1 end
        if status ~= 'Failed' and status ~= 'Uncertain' then return 0 end
        redis.call('HSET', @message, 'st', 'Queued', 'why', @reason, 'q', @now, 'u', @now, 'nx', '')
        redis.call('HDEL', @message, 'p')
        redis.call('PEXPIRE', @message, @ttl)
        return 1
        """);

    private static readonly LuaScript Release = LuaScript.Prepare(
        "if redis.call('GET', @lease) == @owner then return redis.call('DEL', @lease) end return 0");

    private static readonly LuaScript Renew = LuaScript.Prepare(
        "if redis.call('GET', @lease) == @owner then return redis.call('PEXPIRE', @lease, @ttl) end return 0");

    public async Task<(MessageRecord Record, bool Added)> AddAsync(OutboundMessage message, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ms = now.ToUnixTimeMilliseconds();

        // The index first: if we stop in between, the id is findable and the message simply missing.
        await db.ScriptEvaluateAsync(Index, new
        {
            byId = keys.OutboxById,
            byTime = keys.OutboxByTime,
            ready = keys.OutboxReady,
            id = message.Id,
            now = ms,
            cutoff = (now - retention).ToUnixTimeMilliseconds(),
        }).ConfigureAwait(false);

        var added = (long)await db.ScriptEvaluateAsync(Add, new
        {
            message = keys.OutboxMessage(message.Id),
            data = JsonSerializer.Serialize(message, StoreJson.Default.OutboundMessage),
            now = ms,
            ttl = (long)retention.TotalMilliseconds,
        }).ConfigureAwait(false) == 1;

        var record = added
            ? new MessageRecord(message, MessageStatus.Queued, null, now, now, 0, [])
            : await GetAsync(message.Id, cancellationToken).ConfigureAwait(false) ?? new MessageRecord(message, MessageStatus.Queued, null, now, now, 0, []);
        return (record, added);
    }

    public Task<bool> TryBeginRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.OutboxRunLease(id), owner, lease, When.NotExists);
    }

    public Task RenewRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(Renew, new { lease = keys.OutboxRunLease(id), owner, ttl = (long)lease.TotalMilliseconds });
    }

    public Task MarkSendingAsync(string id, InFlightSend send, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(Sending, new
        {
            message = keys.OutboxMessage(id),
            send = JsonSerializer.Serialize(send, StoreJson.Default.InFlightSend),
            now = send.At.ToUnixTimeMilliseconds(),
        });
    }

    public Task AppendAttemptAsync(string id, SendAttempt attempt, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().ScriptEvaluateAsync(Append, new
        {
            message = keys.OutboxMessage(id),
            log = keys.OutboxAttempts(id),
            attempt = JsonSerializer.Serialize(attempt, StoreJson.Default.SendAttempt),
            ttl = (long)retention.TotalMilliseconds,
        });
    }

    public async Task EndRunAsync(string id, string owner, RunEnd end, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var final = end.Status is MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Uncertain;

        // The ready list is changed before the message when the message goes on (a stop in between
        // leaves it ready: the sweep runs it again), and after it when the message is final (a stop in
        // between leaves a stale entry, which the next run drops).
        if (end.NextRunAt is { } next)
        {
            await db.SortedSetAddAsync(keys.OutboxReady, id, next.ToUnixTimeMilliseconds()).ConfigureAwait(false);
        }

        var ended = (long)await db.ScriptEvaluateAsync(End, new
        {
            message = keys.OutboxMessage(id),
            log = keys.OutboxAttempts(id),
            lease = keys.OutboxRunLease(id),
            owner,
            status = end.Status.ToString(),
            reason = end.Reason ?? string.Empty,
            now = now.ToUnixTimeMilliseconds(),
            next = end.NextRunAt is { } at ? at.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            counted = end.Counted ? "1" : "0",
            ttl = (long)retention.TotalMilliseconds,
        }).ConfigureAwait(false) == 1;
        if (ended && final)
        {
            await Task.WhenAll(
                db.SortedSetRemoveAsync(keys.OutboxReady, id),
                end.Status == MessageStatus.Delivered ? Task.CompletedTask : db.SortedSetAddAsync(keys.OutboxGivenUp, id, now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> ReadyAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(keys.OutboxReady, double.NegativeInfinity, dueBy.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, 0, limit)
            .ConfigureAwait(false);

        // A message a run holds right now is not ready; the leases are read together (one round trip).
        var held = ids.Select(id => db.KeyExistsAsync(keys.OutboxRunLease((string)id!))).ToList();
        var ready = new List<string>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!await held[i].ConfigureAwait(false))
            {
                ready.Add((string)ids[i]!);
            }
        }

        return ready;
    }

    public Task ForgetReadyAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SortedSetRemoveAsync(keys.OutboxReady, id);
    }

    public async Task<DateTimeOffset?> ReadyAtAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var score = await redis.GetDatabase().SortedSetScoreAsync(keys.OutboxReady, id).ConfigureAwait(false);
        return score is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null;
    }

    public Task NoteFailingAsync(string channel, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SetAddAsync(keys.OutboxFailing, channel);
    }

    public async Task<string?> ProbeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var probe = await redis.GetDatabase().ScriptEvaluateAsync(Probe, new { failing = keys.OutboxFailing, ready = keys.OutboxReady, now = now.ToUnixTimeMilliseconds() })
            .ConfigureAwait(false);
        return probe.IsNull ? null : (string?)probe;
    }

    public async Task<int> NoteWorkingAsync(string channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(Recovered, new
        {
            failing = keys.OutboxFailing,
            channel,
            ready = keys.OutboxReady,
            now = now.ToUnixTimeMilliseconds(),
        }).ConfigureAwait(false);
    }

    public async Task<ResendResult> ResendAsync(string id, string reason, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var result = (long)await db.ScriptEvaluateAsync(Resend, new
        {
            message = keys.OutboxMessage(id),
            reason,
            now = now.ToUnixTimeMilliseconds(),
            ttl = (long)retention.TotalMilliseconds,
        }).ConfigureAwait(false);
        if (result == 1)
        {
            await Task.WhenAll(db.SortedSetAddAsync(keys.OutboxReady, id, now.ToUnixTimeMilliseconds()), db.SortedSetRemoveAsync(keys.OutboxGivenUp, id)).ConfigureAwait(false);
        }

        return result switch { 1 => ResendResult.Queued, 0 => ResendResult.NotGivenUp, _ => ResendResult.NotFound };
    }

    public async Task<IReadOnlyList<MessageRecord>> GivenUpAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(keys.OutboxGivenUp, 0, limit - 1, Order.Descending).ConfigureAwait(false);
        return await ReadAllAsync(db, ids).ConfigureAwait(false);
    }

    public Task ReleaseRunAsync(string id, string owner, CancellationToken cancellationToken) =>
        redis.GetDatabase().ScriptEvaluateAsync(Release, new { lease = keys.OutboxRunLease(id), owner });

    public async Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var fields = db.HashGetAsync(keys.OutboxMessage(messageId), Fields);
        var attempts = db.ListRangeAsync(keys.OutboxAttempts(messageId));
        return Read(await fields.ConfigureAwait(false), await attempts.ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<MessageRecord>> FindAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByValueAsync(
            keys.OutboxById, Lex(idPrefix), Lex(idPrefix, upper: true), Exclude.None, Order.Ascending, 0, limit).ConfigureAwait(false);

        return await ReadAllAsync(db, ids).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<MessageRecord>> ReadAllAsync(IDatabase db, RedisValue[] ids)
    {
        // Issued together, the reads share one round trip.
        var reads = ids.Select(id => (Id: (string)id!, Fields: db.HashGetAsync(keys.OutboxMessage((string)id!), Fields), Log: db.ListRangeAsync(keys.OutboxAttempts((string)id!)))).ToList();
        var found = new List<MessageRecord>(reads.Count);
        foreach (var read in reads)
        {
            if (Read(await read.Fields.ConfigureAwait(false), await read.Log.ConfigureAwait(false)) is { } record)
            {
                found.Add(record);
            }
        }

        return found;
    }

    /// <summary>The ZRANGEBYLEX bounds of every member starting with <paramref name="prefix"/>: prefix to prefix + 0xFF (the client adds the '[').</summary>
    private static RedisValue Lex(string prefix, bool upper = false)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        if (!upper)
        {
            return bytes;
        }

        var bound = new byte[bytes.Length + 1];
        bytes.CopyTo(bound, 0);
        bound[^1] = 0xFF;
        return bound;
    }

    private static MessageRecord? Read(RedisValue[] fields, RedisValue[] log)
    {
        if (fields[0].IsNullOrEmpty)
        {
            return null;
        }

        var message = JsonSerializer.Deserialize((string)fields[0]!, StoreJson.Default.OutboundMessage)!;
        var why = (string?)fields[2];
        return new MessageRecord(
            message,
            Enum.Parse<MessageStatus>((string)fields[1]!),
            string.IsNullOrEmpty(why) ? null : why,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)fields[3]!, CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)fields[4]!, CultureInfo.InvariantCulture)),
            (int)(long)fields[5],
            [.. log.Select(a => JsonSerializer.Deserialize((string)a!, StoreJson.Default.SendAttempt)!)])
        {
            InFlight = fields[6].IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)fields[6]!, StoreJson.Default.InFlightSend),
            NextRunAt = fields[7].IsNullOrEmpty ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)fields[7]),
        };
    }
}
