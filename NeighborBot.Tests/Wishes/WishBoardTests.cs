using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Care;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Jobs.Wishes;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Broadcasts;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.Wishes;

namespace NeighborBot.Tests.Wishes;

/// <summary>
/// Micro-wishes end to end: the real host on Redis with its Hangfire server (routing and the outbox run there),
/// WeChat's API on loopback, a controllable clock. The grid worker, the volunteer and the party member speak
/// through the real callback; the sweep runs as Hangfire runs it.
/// </summary>
public sealed class WishBoardTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2027, 9, 13, 9, 0, 0, TimeSpan.FromHours(8));
    private const string ResidentOpenId = "o_r_501";

    /// <summary>
    /// Grid g1 (buildings 1-4) with its grid worker 张伟; 3-2-501 is 王秀英's, phone 13900000001; 刘洋 (v1) is a
    /// volunteer, 周红 (p1) a party member, 赵敏 (p_wuye) staff of a department who may claim nothing.
    /// </summary>
    private static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] }],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly80", "living-alone"], Contact = "王秀英", Phone = "13900000001", Note = "坐轮椅" },
        ],
        People =
        [
            new Person { Id = "w_g1", Name = "张伟", Phone = "13700000001", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "v1", Name = "刘洋", Phone = "13800000005", OpenId = "o_v1", Roles = [Role.Volunteer] },
            new Person { Id = "p1", Name = "周红", Phone = "13800000006", OpenId = "o_p1", Roles = [Role.PartyMember] },
            new Person { Id = "p_wuye", Name = "赵敏", OpenId = "o_wuye", Roles = [Role.Department], Department = "物业" },
        ],
    };

    private static async Task<BroadcastTestHost> StartAsync()
    {
        var account = BroadcastTestHost.Account;
        var test = await BroadcastTestHost.StartAsync(
            clock: new FakeTimeProvider(Start),
            configure: h => h.With("Notifications:StaffAccount", account)
                .With("Wishes:ClaimFor", "2.00:00:00")
                .With("Wishes:DefaultMinutesDone", "45")
                .With($"WeChat:Accounts:{account}:Templates:progress:Id", "tpl_progress")
                .With($"WeChat:Accounts:{account}:Templates:progress:Fields:character_string1", "{number}")
                .With($"WeChat:Accounts:{account}:Templates:progress:Fields:phrase2", "{status}")
                .With($"WeChat:Accounts:{account}:Templates:rating:Id", "tpl_rating")
                .With($"WeChat:Accounts:{account}:Templates:rating:Fields:character_string1", "{number}")
                .With($"WeChat:Accounts:{account}:Templates:rating:Fields:phrase2", "{status}")
                .With($"WeChat:Accounts:{account}:Templates:assignment:Id", "tpl_assignment")
                .With($"WeChat:Accounts:{account}:Templates:assignment:Fields:character_string1", "{number}"),
            withDirectory: false);
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Directory(), default);
        await test.Host.Services.GetRequiredService<IConversationStore>().SaveProfileAsync(
            BroadcastTestHost.Resident(ResidentOpenId), new PersonProfile { HouseholdId = "3-2-501", BoundAt = test.Clock.GetUtcNow() }, default);
        return test;
    }

    /// <summary>The resident's wish ticket, opened as intake opens it, and routed (by the Hangfire job) to the grid worker.</summary>
    private static async Task<Ticket> ReportAsync(BroadcastTestHost test, string text)
    {
        var desk = test.Host.Services.GetRequiredService<TicketDesk>();
        var opened = await desk.OpenAsync(new NewTicket(
            BroadcastTestHost.Resident(ResidentOpenId), "msg-" + Guid.NewGuid().ToString("N"), "wish", false, text,
            new TicketLocation(3, 2, "501", null), "3-2-501", []), default);
        return await UntilAsync(test, opened.Number, t => t.Status == TicketStatus.Assigned);
    }

    private static async Task<Ticket> UntilAsync(BroadcastTestHost test, string number, Func<Ticket, bool> done)
    {
        var tickets = test.Host.Services.GetRequiredService<ITicketStore>();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var ticket = (await tickets.GetAsync(number, default))!;
            if (done(ticket))
            {
                return ticket;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Ticket {number} stayed {ticket.Status}.");
            await Task.Delay(50);
        }
    }

    private static Task<string?> SayAsync(BroadcastTestHost test, string openId, string text) =>
        new CallbackClient(test.Host.CreateClient(), test.Host.WeChat).SayAsync(openId, text);

    private static async Task<string?> SendPhotoAsync(BroadcastTestHost test, string openId) =>
        SimulatedWeChat.ReplyText(await new CallbackClient(test.Host.CreateClient(), test.Host.WeChat)
            .SendAsync(CallbackMessages.Image(openId, CallbackClient.Now, CallbackClient.NextMsgId(), "https://example.invalid/ramp.jpg")));

    private static async Task RunSweepAsync(BroadcastTestHost test)
    {
        using var scope = test.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WishJob>().RunAsync(default);
    }

    /// <summary>Waits until every message the outbox holds under <paramref name="prefix"/> is delivered; returns them by id.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> DeliveredAsync(BroadcastTestHost test, string prefix, int count)
    {
        var log = test.Host.Services.GetRequiredService<ISendLog>();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var records = await log.FindAsync(prefix, 1000, default);
            if (records.Count >= count && records.All(r => r.Status == MessageStatus.Delivered))
            {
                await Task.Delay(200);
                records = await log.FindAsync(prefix, 1000, default);
                return records.ToDictionary(r => r.Message.Id, r => r.Message.Text);
            }

            Assert.True(DateTimeOffset.UtcNow < deadline,
                "Not delivered: " + string.Join(" | ", records.Select(r => $"{r.Message.Id} {r.Status} {r.Reason}")));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_wish_is_approved_claimed_returned_after_the_time_limit_claimed_again_and_done()
    {
        await using var test = await StartAsync();
        var ticket = await ReportAsync(test, "我坐轮椅，楼门口台阶太高出不去，想请人帮忙装个坡道，电话13900000001");
        var no = ticket.ShortNumber;
        Assert.Equal("w_g1", ticket.Assignee);

        // Before approval the wish is on no board, and only the grid's people may approve it.
        Assert.Contains("没有找到心愿", await SayAsync(test, "o_v1", $"认领 {no}"));
        Assert.Contains("网格员或网格长审核", await SayAsync(test, "o_v1", $"审核通过 {no}"));

        var approved = await SayAsync(test, "o_w_g1", $"审核通过 {no}");
        Assert.Contains("已审核通过", approved);
        Assert.DoesNotContain("13900000001", approved);
        Assert.Equal(TicketStatus.Accepted, (await UntilAsync(test, ticket.Number, t => t.Status == TicketStatus.Accepted)).Status);

        // The board shows the wish without the resident's name, phone or room.
        var board = await SayAsync(test, "o_p1", "心愿列表");
        Assert.Contains(no, board);
        Assert.Contains("3号楼", board);
        Assert.Contains("坡道", board);
        foreach (var secret in new[] { "13900000001", "王秀英", "501", "2单元" })
        {
            Assert.DoesNotContain(secret, board);
        }

        Assert.Contains("只能由志愿者和党员认领", await SayAsync(test, "o_wuye", $"认领 {no}"));

        // The volunteer and the party member claim at once: one wins and hears who and where, the other is told it is taken.
        var answers = await Task.WhenAll(SayAsync(test, "o_v1", $"认领 {no}"), SayAsync(test, "o_p1", $"认领 {no}"));
        var winner = answers[0]!.Contains("您已认领", StringComparison.Ordinal) ? 0 : 1;
        var loser = 1 - winner;
        Assert.Contains("您已认领", answers[winner]);
        Assert.Contains("王秀英", answers[winner]);
        Assert.Contains("13900000001", answers[winner]);
        Assert.Contains("3号楼2单元501", answers[winner]);
        Assert.Contains("被其他志愿者认领", answers[loser]);
        Assert.DoesNotContain("13900000001", answers[loser]);
        string[] openIds = ["o_v1", "o_p1"];
        string[] ids = ["v1", "p1"];
        var (first, second) = (ids[winner], ids[loser]);
        var (firstOpenId, secondOpenId) = (openIds[winner], openIds[loser]);

        // One hour before the claim runs out, the sweep leaves it; at its end the wish is back on the board, both are told once.
        test.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(1));
        await RunSweepAsync(test);
        Assert.Contains("被其他志愿者认领", await SayAsync(test, secondOpenId, $"认领 {no}"));
        test.Clock.Advance(TimeSpan.FromHours(1));
        await RunSweepAsync(test);
        await RunSweepAsync(test);
        var wish = (await test.Host.Services.GetRequiredService<IWishStore>().GetAsync(ticket.Number, default))!;
        Assert.Equal((WishState.Open, null, 1), (wish.State, wish.ClaimedBy, wish.Claims));
        Assert.Contains("还没有人认领", await SayAsync(test, firstOpenId, $"已完成 {no} 坡道装好了"));

        // Claimed again by the other, and done with a note, a time and a photo.
        var again = await SayAsync(test, secondOpenId, $"认领 {no}");
        Assert.Contains("您已认领", again);
        Assert.Contains("13900000001", again);
        Assert.Contains("被其他志愿者认领", await SayAsync(test, firstOpenId, $"认领 {no}"));
        Assert.Contains("13900000001", await SayAsync(test, secondOpenId, $"认领 {no}"));
        test.Clock.Advance(TimeSpan.FromDays(1));
        var done = await SayAsync(test, secondOpenId, $"已完成 {no} 2小时 轮椅坡道已装好");
        Assert.Contains("已登记完成", done);
        Assert.Contains("2 小时", done);
        Assert.Contains("已经登记完成", await SayAsync(test, secondOpenId, $"已完成 {no} 2小时 轮椅坡道已装好"));
        Assert.Contains("照片已收到", await SendPhotoAsync(test, secondOpenId));
        await RunSweepAsync(test);

        var resolved = await UntilAsync(test, ticket.Number, t => t.Status == TicketStatus.Resolved && t.Attachments.Count == 1);
        Assert.Equal(second, resolved.Assignee);
        wish = (await test.Host.Services.GetRequiredService<IWishStore>().GetAsync(ticket.Number, default))!;
        Assert.Equal((WishState.Done, second, 2, 120), (wish.State, wish.ClaimedBy, wish.Claims, wish.Minutes));
        Assert.NotNull(wish.Photo);
        var entry = await test.Host.Services.GetRequiredService<ICareStore>().GetAsync($"wish:{ticket.Number}", default);
        Assert.Equal((CareKinds.Wish, second, 120), (entry!.Kind, entry.Person, entry.Minutes));

        // Everyone concerned heard of every step, once: the grid worker, the resident, the volunteer whose claim ran out.
        var messages = await DeliveredAsync(test, $"wish:{ticket.Number}:", 7);
        Assert.Equal(
            new[] { "claim1:reporter", "claim1:w_g1", "claim2:reporter", "claim2:w_g1", "done:w_g1", $"return1:{first}", "return1:w_g1" },
            messages.Keys.Select(k => k[$"wish:{ticket.Number}:".Length..]).Order(StringComparer.Ordinal));
        Assert.Contains("已回到心愿墙", messages[$"wish:{ticket.Number}:return1:{first}"]);
        Assert.Contains("轮椅坡道已装好", messages[$"wish:{ticket.Number}:done:w_g1"]);

        // The resident reads the note and is asked to confirm and rate; their thanks reach the volunteer.
        Assert.Single(resolved.Events, e => e.Action == TicketActions.Resolved);
        var resolveIndex = resolved.Events.ToList().FindIndex(e => e.Action == TicketActions.Resolved);
        var asked = await DeliveredAsync(test, $"{ticket.Number}:e{resolveIndex}:", 1);
        Assert.Contains("轮椅坡道已装好", asked.Values.Single());
        Assert.Contains("评价", asked.Values.Single());
        await SayAsync(test, ResidentOpenId, "满意");
        var closed = await UntilAsync(test, ticket.Number, t => t.Status == TicketStatus.Closed);
        var rated = closed.Events.ToList().FindIndex(e => e.Action == TicketActions.Rated);
        Assert.Single(await DeliveredAsync(test, $"{ticket.Number}:e{rated}:{second}", 1));

        // The admin's figures, list, hours and the public page.
        var figures = (await test.Admin.GetFromJsonAsync<JsonObject>("/api/admin/figures?from=2027-09-01T00:00:00%2B08:00"))!["wishes"]!;
        Assert.Equal((1, 1, 2, 1), ((int)figures["posted"]!, (int)figures["approved"]!, (int)figures["claimed"]!, (int)figures["done"]!));
        var month = figures["months"]!.AsArray().Single()!;
        Assert.Equal(("g1", "2027-09"), ((string)month["grid"]!, (string)month["month"]!));
        Assert.Single((await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/wishes?state=done"))!);
        Assert.Empty((await test.Admin.GetFromJsonAsync<JsonArray>("/api/admin/wishes?state=open"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await test.Admin.GetAsync("/api/admin/wishes?state=lost")).StatusCode);
        var hours = await test.Admin.GetStringAsync("/api/admin/volunteers/hours?from=2027-09-01&to=2027-09-30");
        Assert.Contains($"{second},", hours);
        Assert.Contains(",2027-09,0,2", hours);

        using var page = await test.Admin.GetAsync("/api/admin/wishes/done.html?year=2027");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("共完成微心愿 <strong>1</strong> 个", html);
        Assert.Contains("坡道", html);
        foreach (var secret in new[] { "13900000001", "王秀英", "501", "轮椅坡道已装好" })
        {
            Assert.DoesNotContain(secret, html);
        }
    }

    [Fact]
    public async Task A_wish_whose_ticket_was_closed_leaves_the_board_and_cannot_be_claimed()
    {
        await using var test = await StartAsync();
        var ticket = await ReportAsync(test, "想请人每周帮我买一次米");
        var no = ticket.ShortNumber;
        Assert.Contains("已审核通过", await SayAsync(test, "o_w_g1", $"审核通过 {no} 独居老人想请人每周帮忙买一次米"));
        Assert.Contains("每周帮忙买一次米", await SayAsync(test, "o_v1", "心愿列表"));

        using var closed = await test.Admin.PostAsJsonAsync($"/api/admin/tickets/{ticket.Number}/close", new { note = "家属已安排" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        Assert.Contains("暂时没有待认领的心愿", await SayAsync(test, "o_v1", "心愿列表"));
        Assert.Contains("已经撤下", await SayAsync(test, "o_v1", $"认领 {no}"));
        var wish = (await test.Host.Services.GetRequiredService<IWishStore>().GetAsync(ticket.Number, default))!;
        Assert.Equal(WishState.Open, wish.State);
    }

    [Fact]
    public async Task A_return_saved_by_a_process_that_died_before_telling_anyone_is_told_by_the_next_sweep_once()
    {
        await using var test = await StartAsync();
        var ticket = await ReportAsync(test, "想请人帮忙修一下收音机");
        var no = ticket.ShortNumber;
        Assert.Contains("已审核通过", await SayAsync(test, "o_w_g1", $"审核通过 {no} 独居老人想修收音机"));
        Assert.Contains("您已认领", await SayAsync(test, "o_v1", $"认领 {no}"));

        // The sweep's process saved the return and died before queueing its two messages.
        var store = test.Host.Services.GetRequiredService<IWishStore>();
        var claimed = (await store.GetAsync(ticket.Number, default))!;
        test.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.True(await store.SaveAsync(claimed.Return(test.Clock.GetUtcNow())!, default));

        await RunSweepAsync(test);
        await RunSweepAsync(test);

        var told = await DeliveredAsync(test, $"wish:{ticket.Number}:return", 2);
        Assert.Equal([$"wish:{ticket.Number}:return1:v1", $"wish:{ticket.Number}:return1:w_g1"], told.Keys.Order(StringComparer.Ordinal));
    }
}
