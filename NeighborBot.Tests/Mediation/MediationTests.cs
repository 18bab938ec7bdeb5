using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Jobs.Mediation;
using NeighborBot.Outbox;
using NeighborBot.Tests.Broadcasts;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Mediation;

/// <summary>
/// The mediation room end to end: the real host on Redis with its Hangfire server (the outbox sends there), WeChat's
/// API on loopback, residents and mediators talking through the real callback, and a clock that starts on Sunday
/// 29 November 2026, 10:00 China time. The reminders' sweep runs as Hangfire runs it.
/// </summary>
public sealed class MediationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Sunday 29 November 2026, 10:00 China time.</summary>
    private static readonly DateTimeOffset Sunday = new(2026, 11, 29, 10, 0, 0, China);

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, China);

    /// <summary>
    /// 潘翠兰 (m_noise) takes noise and pets on Tuesday mornings and Thursday afternoons; 余春生 (m_family) family
    /// matters only, on Tuesday at nine; 魏志强 is the 司法所.
    /// </summary>
    private static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] }],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501" },
            new Household { Id = "3-2-502", Building = 3, Unit = 2, Room = "502" },
        ],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "s1", Name = "王强", OpenId = "o_s1", Roles = [Role.Secretary] },
            new Person { Id = "p_sifa", Name = "魏志强", OpenId = "o_sifa", Roles = [Role.Department], Department = "司法所" },
            new Person
            {
                Id = "m_family", Name = "余春生", Title = "退休法官", OpenId = "o_m_family", Roles = [Role.Mediator],
                Specialties = ["family"], Hours = ["Tue 09:00-10:00"],
            },
            new Person
            {
                Id = "m_noise", Name = "潘翠兰", Title = "老邻居调解员", OpenId = "o_m_noise", Roles = [Role.Mediator],
                Specialties = ["noise", "pets"], Hours = ["Tue 09:00-11:00", "Thu 14:00-15:00"],
            },
        ],
    };

    private static async Task<BroadcastTestHost> StartAsync(Func<NeighborBotFactory, NeighborBotFactory>? configure = null)
    {
        var test = await BroadcastTestHost.StartAsync(
            clock: new FakeTimeProvider(Sunday),
            configure: h => (configure ?? (x => x))(h.With("Notifications:StaffAccount", BroadcastTestHost.Account).With("Mediation:Room", "社区多元调解室")),
            withDirectory: false);
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Directory(), default);
        return test;
    }

    private static Task<string?> SayAsync(BroadcastTestHost test, string openId, string text) =>
        new CallbackClient(test.Host.CreateClient(), test.Host.WeChat).SayAsync(openId, text);

    /// <summary>Moves the clock and runs the reminders' sweep as Hangfire runs it.</summary>
    private static async Task SweepAtAsync(BroadcastTestHost test, DateTimeOffset at)
    {
        test.Clock.SetUtcNow(at);
        using var scope = test.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<MediationJob>().RunAsync(default);
    }

    private static async Task<IReadOnlyList<string>> MessagesAsync(BroadcastTestHost test, string prefix) =>
        [.. (await test.Host.Services.GetRequiredService<ISendLog>().FindAsync(prefix, 1000, default)).Select(r => r.Message.Id)];

    private static async Task<string> TextOfAsync(BroadcastTestHost test, string id) =>
        (await test.Host.Services.GetRequiredService<ISendLog>().GetAsync(id, default))?.Message.Text ?? throw new InvalidOperationException($"No message {id}.");

    /// <summary>Waits until every message whose id starts with <paramref name="prefix"/> reached WeChat.</summary>
    private static async Task AllDeliveredAsync(BroadcastTestHost test, string prefix, string suffix = "")
    {
        var log = test.Host.Services.GetRequiredService<ISendLog>();
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = (await log.FindAsync(prefix, 1000, default)).Where(r => r.Message.Id.EndsWith(suffix, StringComparison.Ordinal)).ToList();
            if (records.Count > 0 && records.All(r => r.Status == MessageStatus.Delivered))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail("Not delivered: " + string.Join(" | ", records.Where(r => r.Status != MessageStatus.Delivered).Select(r => $"{r.Message.Id} {r.Status} {r.Reason}")));
            }

            await Task.Delay(100);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition never held.");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonArray> BookingsAsync(BroadcastTestHost test) =>
        (await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/mediations?from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z"))!;

    [Fact]
    public async Task A_noise_dispute_is_booked_with_the_noise_mediator_reminded_moved_and_closed_by_the_outcome_and_another_booking_cancelled()
    {
        await using var test = await StartAsync();

        // A noise dispute: the ticket is opened and mediation offered.
        var opened = await SayAsync(test, "o_r1", "3号楼2单元501，楼上602天天半夜跺脚，吵得睡不着，上去说了也不听");
        Assert.Contains("预约调解", opened, StringComparison.Ordinal);
        var ticket = (await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/tickets?category=dispute"))!.Single()!;
        var number = (string)ticket["number"]!;

        // Asked to mediate, the bot knows it is about noise and offers the noise mediator's next slots, never the family mediator's.
        var offer = await SayAsync(test, "o_r1", "预约调解");
        Assert.Contains("1. 12月1日（星期二）09:00-10:00 调解员潘翠兰（老邻居调解员）", offer, StringComparison.Ordinal);
        Assert.Contains("2. 12月1日（星期二）10:00-11:00 调解员潘翠兰", offer, StringComparison.Ordinal);
        Assert.Contains("3. 12月3日（星期四）14:00-15:00 调解员潘翠兰", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("余春生", offer, StringComparison.Ordinal);

        var booked = await SayAsync(test, "o_r1", "1");
        Assert.Contains("已为您预约调解（预约号 0001）", booked, StringComparison.Ordinal);
        Assert.Contains("时间：12月1日（星期二）09:00-10:00", booked, StringComparison.Ordinal);
        Assert.Contains("地点：社区多元调解室", booked, StringComparison.Ordinal);

        // Durable before the answer: the booking is in the store, tied to the ticket, counted as online.
        var booking = (await BookingsAsync(test)).Single()!;
        var id = (string)booking["id"]!;
        Assert.Equal("M0001", id);
        Assert.Equal("m_noise", (string)booking["mediator"]!);
        Assert.Equal(number, (string)booking["ticket"]!);
        Assert.True((bool)booking["online"]!);
        Assert.Equal(At(1, 9), (DateTimeOffset)booking["start"]!);

        // The mediator hears of it with the time, the room and the ticket's words.
        var toMediator = await TextOfAsync(test, $"med:{id}:booked:m_noise");
        Assert.Contains("12月1日（星期二）09:00-10:00，社区多元调解室", toMediator, StringComparison.Ordinal);
        Assert.Contains("半夜跺脚", toMediator, StringComparison.Ordinal);

        // The ticket's routing told the mediator who takes noise, not the family mediator.
        await WaitForAsync(async () => (await MessagesAsync(test, $"{number}:e1:")).Count > 0);
        Assert.Contains($"{number}:e1:m_noise", await MessagesAsync(test, $"{number}:"));
        Assert.DoesNotContain($"{number}:e1:m_family", await MessagesAsync(test, $"{number}:"));
        await AllDeliveredAsync(test, "med:");

        // The day-before reminder: not a minute early, then once however often the sweep runs.
        await SweepAtAsync(test, At(1, 9).AddDays(-1).AddMinutes(-1));
        Assert.DoesNotContain(await MessagesAsync(test, $"med:{id}:"), m => m.Contains(":day-", StringComparison.Ordinal));
        await SweepAtAsync(test, At(1, 9).AddDays(-1));
        await SweepAtAsync(test, At(1, 9).AddDays(-1).AddMinutes(1));
        string[] dayBefore = [$"med:{id}:day-202612010900:m_noise", $"med:{id}:day-202612010900:reporter"];
        Assert.Equal(dayBefore, (await MessagesAsync(test, $"med:{id}:day-")).Order(StringComparer.Ordinal));
        Assert.Contains("【调解提醒】明天（12月1日（星期二）09:00-10:00）在社区多元调解室调解", await TextOfAsync(test, dayBefore[1]), StringComparison.Ordinal);
        await AllDeliveredAsync(test, $"med:{id}:day-");

        // The resident moves it, at 09:30 on Monday, to ten o'clock on Tuesday; the mediator is told.
        test.Clock.SetUtcNow(At(1, 9, 30).AddDays(-1));
        var moveOffer = await SayAsync(test, "o_r1", "改约调解");
        Assert.Contains("1. 12月1日（星期二）10:00-11:00 调解员潘翠兰", moveOffer, StringComparison.Ordinal);
        Assert.Contains("已改约（预约号 0001）", await SayAsync(test, "o_r1", "1"), StringComparison.Ordinal);
        Assert.Contains("改到 12月1日（星期二）10:00-11:00", await TextOfAsync(test, $"med:{id}:moved-202612011000:m_noise"), StringComparison.Ordinal);

        // The reminders follow the new time: a day before it (set before that was due) and an hour before it.
        await SweepAtAsync(test, At(1, 10).AddDays(-1).AddMinutes(-1));
        Assert.Equal(dayBefore, (await MessagesAsync(test, $"med:{id}:day-")).Order(StringComparer.Ordinal));
        await SweepAtAsync(test, At(1, 10).AddDays(-1));
        Assert.Equal(4, (await MessagesAsync(test, $"med:{id}:day-")).Count);

        // Staff book the freed nine o'clock slot for another resident (by staff); the mediator cancels it in chat.
        var staff = await test.Admin.PostAsJsonAsync("/api/admin/mediations",
            new { specialty = "noise", resident = new { openid = "o_r2", name = "戴秀珍", phone = "13800000054" }, mediator = "m_noise", start = At(1, 9) });
        Assert.Equal(HttpStatusCode.Created, staff.StatusCode);
        var second = (await staff.Content.ReadFromJsonAsync<JsonObject>())!;
        var secondId = (string)second["id"]!;
        Assert.False((bool)second["online"]!);
        Assert.Contains("已为您预约调解", await TextOfAsync(test, $"med:{secondId}:booked:reporter"), StringComparison.Ordinal);
        Assert.Contains("戴秀珍 13800000054", await TextOfAsync(test, $"med:{secondId}:booked:m_noise"), StringComparison.Ordinal);

        // The slot is held now: a second staff booking of it is refused with the next free ones.
        var again = await test.Admin.PostAsJsonAsync("/api/admin/mediations", new { specialty = "noise", resident = new { name = "某居民" }, mediator = "m_noise", start = At(1, 9) });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Assert.Contains("已取消", await SayAsync(test, "o_m_noise", $"取消调解 {secondId[^4..]}"), StringComparison.Ordinal);
        Assert.Contains("已由调解员潘翠兰取消", await TextOfAsync(test, $"med:{secondId}:cancelled:reporter"), StringComparison.Ordinal);
        var slots = (await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/mediations/slots?mediator=m_noise"))!;
        Assert.Equal(At(1, 9), (DateTimeOffset)slots[0]!["start"]!);

        await SweepAtAsync(test, At(1, 8, 59));
        Assert.Empty(await MessagesAsync(test, $"med:{id}:hour-"));
        await SweepAtAsync(test, At(1, 9));
        await SweepAtAsync(test, At(1, 9, 30));
        Assert.Equal([$"med:{id}:hour-202612011000:m_noise", $"med:{id}:hour-202612011000:reporter"], (await MessagesAsync(test, $"med:{id}:hour-")).Order(StringComparer.Ordinal));
        Assert.Contains("一小时后", await TextOfAsync(test, $"med:{id}:hour-202612011000:reporter"), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(test, $"med:{secondId}:hour-"));

        // After the meeting the mediator records the outcome: the ticket is resolved and the resident asked to rate.
        test.Clock.SetUtcNow(At(1, 9, 50));
        Assert.Contains("开始后再登记", await SayAsync(test, "o_m_noise", "调解成功 0001 双方同意"), StringComparison.Ordinal);
        test.Clock.SetUtcNow(At(1, 11, 5));
        var recorded = await SayAsync(test, "o_m_noise", "调解成功 0001 双方同意晚上十点后不再跺脚");
        Assert.Contains($"工单 {number[^4..]} 已办结", recorded, StringComparison.Ordinal);
        var resolved = (await test.Admin.GetFromJsonAsync<JsonObject>($"/api/admin/tickets/{number}"))!;
        Assert.Equal("resolved", (string)resolved["status"]!);
        Assert.Contains("调解成功：双方同意晚上十点后不再跺脚", (string)resolved["events"]!.AsArray().Last()!["note"]!, StringComparison.Ordinal);
        var resolvedEvent = resolved["events"]!.AsArray().Count - 1;
        await WaitForAsync(async () => (await MessagesAsync(test, $"{number}:e{resolvedEvent}:reporter")).Count == 1);
        Assert.Contains("已办结：调解成功：双方同意晚上十点后不再跺脚", await TextOfAsync(test, $"{number}:e{resolvedEvent}:reporter"), StringComparison.Ordinal);
        Assert.Contains("请为这次服务评价", await TextOfAsync(test, $"{number}:e{resolvedEvent}:reporter"), StringComparison.Ordinal);
        await AllDeliveredAsync(test, $"{number}:", ":reporter");
        Assert.Contains("已经登记过结果", await SayAsync(test, "o_m_noise", "调解未成功 0001 又吵起来了"), StringComparison.Ordinal);

        // The figures: two booked (one online, one by staff), one held and successful, one cancelled.
        var figures = (await test.Admin.GetFromJsonAsync<JsonObject>("/api/admin/figures?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z"))!["mediation"]!;
        Assert.Equal(2, (int)figures["booked"]!);
        Assert.Equal(1, (int)figures["online"]!);
        Assert.Equal(1, (int)figures["byStaff"]!);
        Assert.Equal(0.5, (double)figures["onlineShare"]!);
        Assert.Equal(1, (int)figures["held"]!);
        Assert.Equal(1, (int)figures["successful"]!);
        Assert.Equal(1.0, (double)figures["successRate"]!);
        Assert.Equal(1, (int)figures["cancelled"]!);
        Assert.Equal("noise", (string)figures["bySpecialty"]![0]!["key"]!);
        Assert.Equal("潘翠兰", (string)figures["byMediator"]![0]!["name"]!);
        await AllDeliveredAsync(test, "med:");
    }

    [Fact]
    public async Task Two_residents_racing_for_the_last_slot_one_gets_it_and_the_other_is_offered_the_next()
    {
        // Three days ahead: Tuesday 09:00 and 10:00 are the noise mediator's only slots.
        await using var test = await StartAsync(h => h.With("Mediation:HorizonDays", "3"));
        foreach (var resident in new[] { "o_r1", "o_r2" })
        {
            var offer = await SayAsync(test, resident, "楼上装修太吵了，想找人调解一下");
            Assert.Contains("1. 12月1日（星期二）09:00-10:00 调解员潘翠兰", offer, StringComparison.Ordinal);
        }

        var answers = await Task.WhenAll(SayAsync(test, "o_r1", "1"), SayAsync(test, "o_r2", "1"));
        Assert.Single(answers, a => a!.Contains("已为您预约调解", StringComparison.Ordinal));
        var lost = Array.FindIndex(answers, a => !a!.Contains("已为您预约调解", StringComparison.Ordinal));
        Assert.StartsWith("抱歉，这个时间刚被别人约走了。还可以约这些时间", answers[lost], StringComparison.Ordinal);
        Assert.Contains("1. 12月1日（星期二）10:00-11:00 调解员潘翠兰", answers[lost], StringComparison.Ordinal);
        Assert.DoesNotContain("09:00-10:00", answers[lost], StringComparison.Ordinal);

        var loser = lost == 0 ? "o_r1" : "o_r2";
        Assert.Contains("时间：12月1日（星期二）10:00-11:00", await SayAsync(test, loser, "1"), StringComparison.Ordinal);
        var bookings = await BookingsAsync(test);
        Assert.Equal([At(1, 9), At(1, 10)], bookings.Select(b => (DateTimeOffset)b!["start"]!).Order());
        Assert.Equal(2, bookings.Select(b => (string)b!["id"]!).Distinct().Count());

        // Nothing is left: a third resident hears so, and is asked nothing.
        Assert.Contains("近3天没有空出的邻里噪音调解时间", await SayAsync(test, "o_r3", "预约调解，楼上太吵"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_who_does_not_say_what_the_dispute_is_about_is_asked_and_family_matters_go_to_the_family_mediator()
    {
        await using var test = await StartAsync();
        var asked = await SayAsync(test, "o_r1", "预约调解");
        Assert.Contains("请问是哪一类纠纷", asked, StringComparison.Ordinal);
        Assert.Contains("5. 家庭婚姻与继承", asked, StringComparison.Ordinal);
        var offer = await SayAsync(test, "o_r1", "5");
        Assert.Contains("1. 12月1日（星期二）09:00-10:00 调解员余春生（退休法官）", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("潘翠兰", offer, StringComparison.Ordinal);
        Assert.Contains("已为您预约调解", await SayAsync(test, "o_r1", "1"), StringComparison.Ordinal);

        // Only the family mediator hears of it; no grid worker does.
        Assert.Equal(["med:M0001:booked:m_family"], await MessagesAsync(test, "med:"));
        Assert.Contains("您的调解预约", await SayAsync(test, "o_r1", "我的调解"), StringComparison.Ordinal);
        Assert.Contains("调解结果只能由负责的调解员登记", await SayAsync(test, "o_r1", "调解成功 0001 好了"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mediation_that_did_not_settle_the_dispute_sends_the_ticket_to_the_justice_office_and_everyone_concerned_hears()
    {
        await using var test = await StartAsync();
        await SayAsync(test, "o_r1", "3号楼2单元501，楼下邻居的狗天天叫，吵得老人睡不着，说了好几次都不管");
        var number = (string)(await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/tickets?category=dispute"))!.Single()!["number"]!;
        await SayAsync(test, "o_r1", "想找人调解一下");
        Assert.Contains("已为您预约调解", await SayAsync(test, "o_r1", "1"), StringComparison.Ordinal);
        await WaitForAsync(async () => (string?)(await test.Admin.GetFromJsonAsync<JsonObject>($"/api/admin/tickets/{number}"))!["assignee"] == "w_g1");

        test.Clock.SetUtcNow(At(1, 10, 10));
        var recorded = await SayAsync(test, "o_m_noise", "调解未成功 0001 对方不同意送狗去训练");
        Assert.Contains($"工单 {number[^4..]} 已转交魏志强继续跟进", recorded, StringComparison.Ordinal);
        var ticket = (await test.Admin.GetFromJsonAsync<JsonObject>($"/api/admin/tickets/{number}"))!;
        Assert.Equal("p_sifa", (string)ticket["assignee"]!);
        Assert.Equal("assigned", (string)ticket["status"]!);

        // The resident hears the outcome; the 司法所 gets the assignment and the grid worker hears it was taken over.
        Assert.Contains("已转交魏志强继续跟进", await TextOfAsync(test, "med:M0001:outcome:reporter"), StringComparison.Ordinal);
        var assigned = ticket["events"]!.AsArray().Count - 1;
        await WaitForAsync(async () => (await MessagesAsync(test, $"{number}:e{assigned}:")).Count == 2);
        Assert.Equal([$"{number}:e{assigned}:p_sifa", $"{number}:e{assigned}:w_g1"], (await MessagesAsync(test, $"{number}:e{assigned}:")).Order(StringComparer.Ordinal));
        var booking = (await BookingsAsync(test)).Single()!;
        Assert.Equal("failed", (string)booking["status"]!);
    }
}
