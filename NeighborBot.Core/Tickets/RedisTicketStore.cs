using System.Text.Json;
using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.Tickets;

/// <summary>
/// A ticket is a hash {r: revision, d: JSON}; the time index and the per-reporter index are sorted
/// sets scored by creation time; the source mark makes creation idempotent. All share one hash tag.
/// </summary>
internal sealed class RedisTicketStore(IConnectionMultiplexer redis, RedisKeys keys) : ITicketStore
{
    private static readonly TimeSpan SourceRetention = TimeSpan.FromDays(7);
    private static readonly RedisValue[] Fields = ["r", "d"];

    private static readonly LuaScript Create = LuaScript.Prepare("""
        local existing = redis.call('GET', @source)
        if existing then return existing end
        redis.call('SET', @source, @number, 'PX', @sourceTtl)
        redis.call('HSET', @ticket, 'r', '1', 'd', @data)
        redis.call('ZADD', @all, @created, @number)
        redis.call('ZADD', @byReporter, @created, @number)
        return @number
        """);

    // The assignee index holds a person's open tickets: the script moves the ticket between people
    // and drops it when the ticket is closed or cancelled.
    private static readonly LuaScript Update = LuaScript.Prepare("""
        if redis.call('HGET', @ticket, 'r') ~= @expected then return 0 end
        redis.call('HSET', @ticket, 'r', @revision, 'd', @data)
        if @oldAssignee ~= '' then redis.call('ZREM', @oldIndex, @number) end
        if @newAssignee ~= '' then redis.call('ZADD', @newIndex, @created, @number) end
        return 1
        """);

    public async Task<Ticket> CreateAsync(Ticket ticket, string number, CancellationToken cancellationToken)
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

    public async Task<bool> UpdateAsync(Ticket ticket, CancellationToken cancellationToken)
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
        }).ConfigureAwait(false);
        return (long)result == 1;
    }

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
