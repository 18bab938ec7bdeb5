using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Jobs.Care;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Broadcasts;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Care;

/// <summary>
/// Festival care end to end: the real host on Redis with its Hangfire server (the outbox sends there),
/// WeChat's API on loopback, and a clock set to days of 2027 and 2028. The day's job runs as Hangfire
/// would run it; volunteers confirm visits through the real callback.
/// </summary>
public sealed class FestivalCareTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Residents bound to households: openid → household (and whether they wrote 退订).</summary>
    private static readonly (string OpenId, string Household, bool OptedOut)[] Residents =
    [
        ("o_r_501", "3-2-501", false),
        ("o_r_501b", "3-2-501", true),
        ("o_r_502", "3-2-502", false),
        ("o_r_101", "6-1-101", false),
    ];

    /// <summary>
    /// Two grids. 3-2-501 (elderly, living alone) and 3-2-502 are paired with 刘洋 (v1), 6-1-101 (elderly80) with
    /// 陈静 (v2); 6-1-102 is nobody's; 杨帆 (v3) is a volunteer without households.
    /// </summary>
    private static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7, 8] },
        ],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60", "living-alone"], Contact = "王秀英", Phone = "13900000001", Note = "耳背，敲门要用力" },
            new Household { Id = "3-2-502", Building = 3, Unit = 2, Room = "502" },
            new Household { Id = "6-1-101", Building = 6, Unit = 1, Room = "101", Tags = ["elderly80"], Contact = "李桂兰" },
            new Household { Id = "6-1-102", Building = 6, Unit = 1, Room = "102" },
        ],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "w_g2", Name = "刘强", OpenId = "o_w_g2", Roles = [Role.GridWorker], Grids = ["g2"] },
            new Person { Id = "v1", Name = "刘洋", Phone = "13800000005", OpenId = "o_v1", Identities = ["grp:wechaty:wxid_v1"], Roles = [Role.Volunteer], Households = ["3-2-501", "3-2-502"] },
            new Person { Id = "v2", Name = "陈静", OpenId = "o_v2", Roles = [Role.Volunteer], Households = ["6-1-101"] },
            new Person { Id = "v3", Name = "杨帆", OpenId = "o_v3", Roles = [Role.Volunteer] },
            new Person { Id = "p_wuye", Name = "赵敏", OpenId = "o_wuye", Roles = [Role.Department], Department = "物业" },
        ],
        Groups = [new ChatGroup { Bridge = BroadcastTestHost.Bridge, Id = "R:1", Name = "3号楼住户群", Grid = "g1" }],
    };

    private static DateOnly Day(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>08:00 China time, when the daily job runs.</summary>
    private static DateTimeOffset Morning(DateOnly day) => new(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8));

    private static async Task<BroadcastTestHost> StartAsync(
        DateOnly day, Func<NeighborBotFactory, NeighborBotFactory>? configure = null, BroadcastTestHost? sharing = null)
    {
        var test = await BroadcastTestHost.StartAsync(
            clock: sharing?.Clock ?? new FakeTimeProvider(Morning(day)), api: sharing?.Api, bridge: sharing?.FakeBridge, keyPrefix: sharing?.Host.KeyPrefix,
            configure: h => (configure ?? (x => x))(h.With("Notifications:StaffAccount", BroadcastTestHost.Account)), withDirectory: false);
        if (sharing is null)
        {
            await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Directory(), default);
            var store = test.Host.Services.GetRequiredService<IConversationStore>();
            foreach (var (openId, household, optedOut) in Residents)
            {
                await store.SaveProfileAsync(BroadcastTestHost.Resident(openId), new PersonProfile { HouseholdId = household, BoundAt = test.Clock.GetUtcNow(), BroadcastsOff = optedOut }, default);
            }
        }

        return test;
    }

    /// <summary>Moves the clock to 08:00 of <paramref name="day"/> and runs the day's job as Hangfire runs it.</summary>
    private static async Task RunDayAsync(BroadcastTestHost test, DateOnly day)
    {
        if (Morning(day) > test.Clock.GetUtcNow())
        {
            test.Clock.SetUtcNow(Morning(day));
        }

        using var scope = test.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CareJob>().RunAsync(default);
    }

    /// <summary>The ids of every festival-care message the outbox holds (each is sent once).</summary>
    private static async Task<IReadOnlyList<string>> CareMessagesAsync(BroadcastTestHost test) =>
        [.. (await test.Host.Services.GetRequiredService<ISendLog>().FindAsync("care:", 1000, default)).Select(r => r.Message.Id)];

    private static async Task<string> TextOfAsync(BroadcastTestHost test, string id) =>
        (await test.Host.Services.GetRequiredService<ISendLog>().GetAsync(id, default))!.Message.Text;

    /// <summary>Waits until WeChat's API had exactly <paramref name="count"/> deliveries, and a little longer for any extra.</summary>
    private static async Task<IReadOnlyList<string>> DeliveredToAsync(BroadcastTestHost test, int count)
    {
        try
        {
            await test.Api.WaitForDeliveriesAsync(count, Patience);
        }
        catch (TimeoutException)
        {
            var log = await test.Host.Services.GetRequiredService<ISendLog>().FindAsync("care:", 1000, default);
            Assert.Fail("Not delivered: " + string.Join(" | ", log.Where(r => r.Status != MessageStatus.Delivered).Select(r => $"{r.Message.Id} {r.Message.To} {r.Status} {r.Reason}")));
        }

        await Task.Delay(300);
        return [.. test.Api.Deliveries.Select(d => d.OpenId).Order(StringComparer.Ordinal)];
    }

    private static Task<string?> SayAsync(BroadcastTestHost test, string openId, string text) =>
        new CallbackClient(test.Host.CreateClient(), test.Host.WeChat).SayAsync(openId, text);

    [Theory]
    [InlineData("春节", "2027-02-06")]
    [InlineData("中秋", "2027-09-15")]
    [InlineData("春节", "2028-01-26")]
    [InlineData("中秋", "2028-10-03")]
    public async Task Volunteers_are_reminded_of_their_households_three_days_before_the_festival_and_on_no_other_day(string name, string date)
    {
        var festival = Day(date);
        await using var test = await StartAsync(festival.AddDays(-6));
        var listed = await test.Admin.GetFromJsonAsync<JsonArray>($"/api/admin/festivals?year={festival.Year}");
        Assert.Contains(listed!, f => (string)f!["name"]! == name && (string)f["date"]! == date);

        for (var before = 6; before >= 4; before--)
        {
            await RunDayAsync(test, festival.AddDays(-before));
            Assert.Empty(await CareMessagesAsync(test));
        }

        await RunDayAsync(test, festival.AddDays(-3));
        string[] reminders = [$"care:{festival.Year}-{name}:remind:v1", $"care:{festival.Year}-{name}:remind:v2"];
        Assert.Equal(reminders, await CareMessagesAsync(test));

        await RunDayAsync(test, festival.AddDays(-2));
        await RunDayAsync(test, festival.AddDays(-1));
        Assert.Equal(reminders, await CareMessagesAsync(test));
        Assert.Equal(["o_v1", "o_v2"], await DeliveredToAsync(test, 2));

        var reminder = await TextOfAsync(test, reminders[0]);
        Assert.Contains($"{(name == "春节" ? "春节" : name + "节")}{festival.Month}月{festival.Day}日", reminder, StringComparison.Ordinal);
        Assert.Contains("还有3天", reminder, StringComparison.Ordinal);
        Assert.Contains("王秀英 3号楼2单元501 电话13900000001（耳背，敲门要用力）", reminder, StringComparison.Ordinal);
        Assert.Contains("3号楼2单元502", reminder, StringComparison.Ordinal);
        Assert.DoesNotContain("6号楼", reminder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_day_bound_residents_of_elderly_households_are_greeted_once_however_often_the_job_runs()
    {
        var festival = Day("2027-09-15");
        await using var test = await StartAsync(festival);

        // Twice at once, then again: each message has its id, and the outbox sends an id once.
        await Task.WhenAll(RunDayAsync(test, festival), RunDayAsync(test, festival));
        await RunDayAsync(test, festival);

        // The volunteers were not reminded before (the service was off): the day itself makes it up.
        Assert.Equal(
            ["care:2027-中秋:greet:mp:test:o_r_101", "care:2027-中秋:greet:mp:test:o_r_501", "care:2027-中秋:remind:v1", "care:2027-中秋:remind:v2"],
            await CareMessagesAsync(test));
        Assert.Equal(["o_r_101", "o_r_501", "o_v1", "o_v2"], await DeliveredToAsync(test, 4));
        var greeting = await TextOfAsync(test, "care:2027-中秋:greet:mp:test:o_r_501");
        Assert.StartsWith("【中秋节问候】\n中秋节到了，高阳社区祝您节日安康", greeting, StringComparison.Ordinal);
        Assert.Contains("退订", greeting, StringComparison.Ordinal);

        // The recurring job Hangfire runs every morning is the same job: triggered now it finds nothing left to send.
        var runs = test.Host.Logs.Count(l => l.EventId.Id == 9201);
        await WaitForAsync(() => Storage(test).GetConnection().GetRecurringJobs().Any(j => j.Id == CareJob.Id));
        test.Host.Services.GetRequiredService<IRecurringJobManager>().Trigger(CareJob.Id);
        await WaitForAsync(() => test.Host.Logs.Count(l => l.EventId.Id == 9201) > runs);
        Assert.Equal(4, (await CareMessagesAsync(test)).Count);
        Assert.Equal(4, (await DeliveredToAsync(test, 4)).Count);
    }

    [Fact]
    public async Task A_run_killed_half_way_is_finished_by_the_next_process_and_nobody_gets_a_message_twice()
    {
        var festival = Day("2028-01-26");
        var dying = new KilledOutbox(afterQueued: 2);
        var first = await StartAsync(festival, configure: h => h.WithServices(s =>
            s.Replace(ServiceDescriptor.Singleton<IOutbox>(sp => dying.Wrap(ActivatorUtilities.CreateInstance<Jobs.Outbox.HangfireOutbox>(sp))))));
        var second = await StartAsync(festival, sharing: first);
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => RunDayAsync(first, festival));
            Assert.Equal(2, (await CareMessagesAsync(second)).Count);

            await RunDayAsync(second, festival);
            await RunDayAsync(second, festival);

            Assert.Equal(4, (await CareMessagesAsync(second)).Count);
            Assert.Equal(["o_r_101", "o_r_501", "o_v1", "o_v2"], await DeliveredToAsync(second, 4));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Visits_confirmed_in_chat_are_recorded_with_their_hours_and_those_not_visited_go_to_the_grid_worker_the_day_after()
    {
        var festival = Day("2028-10-03");
        await using var test = await StartAsync(festival.AddDays(-3));
        await RunDayAsync(test, festival.AddDays(-3));
        test.Clock.SetUtcNow(Morning(festival.AddDays(-1)).AddHours(2));

        var first = await SayAsync(test, "o_v1", "已走访 3-2-501 1.5小时 老人身体不错");
        var noTime = await SayAsync(test, "o_v1", "已走访3-2-502");
        var corrected = await SayAsync(test, "o_v1", "已走访 3-2-502 90分钟");
        var unpaired = await SayAsync(test, "o_v2", "已走访 6-1-102 半小时 顺路看看，没人开门");
        var resident = await SayAsync(test, "o_r_502", "已走访 3-2-501 1小时");
        var unknown = await SayAsync(test, "o_v1", "已走访 9-9-909 1小时");
        var mine = await SayAsync(test, "o_v1", "我的走访");

        Assert.Equal("已记录走访：3号楼2单元501，1.5小时（中秋节走访）。谢谢您！", first);
        Assert.Contains("还没有时长：回复“已走访 3-2-502 1.5小时”补上", noTime, StringComparison.Ordinal);
        Assert.Equal("已记录走访：3号楼2单元502，1.5小时（中秋节走访），已更新您今天对这一户的记录。", corrected);
        Assert.Contains("不在您的结对名单里", unpaired, StringComparison.Ordinal);
        Assert.DoesNotContain("已记录走访", resident, StringComparison.Ordinal);
        Assert.StartsWith("没有找到住户“9-9-909”", unknown, StringComparison.Ordinal);
        Assert.Contains("✓ 王秀英 3号楼2单元501", mine, StringComparison.Ordinal);
        Assert.Contains("今年您已登记走访 2 次，共 3 小时", mine, StringComparison.Ordinal);

        // A note that sounds like trouble reaches the household's grid worker.
        Assert.Contains("没人开门", await TextOfAsync(test, "care:visit:v2:6-1-102:20281002:concern:w_g2"), StringComparison.Ordinal);

        // The day after, only 6-1-101 (paired with 陈静, who visited another household) waits; its grid worker hears, once.
        await RunDayAsync(test, festival.AddDays(1));
        await RunDayAsync(test, festival.AddDays(1));
        await RunDayAsync(test, festival.AddDays(2));
        var lists = (await CareMessagesAsync(test)).Where(id => id.Contains(":unvisited:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["care:2028-中秋:unvisited:w_g2"], lists);
        var list = await TextOfAsync(test, lists[0]);
        Assert.Contains("以下 1 户还没有登记", list, StringComparison.Ordinal);
        Assert.Contains("李桂兰 6号楼1单元101；结对志愿者：陈静", list, StringComparison.Ordinal);
        Assert.Equal(["o_v1", "o_v2", "o_w_g2", "o_w_g2"], await DeliveredToAsync(test, 4));

        var figures = await test.Admin.GetFromJsonAsync<JsonObject>("/api/admin/festivals/visits?year=2028&name=中秋");
        Assert.Equal((3, 2, 3, 3.5m), ((int)figures!["households"]!, (int)figures["visited"]!, (int)figures["visits"]!, (decimal)figures["hours"]!));
        Assert.Equal("2028-09-30", (string)figures["from"]!);
        var g2 = figures["grids"]!.AsArray().Single(g => (string)g!["grid"]! == "g2")!;
        Assert.Equal(["6-1-101"], g2["notVisited"]!.AsArray().Select(h => (string)h!));
        Assert.Equal(["v2"], figures["notVisited"]![0]!["volunteers"]!.AsArray().Select(v => (string)v!));

        var csv = await test.Admin.GetAsync("/api/admin/volunteers/hours?from=2028-01-01&to=2028-12-31");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal("id,name,month,visits,hours\r\nv1,刘洋,2028-10,2,3\r\nv2,陈静,2028-10,1,0.5\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task In_a_group_a_visit_is_not_recorded_and_the_volunteer_is_asked_to_write_one_to_one()
    {
        await using var test = await StartAsync(Day("2027-09-14"));
        var bridge = new SimulatedBridge(BroadcastTestHost.Bridge, BroadcastTestHost.BridgeSecret, test.Clock);

        var answer = await bridge.PostAsync(test.Host.CreateClient(), bridge.Message("R:1", "3号楼住户群", "wxid_v1", "刘洋", "@社区小助手 已走访 3-2-501 1小时 老人身体不错", mentioned: true));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("走访登记和走访名单请在公众号里私信发送，不要发在群里。", answer.Answer!.Reply);
        var store = test.Host.Services.GetRequiredService<NeighborBot.Care.ICareStore>();
        Assert.Empty(await store.OfFestivalAsync("2027-中秋", default));
    }

    [Fact]
    public async Task Admin_routes_answer_bad_input_with_a_clear_400()
    {
        await using var test = await StartAsync(Day("2027-03-01"));

        var thisYear = await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/festivals");
        var names = thisYear!.Select(f => $"{f!["name"]} {f["date"]}");
        Assert.Equal(["春节 2027-02-06", "元宵 2027-02-20", "端午 2027-06-09", "中秋 2027-09-15", "重阳 2027-10-08"], names);

        foreach (var (path, words) in new[]
        {
            ("/api/admin/festivals?year=abc", "year is a number from 1901 to 2100"),
            ("/api/admin/festivals?year=2101", "year is a number from 1901 to 2100"),
            ("/api/admin/festivals/visits?year=2027", "name is the festival"),
            ("/api/admin/volunteers/hours?from=2027-13-01", "from and to are days written yyyy-MM-dd"),
            ("/api/admin/volunteers/hours?from=2027-12-31&to=2027-01-01", "to must not be before from"),
        })
        {
            var response = await test.Admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var qixi = await test.Admin.GetAsync("/api/admin/festivals/visits?year=2027&name=七夕");
        Assert.Equal(HttpStatusCode.NotFound, qixi.StatusCode);

        var reminded = await test.Admin.PostAsJsonAsync("/api/admin/festivals/remind", new { year = 2027, name = "端午" });
        Assert.Equal(2, (int)(await reminded.Content.ReadFromJsonAsync<JsonObject>())!["volunteers"]!);
        Assert.Equal(["care:2027-端午:remind:v1", "care:2027-端午:remind:v2"], await CareMessagesAsync(test));

        // Without a name: the festival visited now or the next, 端午 again, whose reminders are already out.
        var next = await (await test.Admin.PostAsJsonAsync("/api/admin/festivals/remind", new { })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(("端午", "2027-06-09"), ((string)next!["name"]!, (string)next["date"]!));
        Assert.Equal(2, (await CareMessagesAsync(test)).Count);
        Assert.Equal(["o_v1", "o_v2"], await DeliveredToAsync(test, 2));
    }

    private static JobStorage Storage(BroadcastTestHost test) => test.Host.Services.GetRequiredService<JobStorage>();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting.");
            await Task.Delay(50);
        }
    }

    /// <summary>An outbox whose process dies (throws) right after it queued its <paramref name="afterQueued"/>-th festival message.</summary>
    private sealed class KilledOutbox(int afterQueued)
    {
        private readonly int _afterQueued = afterQueued;
        private int _queued;

        public IOutbox Wrap(IOutbox inner) => new Wrapper(this, inner);

        private sealed class Wrapper(KilledOutbox killed, IOutbox inner) : IOutbox
        {
            public async Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
            {
                await inner.QueueAsync(message, cancellationToken);
                if (message.Id.StartsWith("care:", StringComparison.Ordinal) && Interlocked.Increment(ref killed._queued) == killed._afterQueued)
                {
                    throw new InvalidOperationException("The process was killed.");
                }
            }

            public Task<ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken) => inner.ResendAsync(id, reason, cancellationToken);
        }
    }
}
