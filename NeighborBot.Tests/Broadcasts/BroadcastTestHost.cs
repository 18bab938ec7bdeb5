using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Broadcasts;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Broadcasts;

/// <summary>
/// The real host on Redis with its Hangfire server, WeChat's API played by <see cref="FakeWeChatApi"/>,
/// a bridge's SendUrl played by <see cref="FakeBridge"/>, a clock the test moves, and a community of
/// two grids with groups, tagged households, bound residents and staff.
/// </summary>
public sealed class BroadcastTestHost : IAsyncDisposable
{
    public const string Account = NeighborBotFactory.Account;
    public const string Bridge = "wechaty";
    public const string BridgeSecret = "bridge-secret-0123456789";

    /// <summary>China time 2026-07-12 09:00, a Sunday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsFakes;

    private BroadcastTestHost(NeighborBotFactory host, FakeWeChatApi api, FakeBridge bridge, FakeTimeProvider clock, RecordedEffects? effects, bool ownsFakes)
    {
        _ownsFakes = ownsFakes;
        Host = host;
        Api = api;
        FakeBridge = bridge;
        Clock = clock;
        Effects = effects;
        Admin = host.CreateClient();
        Admin.DefaultRequestHeaders.Authorization = new("Bearer", NeighborBotFactory.AdminKey);
    }

    public NeighborBotFactory Host { get; }
    public FakeWeChatApi Api { get; }
    public FakeBridge FakeBridge { get; }
    public FakeTimeProvider Clock { get; }
    public HttpClient Admin { get; }

    /// <summary>The jobs the service asked for, when the test plays them itself (null: the real Hangfire server runs them).</summary>
    public RecordedEffects? Effects { get; }

    public IBroadcastStore Store => Host.Services.GetRequiredService<IBroadcastStore>();

    /// <param name="manual">The test runs starts, hand-overs and sweeps itself (no broadcast job is created).</param>
    /// <param name="keyPrefix">Share another host's store (a second worker).</param>
    public static async Task<BroadcastTestHost> StartAsync(
        bool manual = false, Func<NeighborBotFactory, NeighborBotFactory>? configure = null, string? keyPrefix = null,
        FakeTimeProvider? clock = null, FakeWeChatApi? api = null, FakeBridge? bridge = null, bool withDirectory = true)
    {
        var ownsFakes = api is null;
        clock ??= new FakeTimeProvider(Start);
        api ??= await FakeWeChatApi.StartAsync(time: clock);
        bridge ??= await FakeBridge.StartAsync(BridgeSecret, time: clock);
        var effects = manual ? new RecordedEffects() : null;
        var host = new NeighborBotFactory()
            .With("WeChat:ApiBaseUrl", api.BaseUrl)
            .With("WeChat:MaxClockSkew", "00:00:00")
            .With("WeChat:Api:AttemptTimeout", "00:00:02")
            .With("Notifications:SendsPerSecond", "1000")
            .With("Notifications:RateWaitBudget", "00:00:00")
            .With("Notifications:RetryBaseDelay", "00:00:00.001")
            .With("Notifications:RetryMaxDelay", "00:00:00.001")
            .With("Broadcasts:WaitInJob", "00:00:00")
            .With("Broadcasts:Lease", "00:00:02")
            .With($"Bridges:{Bridge}:Secret", BridgeSecret)
            .With($"Bridges:{Bridge}:SendUrl", bridge.SendUrl)
            .With($"Bridges:{Bridge}:SendsPerMinute", "20")
            .With($"WeChat:Accounts:{Account}:Templates:notice:Id", "tpl_notice")
            .With($"WeChat:Accounts:{Account}:Templates:notice:Fields:thing1", "{title}")
            .With($"WeChat:Accounts:{Account}:Templates:notice:Fields:time2", "{time}")
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        if (keyPrefix is not null)
        {
            host.With("Redis:KeyPrefix", keyPrefix);
        }

        if (effects is not null)
        {
            host.WithServices(s => s.Replace(ServiceDescriptor.Singleton<IBroadcastEffects>(effects)));
        }

        host = configure?.Invoke(host) ?? host;
        var test = new BroadcastTestHost(host, api, bridge, clock, effects, ownsFakes);
        if (withDirectory)
        {
            await host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Directory(), default);
            await test.BindAsync();
        }

        return test;
    }

    /// <summary>Two grids; groups: two in g1, one in g2; households 3-2-501 (elderly60, living-alone), 3-2-502, 6-1-101 (elderly60, low-lying).</summary>
    public static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7, 8] },
        ],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60", "living-alone"] },
            new Household { Id = "3-2-502", Building = 3, Unit = 2, Room = "502" },
            new Household { Id = "6-1-101", Building = 6, Unit = 1, Room = "101", Tags = ["elderly60", "low-lying"] },
        ],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "w_g2", Name = "刘强", OpenId = "o_w_g2", Roles = [Role.GridWorker], Grids = ["g2"] },
            new Person { Id = "v1", Name = "刘洋", OpenId = "o_v1", Roles = [Role.Volunteer], Households = ["3-2-501"] },
            new Person { Id = "p_wuye", Name = "赵敏", OpenId = "o_wuye", Roles = [Role.Department], Department = "物业" },
        ],
        Groups =
        [
            new ChatGroup { Bridge = Bridge, Id = "R:1", Name = "3号楼住户群", Grid = "g1" },
            new ChatGroup { Bridge = Bridge, Id = "R:2", Name = "4号楼住户群", Grid = "g1" },
            new ChatGroup { Bridge = Bridge, Id = "R:3", Name = "6号楼住户群", Grid = "g2" },
        ],
    };

    /// <summary>Residents bound to households (openid → household), all of whom wrote within the last hour.</summary>
    public static readonly IReadOnlyDictionary<string, string> Residents = new Dictionary<string, string>
    {
        ["o_r_501a"] = "3-2-501",
        ["o_r_501b"] = "3-2-501",
        ["o_r_502"] = "3-2-502",
        ["o_r_101"] = "6-1-101",
    };

    public static PersonKey Resident(string openId) => PersonKey.OfficialAccount(Account, openId);

    public async Task BindAsync()
    {
        var store = Host.Services.GetRequiredService<IConversationStore>();
        foreach (var (openId, household) in Residents)
        {
            await store.SaveProfileAsync(Resident(openId), new PersonProfile { HouseholdId = household, BoundAt = Start, LastMessageAt = Start }, default);
        }
    }

    /// <summary>Posts a broadcast; returns the answer's JSON (it throws unless 201).</summary>
    public async Task<JsonObject> CreateAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/broadcasts", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string id) =>
        JsonNode.Parse(await Admin.GetStringAsync($"/api/admin/broadcasts/{id}"))!.AsObject();

    public async Task<JsonObject> PostAsync(string path, object? body = null)
    {
        var response = await Admin.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Runs the start and the hand-over of a due broadcast as its job would, here.</summary>
    public async Task<HandOverResult?> RunAsync(string id)
    {
        using var scope = Host.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<BroadcastRunner>();
        return await runner.StartDueAsync(id, default) is { } run ? await runner.HandOverAsync(run, default) : null;
    }

    public async Task<HandOverResult> HandOverAsync(RunId run)
    {
        using var scope = Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BroadcastRunner>().HandOverAsync(run, default);
    }

    public async Task SweepAsync()
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BroadcastSweep>().SweepAsync(default);
    }

    /// <summary>Waits until the run's figures have no message pending (the outbox sends on the real Hangfire server).</summary>
    public async Task<RunFigures> WaitUntilDoneAsync(RunId run, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await Store.FiguresAsync(run, default) is { HandedOver: true, Pending: 0 } figures)
            {
                return figures;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {run} still has messages pending: {await Store.FiguresAsync(run, default)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the host, and the fakes it started (a second worker sharing another's fakes leaves them).</summary>
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
        if (_ownsFakes)
        {
            await Api.DisposeAsync();
            await FakeBridge.DisposeAsync();
        }
    }
}

/// <summary>The jobs the service asked for, recorded instead of created: the test plays them.</summary>
public sealed class RecordedEffects : IBroadcastEffects
{
    public ConcurrentQueue<string> Due { get; } = new();

    public ConcurrentQueue<(RunId Run, TimeSpan After)> HandOvers { get; } = new();

    void IBroadcastEffects.Due(string id) => Due.Enqueue(id);

    public void HandOver(RunId run, TimeSpan after) => HandOvers.Enqueue((run, after));
}
