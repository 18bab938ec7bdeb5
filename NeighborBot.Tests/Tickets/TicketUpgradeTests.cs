using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

/// <summary>Tickets stored by the version before (no due time, no count of events told) are brought up to the current schema once.</summary>
public sealed class TicketUpgradeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Stored_tickets_get_their_due_time_and_their_events_count_as_told()
    {
        var keys = new RedisKeys(TestRedis.NewPrefix());
        var store = new RedisTicketStore(TestRedis.Connection, keys);
        var sla = new SlaOptions();
        var assigned = Old("20261128-0001", TicketStatus.Assigned) with { AcceptBy = Now.AddHours(2), ResolveBy = Now.AddDays(1) };
        var closed = Old("20261128-0002", TicketStatus.Closed);
        await WriteAsVersionOneAsync(keys, assigned);
        await WriteAsVersionOneAsync(keys, closed);
        var upgrade = new TicketUpgrade(store, new FixedMonitor(sla), new FakeTimeProvider(Now), NullLogger<TicketUpgrade>.Instance);

        var upgraded = await upgrade.RunAsync(default);
        var again = await upgrade.RunAsync(default);

        Assert.Equal((2, 0), (upgraded, again));
        Assert.Equal(TicketUpgrade.CurrentSchema, await store.GetSchemaAsync(default));
        Assert.Equal(["20261128-0001"], await store.DueAsync(Now.AddHours(2), 10, default));
        Assert.Empty(await store.DueAsync(Now.AddHours(2).AddMinutes(-1), 10, default));
        Assert.Equal(2, await store.ToldAsync("20261128-0001", default));
        Assert.Empty(await store.ToTellAsync(Now.AddDays(1), 10, default));
    }

    private static Ticket Old(string number, TicketStatus status) => new()
    {
        Number = number,
        Category = "repair",
        Reporter = "mp:demo:o_old",
        Channel = "mp",
        Text = "楼道灯坏了",
        SourceId = number,
        Status = status,
        Assignee = "w1",
        CreatedAt = Now.AddHours(-1),
        UpdatedAt = Now.AddHours(-1),
        Events = [new TicketEvent(Now.AddHours(-1), "mp:demo:o_old", TicketActions.Created), new TicketEvent(Now.AddHours(-1), Ticket.System, TicketActions.Assigned, To: "w1")],
    };

    /// <summary>As the version before wrote a ticket: the hash with revision and JSON, and the time index.</summary>
    private static async Task WriteAsVersionOneAsync(RedisKeys keys, Ticket ticket)
    {
        var db = TestRedis.Connection.GetDatabase();
        await db.HashSetAsync(keys.Ticket(ticket.Number), [new("r", 1), new("d", JsonSerializer.Serialize(ticket, StoreJson.Default.Ticket))]);
        await db.SortedSetAddAsync(keys.TicketsByTime, ticket.Number, ticket.CreatedAt.ToUnixTimeMilliseconds());
    }

    private sealed class FixedMonitor(SlaOptions value) : IOptionsMonitor<SlaOptions>
    {
        public SlaOptions CurrentValue => value;

        public SlaOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SlaOptions, string?> listener) => null;
    }
}
