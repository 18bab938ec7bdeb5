using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeighborBot.Broadcasts;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Jobs;
using NeighborBot.Simulator;
using StackExchange.Redis;

namespace NeighborBot.Benchmarks;

/// <summary>
/// One broadcast to N bound residents, end to end in one process: the job host as a worker runs it
/// (Hangfire server, Redis store, the hand-over and the outbox), WeChat's API is <see cref="FakeWeChatApi"/>
/// on loopback. Measures the time from scheduling to the last delivery at the fake, the rate reached
/// against <c>Notifications:SendsPerSecond</c>, and the Redis commands per recipient: those the
/// process sent (StackExchange.Redis's count of operations) and those Redis ran (INFO commandstats,
/// commands inside scripts included). Not a micro-benchmark: run it on a Redis of its own.
/// </summary>
internal static class BroadcastLoad
{
    private const string Account = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var redis = Option(args, "--redis") ?? "127.0.0.1:6379";
        var recipients = int.Parse(Option(args, "--recipients") ?? "5000", CultureInfo.InvariantCulture);
        var rate = int.Parse(Option(args, "--rate") ?? "50", CultureInfo.InvariantCulture);
        var workers = Option(args, "--workers") ?? "0";

        // --handover-only: the outbox drops every message, so the figures are the hand-over's own (ledger, pace, steps).
        var handOverOnly = args.Contains("--handover-only");
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];

        await using var api = await FakeWeChatApi.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis,
            ["Redis:KeyPrefix"] = prefix,
            ["Jobs:WorkerCount"] = workers,
            ["WeChat:ApiBaseUrl"] = api.BaseUrl,
            [$"WeChat:Accounts:{Account}:AppId"] = "wxbench000000001",
            [$"WeChat:Accounts:{Account}:AppSecret"] = "bench-secret",
            [$"WeChat:Accounts:{Account}:Token"] = "benchtoken1",
            [$"WeChat:Accounts:{Account}:EncodingAESKey"] = BenchAccount.EncodingAesKey,
            [$"WeChat:Accounts:{Account}:Templates:notice:Id"] = "tpl_notice",
            [$"WeChat:Accounts:{Account}:Templates:notice:Fields:thing1"] = "{title}",
            ["Notifications:SendsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
        });
        builder.AddNeighborBot();
        var dropped = new DroppingOutbox();
        if (handOverOnly)
        {
            builder.Services.AddSingleton<NeighborBot.Outbox.IOutbox>(dropped);
        }

        using var host = builder.Build();
        await host.StartAsync();

        var services = host.Services;
        var now = DateTimeOffset.UtcNow;
        var households = Enumerable.Range(0, recipients).Select(i => new Household { Id = $"{1 + (i / 100)}-1-{100 + (i % 100)}", Building = 1 + (i / 100), Unit = 1, Room = $"{100 + (i % 100)}" }).ToList();
        await services.GetRequiredService<DirectoryCache>().ReplaceAsync(new DirectoryDocument
        {
            Communities = [new Community { Id = "c", Name = "社区" }],
            Grids = [new Grid { Id = "g1", Community = "c", Name = "第一网格", Buildings = [.. households.Select(h => h.Building).Distinct()] }],
            Households = households,
        }, default);
        var conversations = services.GetRequiredService<IConversationStore>();
        await Parallel.ForEachAsync(households, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (home, ct) =>
            await conversations.SaveProfileAsync(PersonKey.OfficialAccount(Account, "o_" + home.Id), new PersonProfile { HouseholdId = home.Id, LastMessageAt = now }, ct));

        // Let the start-up jobs settle, then count from here.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var multiplexer = services.GetRequiredService<IConnectionMultiplexer>();
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var before = await CommandStatsAsync(server);
        var sentBefore = Operations(multiplexer);

        var desk = services.GetRequiredService<BroadcastDesk>();
        var clock = Stopwatch.StartNew();
        var created = await desk.CreateAsync(new BroadcastRequest(
            new BroadcastContent("社区通知", "周六上午9点，社区广场义诊，欢迎参加。"), new Audience { Residents = ResidentChoice.Everyone },
            null, Urgent: false, MassSend: false, Draft: false, By: "bench"), default);
        var id = created.Broadcast!.Id;
        await desk.ApproveAsync(id, "bench", sharedKey: true, default);

        var store = services.GetRequiredService<IBroadcastStore>();
        TimeSpan? handedOver = null;
        var deadline = TimeSpan.FromSeconds(Math.Max(120, 3.0 * recipients / rate));
        int Delivered() => handOverOnly ? dropped.Count : api.Deliveries.Count;
        while (Delivered() < recipients && clock.Elapsed < deadline)
        {
            if (handedOver is null && await store.FiguresAsync(new RunId(id, 1), default) is { HandedOver: true })
            {
                handedOver = clock.Elapsed;
            }

            await Task.Delay(100);
        }

        var elapsed = clock.Elapsed;
        var delivered = Delivered();
        var distinct = handOverOnly ? dropped.Distinct : api.Deliveries.Select(d => d.OpenId).Distinct().Count();
        RunFigures? figures = null;
        for (var i = 0; i < 50 && !handOverOnly && (figures = await store.FiguresAsync(new RunId(id, 1), default)) is not { Pending: 0 }; i++)
        {
            await Task.Delay(100);
        }

        var after = await CommandStatsAsync(server);
        var sent = Operations(multiplexer) - sentBefore;
        var calls = after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));
        var total = calls.Values.Sum();
        var first = handOverOnly ? dropped.First : api.Deliveries.Min(d => d.At);
        var last = handOverOnly ? dropped.Last : api.Deliveries.Max(d => d.At);

        Console.WriteLine($"recipients {recipients}, configured rate {rate}/s, job workers {(workers == "0" ? "default" : workers)}{(handOverOnly ? ", hand-over only (the outbox drops the messages)" : string.Empty)}");
        Console.WriteLine($"{(handOverOnly ? "handed over" : "delivered")} {delivered} ({distinct} distinct) in {elapsed.TotalSeconds:F1} s from scheduling; first to last {(last - first).TotalSeconds:F1} s = {delivered / Math.Max(0.001, (last - first).TotalSeconds):F1}/s");
        Console.WriteLine($"hand-over finished {(handedOver is { } h ? $"at {h.TotalSeconds:F1} s" : "with the last deliveries")}; figures: {figures}");
        Console.WriteLine($"redis commands run (commandstats, scripts' inner calls included): {total} = {(double)total / recipients:F1} per recipient");
        Console.WriteLine($"redis operations sent by the process: {sent} = {(double)sent / recipients:F1} per recipient");
        foreach (var (command, count) in calls.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(12))
        {
            Console.WriteLine($"  {command,-22} {count,8} {(double)count / recipients,6:F2}/recipient");
        }

        await host.StopAsync();
        return delivered == recipients && distinct == recipients ? 0 : 1;
    }

    private static async Task<Dictionary<string, long>> CommandStatsAsync(IServer server)
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                // cmdstat_get: calls=12,usec=...
                var calls = value.Split(',')[0];
                stats[key.Replace("cmdstat_", string.Empty, StringComparison.Ordinal)] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return stats;
    }

    private static long Operations(IConnectionMultiplexer multiplexer) =>
        multiplexer.GetEndPoints().Sum(e => multiplexer.GetServer(e).GetCounters().Interactive.OperationCount);

    /// <summary>Takes every message and sends none: what is left to measure is the hand-over.</summary>
    private sealed class DroppingOutbox : NeighborBot.Outbox.IOutbox
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);
        private int _count;
        private long _first = long.MaxValue;
        private long _last;

        public int Count => Volatile.Read(ref _count);

        public int Distinct => _ids.Count;

        public DateTimeOffset First => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _first));

        public DateTimeOffset Last => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _last));

        public Task QueueAsync(NeighborBot.Outbox.OutboundMessage message, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _ids.TryAdd(message.To.Id, 0);
            Interlocked.Increment(ref _count);
            long seen;
            while (now < (seen = Interlocked.Read(ref _first)) && Interlocked.CompareExchange(ref _first, now, seen) != seen)
            {
            }

            Interlocked.Exchange(ref _last, Math.Max(now, Interlocked.Read(ref _last)));
            return Task.CompletedTask;
        }

        public Task<NeighborBot.Outbox.ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken) =>
            Task.FromResult(NeighborBot.Outbox.ResendResult.NotFound);
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
