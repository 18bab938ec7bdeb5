using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>Residents' conversations end to end: through the callback route, on real Redis.</summary>
public sealed class ConversationTests : IClassFixture<ConversationTests.Host>
{
    public sealed class Host : NeighborBotFactory
    {
        public Host()
        {
            CreateClient();
            Services.GetRequiredService<DirectoryCache>().ReplaceAsync(SmallDirectory(), default).GetAwaiter().GetResult();
        }
    }

    private readonly Host _host;
    private readonly CallbackClient _client;
    private readonly string _openId = "o_" + Guid.NewGuid().ToString("N")[..16];

    public ConversationTests(Host host)
    {
        _host = host;
        _client = new CallbackClient(host.CreateClient(), host.WeChat);
    }

    public static DirectoryDocument SmallDirectory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4, 5, 6] }],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60"] },
            new Household { Id = "4-1-101", Building = 4, Unit = 1, Room = "101" },
        ],
        People = [new Person { Id = "w1", Name = "张伟", Phone = "13800000001", OpenId = "o_worker_1", Roles = [Role.GridWorker], Grids = ["g1"] }],
    };

    private Task<string?> Say(string text, string? openId = null) => _client.SayAsync(openId ?? _openId, text, DeliveryMode.Safe);

    private async Task<IReadOnlyList<Ticket>> MyTickets(string? openId = null) =>
        await _host.Services.GetRequiredService<ITicketStore>()
            .ListByReporterAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId ?? _openId).ToString(), 20, default);

    [Fact]
    public async Task A_report_set_aside_by_a_question_is_kept_and_the_resident_hears_it_is_waiting()
    {
        await Say("小区里好多流浪狗，还咬过小孩");
        var aside = await Say("你好");
        var second = await Say("5号楼门口的垃圾好几天没人清了");
        var done = await Say("3号楼");

        Assert.Contains("流浪狗", aside, StringComparison.Ordinal);
        Assert.Contains("还差位置", aside, StringComparison.Ordinal);
        Assert.Contains("流浪狗", second, StringComparison.Ordinal);   // the new report is opened, the earlier one still waits
        var tickets = await MyTickets();
        Assert.Equal(2, tickets.Count);
        Assert.Contains(tickets, t => t.Text.Contains("流浪狗", StringComparison.Ordinal) && t.Location!.Building == 3);
        Assert.Contains(tickets, t => t.Text.Contains("垃圾", StringComparison.Ordinal) && t.Location!.Building == 5);
        Assert.All(tickets, t => Assert.Contains(t.Number, second + done, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resident_typing_a_workers_command_is_told_what_it_is_and_nothing_is_filed()
    {
        var first = await Say("接单 0042");
        await Say("办结 0042 修好了");
        await Say("转派 0042 物业 不归我管");

        Assert.Contains("工作人员", first, StringComparison.Ordinal);
        Assert.Empty(await MyTickets());
    }

    [Fact]
    public async Task When_the_place_cannot_be_made_out_the_report_is_filed_with_its_number_and_the_worker_will_ask()
    {
        await Say("楼道灯坏了");
        await Say("就那儿");
        var late = await Say("哎呀说不清");

        var ticket = Assert.Single(await MyTickets());
        Assert.Contains(ticket.Number, late, StringComparison.Ordinal);
        Assert.Null(ticket.Location);
    }

    [Fact]
    public async Task A_missing_location_is_asked_and_the_answer_opens_the_ticket()
    {
        var question = await Say("楼道灯坏了");

        Assert.Contains("在哪里", question, StringComparison.Ordinal);
        Assert.Empty(await MyTickets());

        var done = await Say("3号楼2单元");

        var ticket = Assert.Single(await MyTickets());
        Assert.Contains(ticket.Number, done, StringComparison.Ordinal);
        Assert.Equal(("repair", false, "楼道灯坏了"), (ticket.Category, ticket.Urgent, ticket.Text));
        Assert.Equal(new TicketLocation(3, 2, null, null), ticket.Location);
        Assert.Equal("g1", ticket.Grid);
        Assert.Equal(TicketStatus.Submitted, ticket.Status);
        Assert.Matches(@"^\d{8}-\d{4}$", ticket.Number);
    }

    [Fact]
    public async Task A_complete_report_is_opened_at_once_and_its_number_is_in_the_reply()
    {
        var reply = await Say("5号楼1单元楼道的灯不亮了");

        var ticket = Assert.Single(await MyTickets());
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
        Assert.Equal(new TicketLocation(5, 1, null, null), ticket.Location);
    }

    [Fact]
    public async Task A_correction_fixes_the_ticket_just_opened()
    {
        await Say("5号楼1单元楼道灯坏了");

        var reply = await Say("不对，是4号楼");

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(4, ticket.Location!.Building);
        Assert.Contains(ticket.Events, e => e.Action == "corrected");
        Assert.Contains("已更正", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_report_in_progress_opens_nothing()
    {
        await Say("楼道灯坏了");

        var reply = await Say("算了");
        await Say("3号楼2单元");

        Assert.Contains("不登记", reply, StringComparison.Ordinal);
        Assert.Empty(await MyTickets());
    }

    [Fact]
    public async Task A_resident_cancels_an_open_ticket_by_its_last_four_digits()
    {
        await Say("6号楼2单元门口的路灯坏了");
        var ticket = Assert.Single(await MyTickets());

        var reply = await Say($"取消 {ticket.ShortNumber}");

        Assert.Contains("已取消", reply, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Cancelled, Assert.Single(await MyTickets()).Status);
    }

    [Fact]
    public async Task An_urgent_report_is_opened_before_the_location_and_carries_safety_advice()
    {
        var reply = await Say("厨房里煤气味特别大");

        var ticket = Assert.Single(await MyTickets());
        Assert.True(ticket.Urgent);
        Assert.Null(ticket.Location);
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
        Assert.Contains("燃气", reply, StringComparison.Ordinal);
        Assert.Contains("在哪里", reply, StringComparison.Ordinal);

        var located = await Say("6号楼1单元302");

        Assert.Equal(new TicketLocation(6, 1, "302", null), Assert.Single(await MyTickets()).Location);
        Assert.Contains("已补充位置", located, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_problems_in_one_message_become_two_tickets()
    {
        var reply = await Say("3号楼楼道灯坏了，还有门口垃圾堆成山了");

        var tickets = await MyTickets();
        Assert.Equal(2, tickets.Count);
        Assert.Equal(["environment", "repair"], tickets.Select(t => t.Category).Order());
        Assert.All(tickets, t => Assert.Equal(3, t.Location!.Building));
        Assert.All(tickets, t => Assert.Contains(t.Number, reply, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_household_qr_code_binds_the_person_and_their_reports_take_the_home_address()
    {
        var bound = SimulatedWeChat.ReplyText(await _client.SendAsync(CallbackMessages.Subscribe(_openId, CallbackClient.Now, "hh:3-2-501"), DeliveryMode.Safe));

        Assert.Contains("3号楼2单元501", bound, StringComparison.Ordinal);

        await Say("家里水管漏水了");
        var atHome = Assert.Single(await MyTickets());
        Assert.Equal(new TicketLocation(3, 2, "501", null), atHome.Location);
        Assert.Equal("3-2-501", atHome.HouseholdId);

        await Say("东门的路灯不亮了");
        var elsewhere = (await MyTickets())[0];
        Assert.Equal("东门", elsewhere.Location!.Place);
        Assert.Null(elsewhere.HouseholdId);
    }

    [Fact]
    public async Task A_scan_of_an_unknown_household_code_binds_nothing()
    {
        var reply = SimulatedWeChat.ReplyText(await _client.SendAsync(CallbackMessages.Scan(_openId, CallbackClient.Now, "hh:99-9-999"), DeliveryMode.Safe));

        Assert.Contains("没有对应的住户", reply, StringComparison.Ordinal);
        var profile = (await _host.Services.GetRequiredService<IConversationStore>()
            .GetAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, _openId), default)).Profile;
        Assert.Null(profile.HouseholdId);
    }

    [Fact]
    public async Task Binding_by_text_waits_for_a_grid_worker()
    {
        var reply = await Say("绑定 4-1-101");

        Assert.Contains("网格员确认", reply, StringComparison.Ordinal);
        var profile = (await _host.Services.GetRequiredService<IConversationStore>()
            .GetAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, _openId), default)).Profile;
        Assert.Equal(("4-1-101", (string?)null), (profile.PendingHouseholdId, profile.HouseholdId));
    }

    [Fact]
    public async Task Retries_of_the_answer_during_a_conversation_open_one_ticket()
    {
        await Say("楼道灯坏了");
        var answer = _host.WeChat.Sign(CallbackMessages.Text(_openId, CallbackClient.Now, CallbackClient.NextMsgId(), "3号楼2单元"), DeliveryMode.Safe, CallbackClient.Now);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await _client.PostAsync(answer);
            return SimulatedWeChat.ReplyText(_host.WeChat.OpenReply(await response.Content.ReadAsStringAsync()));
        }));

        var ticket = Assert.Single(await MyTickets());
        Assert.All(replies, r => Assert.Contains(ticket.Number, r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_photo_after_a_report_is_added_to_that_ticket()
    {
        await Say("5号楼2单元楼道的灯坏了");

        var reply = SimulatedWeChat.ReplyText(await _client.SendAsync(
            CallbackMessages.Image(_openId, CallbackClient.Now, CallbackClient.NextMsgId(), "https://mmbiz.example/photo1"), DeliveryMode.Safe));

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal("https://mmbiz.example/photo1", Assert.Single(ticket.Attachments).Url);
        Assert.Contains(ticket.ShortNumber, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_first_then_the_problem_opens_a_ticket_with_the_photo()
    {
        var ask = SimulatedWeChat.ReplyText(await _client.SendAsync(
            CallbackMessages.Image(_openId, CallbackClient.Now, CallbackClient.NextMsgId(), "https://mmbiz.example/photo2"), DeliveryMode.Safe));

        await Say("2号楼门口下水道堵了");

        Assert.Contains("什么问题", ask, StringComparison.Ordinal);
        var ticket = Assert.Single(await MyTickets());
        Assert.Single(ticket.Attachments);
    }

    [Fact]
    public async Task Progress_lists_the_open_tickets_and_thanks_open_nothing()
    {
        await Say("4号楼1单元电梯坏了");
        var ticket = Assert.Single(await MyTickets());

        var progress = await Say("进度");
        var thanks = await Say("好的谢谢");

        Assert.Contains(ticket.ShortNumber, progress, StringComparison.Ordinal);
        Assert.Contains("不客气", thanks, StringComparison.Ordinal);
        Assert.Single(await MyTickets());
    }
}

/// <summary>
/// A report the bot is still asking about outlives the conversation's idle period (Redis keeps the state as long as
/// the report); one never answered is filed by the sweep (<see cref="UnansweredReportTests"/>).
/// </summary>
public sealed class DraftExpiryTests
{
    [Fact]
    public async Task A_late_answer_to_where_completes_the_report_after_the_conversation_went_idle()
    {
        using var host = new NeighborBotFactory().With("Conversations:IdleExpiry", "00:00:01").With("Conversations:DraftExpiry", "00:01:00")
            .With("Conversations:FileUnansweredAfter", "00:00:50");
        var client = new CallbackClient(host.CreateClient(), host.WeChat);

        await client.SayAsync("o_late", "楼道灯坏了");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var late = await client.SayAsync("o_late", "3号楼2单元");

        Assert.Contains("工单号", late, StringComparison.Ordinal);
        var ticket = Assert.Single(await Reported(host, "o_late"));
        Assert.Equal((3, 2), (ticket.Location!.Building, ticket.Location.Unit));
    }

    private static Task<IReadOnlyList<Ticket>> Reported(NeighborBotFactory host, string openId) =>
        host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId).ToString(), 10, default);
}
