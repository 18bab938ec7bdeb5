using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// What a resident says after the report changes who has it: the place that comes later routes it again while nobody
/// has taken it, a spot named right after a vague one sharpens it, a worker may hand a wish to a volunteer by name,
/// and a question of fact the community has no answer for opens nothing.
/// </summary>
public sealed class LaterWordsTests : DeskTest
{
    protected override DirectoryDocument TheDirectory() => WithSecondGridStaff("西门", "幼儿园门口");

    [Fact]
    public async Task An_urgent_report_sent_to_the_secretary_for_want_of_a_place_goes_to_the_grid_worker_once_the_place_comes()
    {
        var ticket = await Opened(Resident, "楼道里好大一股煤气味 呛得头疼 是不是哪家漏气了");
        ticket = await Until(ticket.Number, t => t.Assignee is not null);
        Assert.True(ticket.Urgent);
        Assert.Equal("s1", ticket.Assignee);

        await Say(Resident, "6号楼3单元");

        var moved = await Until(ticket.Number, t => t.Assignee == "w_g2");
        Assert.Equal("g2", moved.Grid);
        Assert.Equal(TicketStatus.Assigned, moved.Status);
        await DeliveredTo(SecondWorker, d => Mentions(d, moved.Number) || Mentions(d, "待接单"));
        await DeliveredTo(Secretary, d => Mentions(d, "已改派"));

        // Told once: the sweep finds nothing left to route or to tell.
        var before = WeChatApi.Deliveries.Count;
        await Sweep();
        await Task.Delay(300);
        Assert.Equal(before, WeChatApi.Deliveries.Count);
        Assert.Equal(1, (await Ticket(moved.Number))!.Events.Count(e => e.Action == TicketActions.Assigned && e.To == "w_g2"));
    }

    [Fact]
    public async Task A_report_placed_already_stays_with_whoever_took_it()
    {
        var ticket = await Opened(Resident, "楼道里好大一股煤气味 呛得头疼");
        await Until(ticket.Number, t => t.Assignee == "s1");
        Assert.Contains("已接单", await Say(Secretary, "接单 " + ticket.ShortNumber), StringComparison.Ordinal);

        await Say(Resident, "6号楼3单元");

        var placed = await Until(ticket.Number, t => t.Location is not null);
        Assert.Equal("s1", placed.Assignee);
        Assert.Equal(TicketStatus.Accepted, placed.Status);
    }

    [Fact]
    public async Task A_spot_named_right_after_a_vague_gate_becomes_the_place_of_the_report()
    {
        var ticket = await Opened(Resident, "小区门口的道闸抬不起来了，车全堵在外面排队");
        ticket = await Until(ticket.Number, t => t.Assignee is not null);
        Assert.Null(ticket.Location?.Building);

        var reply = await Say(Resident, "西门");

        Assert.DoesNotContain("工单号", reply, StringComparison.Ordinal);
        var fixedPlace = await Until(ticket.Number, t => t.Location?.Place == "西门");
        Assert.Equal("g2", fixedPlace.Grid);
    }

    [Fact]
    public async Task A_pin_sent_right_after_a_report_at_a_vague_gate_is_its_place_and_routes_it_there()
    {
        var ticket = await Opened(Resident, "小区门口那个井盖不知道被谁掀了 黑洞洞一个坑 放学小孩都从那儿过");
        ticket = await Until(ticket.Number, t => t.Assignee is not null);
        Assert.Null(ticket.Grid);

        await Callback.SendAsync(CallbackMessages.Location(Resident, CallbackClient.Now, CallbackClient.NextMsgId(), 30.2741, 120.1551, "西门"), DeliveryMode.Safe);

        var moved = await Until(ticket.Number, t => t.Assignee == "w_g2");
        Assert.Equal(("西门", "g2"), (moved.Location?.Place, moved.Grid));
        await DeliveredTo(SecondWorker, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task A_correction_after_an_apology_moves_the_report_it_corrects()
    {
        var ticket = await Opened(Resident, "6号楼2单元的电梯从昨晚起一直停在12楼，按哪层都没反应");

        await Say(Resident, "抱歉刚才写错了，是6号楼3单元，不是2单元");

        var corrected = await Until(ticket.Number, t => t.Location?.Unit == 3);
        Assert.Equal(6, corrected.Location!.Building);
        Assert.Single(await ReportedBy(Resident));
    }

    [Fact]
    public async Task A_spot_misread_and_put_right_moves_the_report_to_the_community_s_name_of_the_spot()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "篮球场旁边井盖没了 一个黑窟窿");

        await Say(resident, "哎呀 我看岔了 是幼儿园门口那儿 不是篮球场");

        var moved = await Until(ticket.Number, t => t.Location?.Place == "幼儿园门口");
        Assert.Equal("g2", moved.Grid);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task Another_thing_broken_said_after_dui_le_is_a_ticket_of_its_own_not_an_addition()
    {
        var resident = NewResident();
        var first = await Opened(resident, "3号楼2单元楼道灯不亮了");

        await Say(resident, "对了 西门那个车辆道闸也坏了 杆子抬不起来");

        var tickets = await ReportedBy(resident);
        Assert.Equal(2, tickets.Count);
        Assert.Equal("西门", tickets.Single(t => t.Number != first.Number).Location?.Place);
        Assert.DoesNotContain((await Ticket(first.Number))!.Events, e => e.Action == TicketActions.Added);
    }

    [Fact]
    public async Task Looking_first_and_telling_later_leaves_the_report_waiting_for_its_place_instead_of_filing_the_words_as_one()
    {
        Assert.Contains("哪个位置", await Say(Resident, "小区路灯一闪一闪的 晚上跟蹦迪似的 找人修下"), StringComparison.Ordinal);

        Assert.Contains("不着急", await Say(Resident, "晚上回去看清是哪根再说"), StringComparison.Ordinal);
        Assert.Empty(await ReportedBy(Resident));

        var ticket = await Opened(Resident, "西门");
        Assert.Equal(("西门", IntakeCategories.Repair), (ticket.Location?.Place, ticket.Category));
    }

    [Fact]
    public async Task A_question_of_fact_before_a_problem_is_answered_and_only_the_problem_is_filed()
    {
        var reply = await Say(Resident, "明儿是不是停水啊 还有3号楼2单元501俺家大门锁坏了 钥匙插进去拧不动");

        Assert.Contains("没有确切消息", reply, StringComparison.Ordinal);
        var ticket = Assert.Single(await ReportedBy(Resident));
        Assert.Equal(IntakeCategories.Repair, ticket.Category);
        Assert.Contains(ticket.ShortNumber, reply, StringComparison.Ordinal);

        // "不用来了" opening a longer message calls the one report off.
        await Say(Resident, "不用来了 俺孙子拿点油抹抹能拧开了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Cancelled);
    }

    [Fact]
    public async Task Praise_in_dialect_rates_the_fix_and_closes_the_ticket()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Assignee == "p_wuye");
        await Say(Wuye, $"办结 {ticket.ShortNumber} 换了灯泡");

        await Say(Resident, "中 怪得劲 师傅来得快");

        var closed = await Until(ticket.Number, t => t.Status == TicketStatus.Closed);
        Assert.True(closed.Rating >= 4);
    }

    [Fact]
    public async Task The_trouble_said_to_be_gone_rates_the_fix()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "3号楼2单元楼道里蚊子多得很 晚上咬得全是包");
        await Until(ticket.Number, t => t.Assignee == "p_wuye");
        await Say(Wuye, $"办结 {ticket.ShortNumber} 已消杀");

        await Say(resident, "好多了 夜儿个没咋咬");

        var closed = await Until(ticket.Number, t => t.Status == TicketStatus.Closed);
        Assert.True(closed.Rating >= 4);
    }

    [Fact]
    public async Task Asking_why_nobody_came_yet_shows_the_progress_and_presses_nobody()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "3号楼2单元楼道灯坏了");
        Clock.Advance(TimeSpan.FromHours(2));

        var reply = await Say(resident, "我报的灯咋还没人弄");

        Assert.Contains(ticket.ShortNumber, reply, StringComparison.Ordinal);
        Assert.DoesNotContain((await Ticket(ticket.Number))!.Events, e => e.Action == TicketActions.Chased);
        await Say(resident, "催一下");
        await Until(ticket.Number, t => t.Events.Any(e => e.Action == TicketActions.Chased));
    }

    [Fact]
    public async Task A_report_called_off_comes_back_hours_later_at_the_place_then_given()
    {
        var resident = NewResident();
        Assert.Contains("哪", await Say(resident, "这两天蚊子多得很 晚上在外头乘个凉 腿上咬得全是包 恁不打药吗"), StringComparison.Ordinal);
        await Say(resident, "算了不报了 我就是问问");
        Assert.Empty(await ReportedBy(resident));
        Clock.Advance(TimeSpan.FromHours(2));

        await Say(resident, "不中 俺闺女胳膊上叫咬了十几个包 还是得打药 就西门那一片");

        var ticket = Assert.Single(await ReportedBy(resident));
        Assert.Equal((IntakeCategories.Environment, "西门"), (ticket.Category, ticket.Location?.Place));
    }

    [Fact]
    public async Task A_story_told_on_after_the_bot_asked_which_kind_is_one_ticket()
    {
        var resident = await Bound("3-2-501");
        Assert.Contains("请问是", await Say(resident, "我家老头子早上七点出去买菜"), StringComparison.Ordinal);

        await Say(resident, "到现在还没回来 电话也打不通 他有点老年痴呆 急死了");
        Clock.Advance(TimeSpan.FromHours(2));
        await Sweep();

        var ticket = Assert.Single(await ReportedBy(resident));
        Assert.True(ticket.Urgent);
        Assert.Equal(IntakeCategories.Wish, ticket.Category);
        Assert.StartsWith("我家老头子早上七点出去买菜", ticket.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_whether_the_bot_is_a_person_keeps_the_report_waiting_for_its_place()
    {
        var resident = NewResident();
        await Say(resident, "小区路灯坏了好几个 晚上黑咕隆咚 孩子天天晚上在外头疯 看不见");

        var reply = await Say(resident, "你是真人还是机器人啊");
        Assert.Contains("智能助手", reply, StringComparison.Ordinal);
        Assert.Contains("还差位置", reply, StringComparison.Ordinal);

        var ticket = await Opened(resident, "西门上 中间那一截");
        Assert.Equal((IntakeCategories.Repair, "西门"), (ticket.Category, ticket.Location?.Place));
        Assert.DoesNotContain(WeChatApi.Deliveries, d => Mentions(d, "转人工"));
    }

    [Fact]
    public async Task Asking_after_the_report_in_hand_shows_its_progress_and_opens_nothing()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Opened(resident, "3号楼2单元电梯停了 早上就不动了 天天爬楼");
        Clock.Advance(TimeSpan.FromHours(1));

        var reply = await Say(resident, "电梯修得咋样了 有进度没");

        Assert.Contains(ticket.ShortNumber, reply, StringComparison.Ordinal);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task A_neighbour_s_room_named_by_a_bound_resident_puts_the_ticket_at_her_home()
    {
        var resident = await Bound("3-2-501");

        var ticket = await Opened(resident, "楼上601天天半夜拖椅子 咣咣的 上去说过两回 人家爱答不理");

        Assert.Equal(IntakeCategories.Dispute, ticket.Category);
        Assert.Equal((3, 2, "501"), (ticket.Location!.Building, ticket.Location.Unit, ticket.Location.Room));
        Assert.Equal("g1", ticket.Grid);
    }

    [Fact]
    public async Task A_rating_that_tells_what_the_burst_pipe_did_rates_the_fix_and_opens_nothing()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "3号楼2单元501 卫生间水管爆了 水哗哗往外喷");
        ticket = await Until(ticket.Number, t => t.Assignee is not null);
        Assert.True(ticket.Urgent);
        var handler = TheDirectory().People.Single(p => p.Id == ticket.Assignee).OpenId!;
        await Say(handler, $"办结 {ticket.ShortNumber} 换了进水管");

        await Say(resident, "还行吧 修得挺利索 就是等人来等了快半小时 地板都泡了");

        var rated = await Until(ticket.Number, t => t.Rating is not null);
        Assert.InRange(rated.Rating!.Value, 3, 4);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task Calling_a_report_off_in_words_that_start_like_a_correction_cancels_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "西门那的路灯不亮了 黑咕隆咚的");

        await Say(resident, "哎不对 刚才那个不用修了 我看岔了 西门灯是好的");

        Assert.Equal(TicketStatus.Cancelled, (await Until(ticket.Number, t => t.Status == TicketStatus.Cancelled)).Status);
    }

    [Fact]
    public async Task A_wish_handed_to_a_volunteer_by_name_is_theirs_to_accept_and_resolve()
    {
        var ticket = await Opened(Resident, "我是3号楼2单元501的 我想学学用手机视频 孙子在外地 我不会弄");
        ticket = await Until(ticket.Number, t => t.Assignee == "w_g1");

        Assert.Contains("刘洋", await Say(Worker, $"转派 {ticket.ShortNumber} 刘洋 结对志愿者上门教一下"), StringComparison.Ordinal);
        await Until(ticket.Number, t => t.Assignee == "v1");
        await DeliveredTo(Volunteer, d => Mentions(d, ticket.Number) || Mentions(d, "转派"));

        Assert.Contains("已接单", await Say(Volunteer, "收到 周六上午过去"), StringComparison.Ordinal);
        Assert.Contains("已办结", await Say(Volunteer, $"办结 {ticket.ShortNumber} 已教会视频通话"), StringComparison.Ordinal);
        var done = await Until(ticket.Number, t => t.Status == TicketStatus.Resolved);
        Assert.Contains(done.Events, e => e.Action == TicketActions.Resolved && e.Actor == "v1");
    }

    [Fact]
    public async Task A_volunteer_with_no_ticket_in_hand_writes_as_a_resident()
    {
        var reply = await Say(Volunteer, "办结 0001 好了");

        Assert.DoesNotContain("没有找到工单", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("还想问下 明天是不是停水 楼下贴了个通知没看清")]
    [InlineData("请问这周小区停水吗")]
    [InlineData("物业几点上班？")]
    [InlineData("明儿个停不停水啊 楼下贴了个条 我眼花看不清")]
    [InlineData("物业费现在能在手机上交不")]
    public async Task A_question_of_fact_without_an_answer_opens_nothing(string question)
    {
        var reply = await Say(Resident, question);

        Assert.Contains("没有确切消息", reply, StringComparison.Ordinal);
        Assert.Empty(await ReportedBy(Resident));
    }

    [Fact]
    public async Task A_dry_tap_asked_about_as_a_water_cut_is_a_report()
    {
        // The question is answered as far as the bot knows; the dry tap is reported and waits for its place.
        var reply = await Say(Resident, "今天停水了吗？家里水龙头一滴水都没有，早上脸都没法洗");
        Assert.Contains("在哪里", reply, StringComparison.Ordinal);

        var ticket = await Opened(Resident, "3号楼2单元501");

        Assert.Equal(IntakeCategories.Repair, ticket.Category);
    }
}
