using System.Text.Json;
using NeighborBot.Tickets;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// A ticket is a hash {r: revision, d: JSON, e: events, n: events told}; the time index and the
/// per-reporter index are sorted sets scored by creation time; the source mark makes creation
/// idempotent. Every write also notes, in the same script, that the ticket has events to tell
/// (<c>tell</c>, scored by the change time) and when it next needs looking at (<c>due</c>). All share one hash tag.
/// </summary>
internal sealed class RedisTicketStore(IConnectionMultiplexer redis, RedisKeys keys) : ITicketStore
{
    private static readonly TimeSpan SourceRetention = TimeSpan.FromDays(7);
    private static readonly RedisValue[] Fields = ["r", "d"];

    private static readonly LuaScript Create = LuaScript.Prepare("""
        local existing = redis.call('GET', @source)
        if existing then return existing end
        redis.call('SET', @source, @number, 'PX', @sourceTtl)
        redis.call('HSET', @ticket, 'r', '1', 'd', @data, 'e', @events, 'n', '0')
        redis.call('ZADD', @all, @created, @number)
        redis.call('ZADD', @byReporter, @created, @number)
        redis.call('ZADD', @tell, @now, @number)
        if @due ~= '' then redis.call('ZADD', @dueSet, @due, @number) end
        return @number
        """);

    // The assignee index holds a person's open tickets: the script moves the ticket between people
    // and drops it when the ticket is closed or cancelled.
    private static readonly LuaScript Update = LuaScript.Prepare("""
        if redis.call('HGET', @ticket, 'r') ~= @expected then return 0 end
        redis.call('HSET', @ticket, 'r', @revision, 'd', @data, 'e', @events)
        if @oldAssignee ~= '' then redis.call('ZREM', @oldIndex, @number) end
        if @newAssignee ~= '' then redis.call('ZADD', @newIndex, @created, @number) end
        redis.call('ZADD', @tell, @now, @number)
        if @due == '' then redis.call('ZREM', @dueSet, @number) else redis.call('ZADD', @dueSet, @due, @number) end
        return 1
        """);

    // Events are only appended, so "told up to n" only grows; the ticket leaves the to-tell set once
    // everything it has is told (a change in between keeps it there).
    private static readonly LuaScript Told = LuaScript.Prepare("""
        local told = tonumber(redis.call('HGET', @ticket, 'n') or '0')
        local count = tonumber(@count)
        if count > told then redis.call('HSET', @ticket, 'n', count) told = count end
        if told >= tonumber(redis.call('HGET', @ticket, 'e') or '0') then redis.call('ZREM', @tell, @number) end
        return told
        """);

    private static readonly LuaScript Due = LuaScript.Prepare("""
        if redis.call('EXISTS', @ticket) == 0 or @due == '' then return redis.call('ZREM', @dueSet, @number) end
        return redis.call('ZADD', @dueSet, @due, @number)
        """);

    public async Task<Ticket> CreateAsync(Ticket ticket, string number, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stored = ticket with { Number = number, Revision = 1 };
        var result = (string)(await redis.GetDatabase().ScriptEvaluateAsync(Create, new
        {
            source = keys.TicketSource(ticket.Reporter, ticket.SourceId),
            ticket = keys.Ticket(number),
            all = keys.TicketsByTime,
            byReporter = keys.TicketsByReporter(ticket.Reporter),
            number,
            data = JsonSerializer.Serialize(stored, StoreJson.Default.Ticket),
            created = ticket.CreatedAt.ToUnixTimeMilliseconds(),
            sourceTtl = (long)SourceRetention.TotalMilliseconds,
            events = stored.Events.Count,
            tell = keys.TicketsToTell,
            now = ticket.UpdatedAt.ToUnixTimeMilliseconds(),
            dueSet = keys.TicketsDue,
            due = Score(due),
        }).ConfigureAwait(false))!;

        return result == number
            ? stored
            : await GetAsync(result, cancellationToken).ConfigureAwait(false) ?? stored;
    }

    public async Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read(await redis.GetDatabase().HashGetAsync(keys.Ticket(number), Fields).ConfigureAwait(false));
    }

    public async Task<bool> UpdateAsync(Ticket ticket, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var saved = ticket with { Revision = ticket.Revision + 1 };
        var stored = await GetAsync(ticket.Number, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Revision != ticket.Revision)
        {
            return false;
        }

        var oldAssignee = stored.Assignee ?? string.Empty;
        var newAssignee = ticket.IsOpen ? ticket.Assignee ?? string.Empty : string.Empty;
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Update, new
        {
            ticket = keys.Ticket(ticket.Number),
            oldIndex = keys.TicketsByAssignee(oldAssignee),
            newIndex = keys.TicketsByAssignee(newAssignee),
            number = ticket.Number,
            expected = ticket.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            revision = saved.Revision,
            data = JsonSerializer.Serialize(saved, StoreJson.Default.Ticket),
            oldAssignee,
            newAssignee,
            created = ticket.CreatedAt.ToUnixTimeMilliseconds(),
            events = ticket.Events.Count,
            tell = keys.TicketsToTell,
            now = ticket.UpdatedAt.ToUnixTimeMilliseconds(),
            dueSet = keys.TicketsDue,
            due = Score(due),
        }).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<IReadOnlyList<string>> ToTellAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var numbers = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            keys.TicketsToTell, double.NegativeInfinity, changedBefore.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, 0, limit).ConfigureAwait(false);
        return [.. numbers.Select(n => (string)n!)];
    }

    public async Task<int> ToldAsync(string number, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().HashGetAsync(keys.Ticket(number), "n").ConfigureAwait(false);
        return value.IsNullOrEmpty ? 0 : (int)value;
    }

    public async Task MarkToldAsync(string number, int events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().ScriptEvaluateAsync(Told, new { ticket = keys.Ticket(number), tell = keys.TicketsToTell, number, count = events })
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var numbers = await redis.GetDatabase().SortedSetRangeByScoreAsync(
            keys.TicketsDue, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.None, Order.Ascending, 0, limit).ConfigureAwait(false);
        return [.. numbers.Select(n => (string)n!)];
    }

    public async Task SetDueAsync(string number, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().ScriptEvaluateAsync(Due, new { ticket = keys.Ticket(number), dueSet = keys.TicketsDue, number, due = Score(due) })
            .ConfigureAwait(false);
    }

    public async Task<int> GetSchemaAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().StringGetAsync(keys.TicketSchema).ConfigureAwait(false);
        return value.IsNullOrEmpty ? 0 : (int)value;
    }

    public Task SetSchemaAsync(int schema, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().StringSetAsync(keys.TicketSchema, schema);
    }

    private static RedisValue Score(DateTimeOffset? due) => due is { } at ? at.ToUnixTimeMilliseconds() : RedisValue.EmptyString;

    public Task<long> CountByAssigneeAsync(string assignee, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return redis.GetDatabase().SortedSetLengthAsync(keys.TicketsByAssignee(assignee));
    }

    public async Task<IReadOnlyList<Ticket>> ListByAssigneeAsync(string assignee, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var numbers = await db.SortedSetRangeByRankAsync(keys.TicketsByAssignee(assignee), 0, -1, Order.Descending).ConfigureAwait(false);
        return await LoadAsync(db, numbers).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var from = query.From?.ToUnixTimeMilliseconds() ?? double.NegativeInfinity;
        var to = query.To?.ToUnixTimeMilliseconds() ?? double.PositiveInfinity;
        const int Page = 200;
        var found = new List<Ticket>();
        for (var skip = 0L; found.Count < query.Limit; skip += Page)
        {
            var numbers = await db.SortedSetRangeByScoreAsync(keys.TicketsByTime, from, to, Exclude.None, Order.Descending, skip, Page)
                .ConfigureAwait(false);
            found.AddRange((await LoadAsync(db, numbers).ConfigureAwait(false)).Where(query.Matches));
            if (numbers.Length < Page)
            {
                break;
            }
        }

        return found.Count > query.Limit ? found[..query.Limit] : found;
    }

    public async Task<IReadOnlyList<Ticket>> ListByReporterAsync(string reporter, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var numbers = await db.SortedSetRangeByRankAsync(keys.TicketsByReporter(reporter), 0, limit - 1, Order.Descending).ConfigureAwait(false);
        return await LoadAsync(db, numbers).ConfigureAwait(false);
    }

    private async Task<List<Ticket>> LoadAsync(IDatabase db, RedisValue[] numbers)
    {
        // Issued together, the reads share one round trip.
        var reads = numbers.Select(n => db.HashGetAsync(keys.Ticket((string)n!), Fields)).ToList();
        var tickets = new List<Ticket>(reads.Count);
        foreach (var read in reads)
        {
            if (Read(await read.ConfigureAwait(false)) is { } ticket)
            {
                tickets.Add(ticket);
            }
        }

        return tickets;
    }

    private static Ticket? Read(RedisValue[] values) => values[1].IsNullOrEmpty
        ? null
        : JsonSerializer.Deserialize((string)values[1]!, StoreJson.Default.Ticket)! with { Revision = (long)values[0] };
}
