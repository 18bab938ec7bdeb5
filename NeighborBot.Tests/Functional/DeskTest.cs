using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Directory;
using NeighborBot.Jobs.Tickets;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// The real host on real Redis with the real Hangfire server, a fake WeChat API on loopback, a clock
/// the test moves for the deadlines, and a community of residents and staff who talk to it.
/// </summary>
public abstract class DeskTest : IAsyncLifetime
{
    protected const string Resident = "o_res_loop";
    protected const string Worker = "o_worker_g1";
    protected const string Leader = "o_leader_g1";
    protected const string Secretary = "o_secretary";
    protected const string Wuye = "o_wuye_1";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The community's configured answer to "物业电话多少" (Conversations:Answers).</summary>
    protected const string PropertyPhoneAnswer = "物业服务中心电话：0371-6000-0001。";

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    protected FakeWeChatApi WeChatApi { get; private set; } = null!;
    protected NeighborBotFactory Host { get; private set; } = null!;
    protected CallbackClient Callback { get; private set; } = null!;

    public static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7, 8] },
        ],
        Households = [new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60"] }],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", Phone = "13800000001", OpenId = Worker, Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "l_g1", Name = "李娜", Phone = "13800000002", OpenId = Leader, Roles = [Role.GridLeader], Grids = ["g1"] },
            new Person { Id = "s1", Name = "王强", Phone = "13800000003", OpenId = Secretary, Roles = [Role.Secretary] },
            new Person { Id = "p_wuye", Name = "赵敏", Phone = "13800000004", OpenId = Wuye, Roles = [Role.Department], Department = "物业" },
            new Person { Id = "r1", Name = "陈阿姨", Phone = "13800000009", OpenId = Resident, Roles = [Role.Resident] },
        ],
    };

    /// <summary>The directory the test runs on.</summary>
    protected virtual DirectoryDocument TheDirectory() => Directory();

    /// <summary>The second grid's worker (陈静, w_g2) and a volunteer paired with 3-2-501 (刘洋, v1).</summary>
    protected const string SecondWorker = "o_worker_g2";

    /// <inheritdoc cref="SecondWorker"/>
    protected const string Volunteer = "o_volunteer";

    /// <summary><see cref="Directory"/> with <see cref="SecondWorker"/>, <see cref="Volunteer"/> and public spots of the second grid.</summary>
    protected static DirectoryDocument WithSecondGridStaff(params string[] spotsOfTheSecondGrid)
    {
        var directory = Directory();
        return directory with
        {
            People =
            [
                .. directory.People,
                new Person { Id = "w_g2", Name = "陈静", Phone = "13800000011", OpenId = SecondWorker, Roles = [Role.GridWorker], Grids = ["g2"] },
                new Person { Id = "v1", Name = "刘洋", Phone = "13800000012", OpenId = Volunteer, Roles = [Role.Volunteer], Households = ["3-2-501"] },
            ],
            Places = [.. spotsOfTheSecondGrid.Select(name => new PublicPlace { Name = name, Grid = "g2" })],
        };
    }

    public async Task InitializeAsync()
    {
        WeChatApi = await FakeWeChatApi.StartAsync(time: Clock);
        Host = new NeighborBotFactory()
            .With("WeChat:ApiBaseUrl", WeChatApi.BaseUrl)
            .With("WeChat:MaxClockSkew", "00:00:00")
            .With("Conversations:Answers:0:Words:0", "物业电话")
            .With("Conversations:Answers:0:Answer", PropertyPhoneAnswer)
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        foreach (var kind in new[] { "assignment", "progress", "rating", "escalation", "reminder" })
        {
            Host.With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Id", "tpl_" + kind)
                .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Fields:character_string1", "{number}")
                .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:{kind}:Fields:thing2", "{status}");
        }

        Callback = new CallbackClient(Host.CreateClient(), Host.WeChat);
        await Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(TheDirectory(), default);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await WeChatApi.DisposeAsync();
    }

    protected Task<string?> Say(string openId, string text) => Callback.SayAsync(openId, text, DeliveryMode.Safe);

    /// <summary>A resident of this test alone (a new openid).</summary>
    protected static string NewResident() => "o_res_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A new resident bound to the household by scanning its QR code.</summary>
    protected async Task<string> Bound(string household)
    {
        var openId = NewResident();
        await Callback.SendAsync(CallbackMessages.Subscribe(openId, CallbackClient.Now, "hh:" + household), DeliveryMode.Safe);
        return openId;
    }

    protected Task<Ticket?> Ticket(string number) => Host.Services.GetRequiredService<ITicketStore>().GetAsync(number, default);

    protected async Task<Ticket> Opened(string openId, string text)
    {
        await Say(openId, text);
        return Assert.Single(await ReportedBy(openId, 1));
    }

    /// <summary>The tickets a person reported on the Official Account, newest first.</summary>
    protected Task<IReadOnlyList<Ticket>> ReportedBy(string openId, int limit = 20) =>
        Host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync($"mp:{NeighborBotFactory.Account}:{openId}", limit, default);

    protected async Task<Ticket> Until(string number, Func<Ticket, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await Ticket(number) is { } ticket && condition(ticket))
            {
                return ticket;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Ticket {number} did not reach the expected state in time: {JsonSerializer.Serialize(await Ticket(number))}\n{Problems()}");
        return null!;
    }

    protected async Task<FakeDelivery> DeliveredTo(string openId, Func<FakeDelivery, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (WeChatApi.Deliveries.FirstOrDefault(d => d.OpenId == openId && match(d)) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Nothing matching was delivered to {openId}. Delivered: {string.Join(" | ", WeChatApi.Deliveries.Select(d => $"{d.OpenId}:{d.Channel}:{d.Text ?? string.Join(",", d.Data.Values)}"))}\n{Problems()}");
        return null!;
    }

    /// <summary>The host's warnings and errors, to tell why a background step did not happen.</summary>
    protected string Problems() => string.Join("\n", Host.Logs
        .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
        .Select(l => $"{l.Level} {l.Category}: {l.Message} {l.Exception?.GetType().Name} {l.Exception?.Message}"));

    protected static bool Mentions(FakeDelivery d, string text) =>
        (d.Text?.Contains(text, StringComparison.Ordinal) ?? false) || d.Data.Values.Any(v => v.Contains(text, StringComparison.Ordinal));

    /// <summary>Runs the minutely sweep now, through its job, as the server does: due timers, untold changes, unsent messages.</summary>
    protected async Task Sweep()
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<NeighborBot.Jobs.Tickets.SweepJob>().RunAsync(default);
    }
}
