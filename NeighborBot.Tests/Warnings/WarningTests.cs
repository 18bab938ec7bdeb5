using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Bridges;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Broadcasts;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.Warnings;

namespace NeighborBot.Tests.Warnings;

/// <summary>
/// Flood warnings end to end: the real host on Redis with its Hangfire server, a fake CAP feed, fake WeChat
/// and a fake group bridge on loopback, and a clock the test moves. The whole life of an alert (new →
/// transfers → confirmations in chat → escalation → update → cancel), each message once; feeds that fail;
/// a warning by hand; a sensor's alarm; announcements a dead process left unmade.
/// </summary>
public sealed class WarningTests
{
    private const string SensorSecret = "sensor-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Two grids; four vulnerable households (one with nobody paired), one that is not.</summary>
    private static DirectoryDocument Community() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7, 8] },
        ],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly80", "living-alone"], Contact = "王秀英", Phone = "13900000501", Note = "耳背，敲门要用力" },
            new Household { Id = "3-2-502", Building = 3, Unit = 2, Room = "502" },
            new Household { Id = "6-1-101", Building = 6, Unit = 1, Room = "101", Tags = ["low-lying"], Contact = "李桂兰", Phone = "13900000101" },
            new Household { Id = "6-1-102", Building = 6, Unit = 1, Room = "102", Tags = ["low-lying", "disabled"], Contact = "赵大爷" },
        ],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "w_g2", Name = "刘强", OpenId = "o_w_g2", Roles = [Role.GridWorker], Grids = ["g2"] },
            new Person { Id = "l_g2", Name = "李娜", OpenId = "o_l_g2", Roles = [Role.GridLeader], Grids = ["g2"] },
            new Person { Id = "s1", Name = "王强", OpenId = "o_s1", Roles = [Role.Secretary] },
            new Person { Id = "v1", Name = "刘洋", OpenId = "o_v1", Roles = [Role.Volunteer], Households = ["3-2-501"] },
            new Person { Id = "v2", Name = "陈静", OpenId = "o_v2", Roles = [Role.Volunteer], Households = ["6-1-101"] },
            new Person { Id = "p_fire", Name = "消防站", OpenId = "o_fire", Roles = [Role.Department], Department = "消防" },
        ],
        Groups =
        [
            new ChatGroup { Bridge = BroadcastTestHost.Bridge, Id = "R:1", Name = "3号楼住户群", Grid = "g1" },
            new ChatGroup { Bridge = BroadcastTestHost.Bridge, Id = "R:3", Name = "6号楼住户群", Grid = "g2" },
        ],
    };

    private static async Task<(BroadcastTestHost Test, FakeFeed Feed, FakeFeed Spare)> StartAsync()
    {
        var feed = await FakeFeed.StartAsync();
        var spare = await FakeFeed.StartAsync();
        var test = await BroadcastTestHost.StartAsync(withDirectory: false, configure: h => h
            .With("Warnings:Feeds:0:Name", "zz-qxt")
            .With("Warnings:Feeds:0:Url", feed.Url)
            .With("Warnings:Feeds:1:Name", "spare")
            .With("Warnings:Feeds:1:Url", spare.Url)
            .With("Warnings:AreaCodes:0", "410105")
            .With("Warnings:FeedRetries", "1")
            .With("Warnings:FeedRetryDelay", "00:00:00.010")
            .With("Warnings:Shelter", "社区服务中心二楼")
            .With("Warnings:DutyPhone", "0371-12345678")
            .With("Sensors:Secret", SensorSecret)
            .With("Notifications:StaffAccount", BroadcastTestHost.Account));
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Community(), default);
        var conversations = test.Host.Services.GetRequiredService<IConversationStore>();
        foreach (var (openId, household) in new[] { ("o_r_501", "3-2-501"), ("o_r_502", "3-2-502"), ("o_r_101", "6-1-101") })
        {
            await conversations.SaveProfileAsync(BroadcastTestHost.Resident(openId), new PersonProfile { HouseholdId = household, BoundAt = BroadcastTestHost.Start, LastMessageAt = BroadcastTestHost.Start }, default);
        }

        // Staff wrote to the account today: they get customer-service messages with the whole text (a template carries the title only).
        foreach (var person in Community().People)
        {
            await conversations.SaveProfileAsync(BroadcastTestHost.Resident(person.OpenId!), new PersonProfile { LastMessageAt = BroadcastTestHost.Start }, default);
        }

        return (test, feed, spare);
    }

    private static async Task<JsonObject> PollAsync(BroadcastTestHost test) => await test.PostAsync("/api/admin/warnings/poll");

    private static JsonObject Feed(JsonObject poll, string name) =>
        poll["feeds"]!.AsArray().Select(f => f!.AsObject()).Single(f => (string?)f["feed"] == name);

    private static async Task<JsonObject> WarningAsync(BroadcastTestHost test, string id) =>
        JsonNode.Parse(await test.Admin.GetStringAsync($"/api/admin/warnings/{id}"))!.AsObject();

    private static string StateOf(JsonObject warning, string household) =>
        (string)warning["households"]!.AsArray().Single(h => (string?)h!["id"] == household)!["state"]!;

    private static async Task SweepAsync(BroadcastTestHost test) =>
        await test.Host.Services.GetRequiredService<WarningDesk>().SweepAsync(default);

    private static List<string> TextsTo(BroadcastTestHost test, string openId) =>
        [.. test.Api.Deliveries.Where(d => d.OpenId == openId).Select(d => d.Text ?? string.Empty)];

    /// <summary>Waits until the deliveries stop growing for a moment (the outbox sends on the Hangfire server).</summary>
    private static async Task SettleAsync(BroadcastTestHost test, int atLeast)
    {
        try
        {
            await test.Api.WaitForDeliveriesAsync(atLeast, Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{test.Api.Deliveries.Count} of {atLeast} deliveries: {string.Join(", ", test.Api.Deliveries.Select(d => d.OpenId))}; posts {test.FakeBridge.Posts.Count}; "
                + await test.Admin.GetStringAsync("/api/admin/messages?status=failed"));
        }

        var count = -1;
        while (count != test.Api.Deliveries.Count + test.FakeBridge.Posts.Count)
        {
            count = test.Api.Deliveries.Count + test.FakeBridge.Posts.Count;
            await Task.Delay(700);
        }
    }

    [Fact]
    public async Task An_alert_is_announced_once_its_households_are_moved_or_escalated_and_its_cancel_ends_it()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;
        var chat = new CallbackClient(test.Host.CreateClient(), test.Host.WeChat);

        // 08:05 an orange rainstorm alert for the district (the other alerts of the feed are not for the community).
        feed.Serve("new-orange.xml", "others.xml");
        var poll = Feed(await PollAsync(test), "zz-qxt");
        Assert.Equal((true, 5, 1, 1), ((bool)poll["ok"]!, (int)poll["alerts"]!, (int)poll["new"]!, (int)poll["skipped"]!));
        var listed = JsonNode.Parse(await test.Admin.GetStringAsync("/api/admin/warnings"))!.AsArray();
        var id = (string)Assert.Single(listed)!["id"]!;

        // Everyone it must reach hears it once: both groups, the six staff and volunteers, the low-lying resident;
        // the volunteers get their households, the grid worker of g2 the one nobody is paired with.
        await SettleAsync(test, 7 + 3);
        await test.FakeBridge.WaitForPostsAsync(2, Patience);
        Assert.Equal(["R:1", "R:3"], test.FakeBridge.Posts.Select(p => p.Group).Order());
        Assert.All(test.FakeBridge.Posts, p => Assert.Contains("暴雨橙色预警", p.Text, StringComparison.Ordinal));
        Assert.Contains(test.FakeBridge.Posts, p => p.Text.Contains("避险安置点：社区服务中心二楼", StringComparison.Ordinal) && p.Text.Contains("0371-12345678", StringComparison.Ordinal));
        Assert.Equal(
            ["o_l_g2", "o_r_101", "o_s1", "o_v1", "o_v1", "o_v2", "o_v2", "o_w_g1", "o_w_g2", "o_w_g2"],
            test.Api.Deliveries.Select(d => d.OpenId).Order(StringComparer.Ordinal));
        Assert.Empty(TextsTo(test, "o_r_501").Concat(TextsTo(test, "o_r_502")));
        var v1List = Assert.Single(TextsTo(test, "o_v1"), t => t.Contains("请马上联系", StringComparison.Ordinal));
        Assert.Contains("3号楼2单元501 王秀英 13900000501（耳背，敲门要用力）", v1List, StringComparison.Ordinal);
        Assert.DoesNotContain("6号楼", v1List, StringComparison.Ordinal);
        Assert.Contains("6号楼1单元102 赵大爷", Assert.Single(TextsTo(test, "o_w_g2"), t => t.Contains("请马上联系", StringComparison.Ordinal)), StringComparison.Ordinal);

        var warning = await WarningAsync(test, id);
        Assert.Equal(("active", "Severe", "橙色"), ((string)warning["status"]!, (string)warning["severity"]!, (string)warning["colour"]!));
        Assert.Equal(["3-2-501", "6-1-101", "6-1-102"], warning["households"]!.AsArray().Select(h => (string)h!["id"]!));
        Assert.Equal(3, (int)warning["counts"]!["pending"]!);

        // The next poll finds nothing new and sends nothing more.
        Assert.Equal(0, (int)Feed(await PollAsync(test), "zz-qxt")["new"]!);

        // The volunteer asks for the list again, then answers in chat; 6-1-101's volunteer does not answer.
        test.Clock.Advance(TimeSpan.FromMinutes(12));
        Assert.Contains("3号楼2单元501 王秀英 13900000501", await chat.SayAsync("o_v1", "转移名单"), StringComparison.Ordinal);
        var reply = await chat.SayAsync("o_v1", "已转移 3-2-501 老人去女儿家了");
        Assert.Contains("已记录：3号楼2单元501 已转移", reply, StringComparison.Ordinal);
        Assert.Contains("您的住户都已确认", reply, StringComparison.Ordinal);
        Assert.Contains("不在当前预警的转移名单里", await chat.SayAsync("o_v1", "已转移 3-2-502"), StringComparison.Ordinal);
        warning = await WarningAsync(test, id);
        Assert.Equal("moved", StateOf(warning, "3-2-501"));
        var moved = warning["households"]!.AsArray().Single(h => (string?)h!["id"] == "3-2-501")!;
        Assert.Equal(("刘洋", "老人去女儿家了"), ((string)moved["by"]!, (string)moved["note"]!));

        // 31 minutes after transfers started: what is unconfirmed goes to the grid worker (g2 only), once however often the sweep runs.
        var before = test.Api.Deliveries.Count;
        test.Clock.Advance(TimeSpan.FromMinutes(19));
        await SweepAsync(test);
        await SweepAsync(test);
        await SettleAsync(test, before + 1);
        var escalation = Assert.Single(test.Api.Deliveries.Skip(before));
        Assert.Equal("o_w_g2", escalation.OpenId);
        Assert.Contains("6号楼1单元101 李桂兰 13900000101（结对志愿者：陈静）", escalation.Text, StringComparison.Ordinal);
        Assert.Contains("6号楼1单元102", escalation.Text, StringComparison.Ordinal);

        // The grid worker reaches 6-1-102; half an hour later 6-1-101 goes to the grid leader.
        Assert.Contains("已记录", await chat.SayAsync("o_w_g2", "已联系 6号楼1单元102 家里人在，不需要转移"), StringComparison.Ordinal);
        before = test.Api.Deliveries.Count;
        test.Clock.Advance(TimeSpan.FromMinutes(31));
        await SweepAsync(test);
        await SettleAsync(test, before + 1);
        var toLeader = Assert.Single(test.Api.Deliveries.Skip(before));
        Assert.Equal("o_l_g2", toLeader.OpenId);
        Assert.Contains("6号楼1单元101", toLeader.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("6号楼1单元102", toLeader.Text, StringComparison.Ordinal);

        // Nobody answers at 6-1-101: the worker says so; the leader and the worker it was escalated to hear of it.
        before = test.Api.Deliveries.Count;
        Assert.Contains("已告诉网格员", await chat.SayAsync("o_v2", "联系不上 6-1-101 电话一直没人接"), StringComparison.Ordinal);
        await SettleAsync(test, before + 1);
        Assert.Contains(test.Api.Deliveries.Skip(before), d => d.OpenId == "o_w_g2" && d.Text!.Contains("陈静联系不上 6号楼1单元101", StringComparison.Ordinal));
        warning = await WarningAsync(test, id);
        Assert.Equal(("moved", "unreachable", "safe"), (StateOf(warning, "3-2-501"), StateOf(warning, "6-1-101"), StateOf(warning, "6-1-102")));

        // 10:30 the alert is raised to red: everyone hears the update once; the transfer list stands.
        before = test.Api.Deliveries.Count;
        feed.Serve("new-orange.xml", "update-red.xml");
        Assert.Equal(1, (int)Feed(await PollAsync(test), "zz-qxt")["updated"]!);
        await SettleAsync(test, before + 7);
        Assert.Equal(7, test.Api.Deliveries.Count - before);
        Assert.All(test.Api.Deliveries.Skip(before), d => Assert.Contains("110毫米", d.Text, StringComparison.Ordinal));
        warning = await WarningAsync(test, id);
        Assert.Equal(("Extreme", "红色", 2), ((string)warning["severity"]!, (string)warning["colour"]!, (int)warning["version"]!));

        // 19:00 the cancel: everyone hears it is over; polling again changes nothing.
        before = test.Api.Deliveries.Count;
        feed.Serve("new-orange.xml", "update-red.xml", "cancel.xml");
        Assert.Equal(1, (int)Feed(await PollAsync(test), "zz-qxt")["cancelled"]!);
        await SettleAsync(test, before + 7);
        Assert.Equal(7, test.Api.Deliveries.Count - before);
        Assert.All(test.Api.Deliveries.Skip(before), d => Assert.Contains("已解除", d.Text, StringComparison.Ordinal));
        Assert.Equal(6, test.FakeBridge.Posts.Count);
        Assert.Equal("cancelled", (string)(await WarningAsync(test, id))["status"]!);
        Assert.Equal((0, 0, 0), ((int)Feed(await PollAsync(test), "zz-qxt")["new"]!, (int)Feed(await PollAsync(test), "zz-qxt")["updated"]!, (int)Feed(await PollAsync(test), "zz-qxt")["cancelled"]!));
        Assert.Contains("现在没有需要确认转移的预警", await chat.SayAsync("o_v2", "已转移 6-1-101"), StringComparison.Ordinal);

        // Each announcement went out once in all: three versions to the groups, and no person heard anything twice.
        await Task.Delay(1000);
        Assert.Equal(test.Api.Deliveries.Count, test.Api.Deliveries.Select(d => (d.OpenId, d.Text)).Distinct().Count());
    }

    [Fact]
    public async Task A_feed_that_is_down_or_answers_garbage_is_reported_and_the_other_feed_still_works()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;

        feed.FailWith(503);
        spare.Set(Cap.Read("malformed.xml"));
        var poll = await PollAsync(test);
        Assert.False((bool)Feed(poll, "zz-qxt")["ok"]!);
        Assert.Contains("503", (string)Feed(poll, "zz-qxt")["problem"]!, StringComparison.Ordinal);
        Assert.Equal(2, feed.Reads);   // retried once (Warnings:FeedRetries)
        Assert.False((bool)Feed(poll, "spare")["ok"]!);
        Assert.StartsWith("not XML", (string)Feed(poll, "spare")["problem"]!, StringComparison.Ordinal);

        // The feed is back; the broken one stays broken and does not stop it.
        feed.Serve("new-orange.xml");
        spare.Set("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>no alerts here</title></feed>");
        poll = await PollAsync(test);
        Assert.Equal(1, (int)Feed(poll, "zz-qxt")["new"]!);
        Assert.Contains("no CAP 1.2 alert", (string)Feed(poll, "spare")["problem"]!, StringComparison.Ordinal);

        // The recurring jobs are registered: the poll on Warnings:PollCron and the minutely sweep.
        using var connection = test.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
        Assert.Equal(WarningOptions.DefaultPollCron, recurring["warnings-poll"]);
        Assert.Equal(Cron.Minutely(), recurring["warnings-sweep"]);
    }

    [Fact]
    public async Task A_warning_by_hand_starts_transfers_at_red_and_bad_requests_name_every_problem()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;

        var bad = await test.Admin.PostAsJsonAsync("/api/admin/warnings", new { title = "", severity = "紫色" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = await bad.Content.ReadAsStringAsync();
        Assert.Contains("title", problems, StringComparison.Ordinal);
        Assert.Contains("text", problems, StringComparison.Ordinal);
        Assert.Contains("severity", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await test.Admin.GetAsync("/api/admin/warnings/w-nothing")).StatusCode);

        var created = await test.Admin.PostAsJsonAsync("/api/admin/warnings", new { title = "暴雨红色预警", text = "社区东侧河道水位上涨，低洼住户请立即转移。", severity = "红色", by = "王强" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        await SettleAsync(test, 7 + 3);
        var warning = await WarningAsync(test, id);
        Assert.Equal(("Extreme", "admin:王强", 3), ((string)warning["severity"]!, (string)warning["source"]!, warning["households"]!.AsArray().Count));
        Assert.Contains(TextsTo(test, "o_v2"), t => t.Contains("6号楼1单元101 李桂兰 13900000101", StringComparison.Ordinal));

        // Lifted by hand: announced, then a second lift is a conflict.
        var lifted = await test.PostAsync($"/api/admin/warnings/{id}/cancel", new { by = "王强" });
        Assert.Equal("cancelled", (string)lifted["status"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await test.Admin.PostAsJsonAsync($"/api/admin/warnings/{id}/cancel", new { })).StatusCode);
        await test.FakeBridge.WaitForPostsAsync(4, Patience);
        Assert.Equal(2, test.FakeBridge.Posts.Count(p => p.Text.Contains("已解除", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_yellow_alert_is_announced_without_transfers()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;

        feed.Serve("yellow-city.xml");   // a city-wide alert (410100) reaches the district 410105
        Assert.Equal(1, (int)Feed(await PollAsync(test), "zz-qxt")["new"]!);
        await SettleAsync(test, 7);
        Assert.Equal(7, test.Api.Deliveries.Count);
        Assert.DoesNotContain(test.Api.Deliveries, d => d.Text!.Contains("请马上联系", StringComparison.Ordinal));
        var warning = JsonNode.Parse(await test.Admin.GetStringAsync("/api/admin/warnings"))!.AsArray().Single()!;
        Assert.Equal(("Moderate", "黄色", 0), ((string)warning["severity"]!, (string)warning["colour"]!, warning["households"]!.AsArray().Count));
    }

    [Fact]
    public async Task An_announcement_a_dead_process_left_unmade_is_made_once_by_the_sweep()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;

        // As a process killed right after saving a new warning leaves it: stored, nothing announced.
        var store = test.Host.Services.GetRequiredService<IWarningStore>();
        var now = test.Clock.GetUtcNow();
        Assert.True(await store.SaveAsync(new Warning
        {
            Id = "w-left", Keys = ["manual:w-left"], Source = "admin:test", Event = "暴雨", Title = "暴雨橙色预警", Text = "低洼住户注意。",
            Severity = CapSeverity.Severe, Status = WarningStatus.Active, Sent = now, CreatedAt = now, UpdatedAt = now,
        }, 0, default));

        await SweepAsync(test);
        await SweepAsync(test);
        await SettleAsync(test, 7 + 3);
        Assert.Equal(10, test.Api.Deliveries.Count);
        Assert.Equal(2, test.FakeBridge.Posts.Count);
        var warning = await WarningAsync(test, "w-left");
        Assert.Equal(["w-left-v1"], warning["broadcasts"]!.AsArray().Select(b => (string)b!));
        Assert.Equal(3, (int)warning["counts"]!["pending"]!);
    }

    [Fact]
    public async Task A_signed_sensor_alarm_opens_one_urgent_hazard_ticket_that_reaches_the_fire_department()
    {
        var (test, feed, spare) = await StartAsync();
        await using var _ = test;
        await using var __ = feed;
        await using var ___ = spare;
        using var http = test.Host.CreateClient();

        async Task<HttpResponseMessage> PostAsync(object body, string secret = SensorSecret)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(body);
            var timestamp = test.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensors/alerts") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add(BridgeSignature.TimestampHeader, timestamp);
            request.Headers.Add(BridgeSignature.SignatureHeader, BridgeSignature.Compute(secret, timestamp, Encoding.UTF8.GetBytes(json)));
            return await http.SendAsync(request);
        }

        var alarm = new { id = "elec-778", sensor = "配电间-3", kind = "electrical-fire", household = "3-2-501", text = "线路温度 92℃" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(alarm, "wrong-secret-0000")).StatusCode);
        var refused = await PostAsync(new { id = "x", sensor = "s", kind = "earthquake" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problems = await refused.Content.ReadAsStringAsync();
        Assert.Contains("kind", problems, StringComparison.Ordinal);
        Assert.Contains("where", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problems, StringComparison.Ordinal);

        var first = await PostAsync(alarm);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var number = (string)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["ticket"]!;
        Assert.Equal(number, (string)JsonNode.Parse(await (await PostAsync(alarm)).Content.ReadAsStringAsync())!["ticket"]!);

        var ticket = await test.Host.Services.GetRequiredService<TicketDesk>().GetAsync(number, default);
        Assert.Equal(("hazard", true, "3-2-501", "electric"), (ticket!.Category, ticket.Urgent, ticket.HouseholdId, ticket.Hazard));

        // Routed as any urgent electrical hazard: the fire department hears of it too; nobody is asked to rate a sensor.
        var deliveries = await test.Api.WaitForDeliveriesAsync(3, Patience);
        Assert.Contains(deliveries, d => d.OpenId == "o_fire" && d.Text!.Contains(number, StringComparison.Ordinal));
        Assert.Contains(deliveries, d => d.OpenId == "o_w_g1" && d.Text!.Contains("传感器 配电间-3", StringComparison.Ordinal));
    }
}
