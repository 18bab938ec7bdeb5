using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// What residents and workers say off the script, through the real callback: places in words and
/// pins, chasing, adding, handing over, ratings in a sentence, problems back after a fix, workers'
/// own words, and where complaints and emergencies go.
/// </summary>
public sealed class ConversationsPeopleHaveTests : DeskTest
{
    private const string Fireman = "o_fire_1";
    private const string HerVolunteer = "o_volunteer_1";

    protected override DirectoryDocument TheDirectory()
    {
        var directory = Directory();
        return directory with
        {
            Households = [.. directory.Households, new Household { Id = "4-1-301", Building = 4, Unit = 1, Room = "301", Tags = ["elderly80", "living-alone"] }],
            People =
            [
                .. directory.People,
                new Person { Id = "f1", Name = "周消防", Phone = "13800000005", OpenId = Fireman, Roles = [Role.Department], Department = "消防" },
                new Person { Id = "v1", Name = "孙志愿", Phone = "13800000006", OpenId = HerVolunteer, Roles = [Role.Volunteer], Households = ["4-1-301"] },
            ],
            Places = [new PublicPlace { Name = "东门", Aliases = ["小区东门"], Grid = "g1" }, new PublicPlace { Name = "快递柜", Grid = "g1" }],
        };
    }

    private static string Who(string openId) => $"mp:{NeighborBotFactory.Account}:{openId}";

    private async Task<IReadOnlyList<Ticket>> Own(string openId) =>
        await Host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync(Who(openId), 20, default);


    private async Task<Ticket> Handled(Ticket ticket) => await Until(ticket.Number, t => t.Assignee is not null);

    /// <summary>A report by <paramref name="resident"/>, taken by the 物业 and resolved with <paramref name="outcome"/>.</summary>
    private async Task<Ticket> Resolved(string resident, string report, string outcome)
    {
        var ticket = await Handled(await Opened(resident, report));
        await Say(Wuye, $"办结 {ticket.ShortNumber} {outcome}");
        return ticket;
    }

    [Fact]
    public async Task A_bound_residents_street_light_is_not_filed_at_home_and_the_spot_named_decides_the_grid()
    {
        var resident = await Bound("3-2-501");

        var asked = await Say(resident, "路灯不亮了");
        Assert.Contains("小区哪个位置", asked, StringComparison.Ordinal);
        Assert.Empty(await Own(resident));

        var opened = await Say(resident, "小区东门那边");
        var ticket = Assert.Single(await Own(resident));
        Assert.Contains(ticket.Number, opened, StringComparison.Ordinal);
        Assert.Equal((null, "东门", "g1"), (ticket.Location!.Building, ticket.Location.Place, ticket.Grid));
        Assert.Null(ticket.HouseholdId);
    }

    [Fact]
    public async Task An_outdoor_spot_the_directory_does_not_know_is_taken_in_the_residents_words()
    {
        var resident = NewResident();

        await Say(resident, "路面塌了一个大坑");

        // "小区里" is everywhere: nobody could be sent there, so the bot asks again.
        Assert.Contains("位置", await Say(resident, "小区里"), StringComparison.Ordinal);
        Assert.Empty(await Own(resident));

        await Say(resident, "菜店门口那段");
        var ticket = Assert.Single(await Own(resident));
        Assert.Equal("菜店门口那段", ticket.Location!.Place);
    }

    [Fact]
    public async Task The_place_just_given_serves_the_next_report_and_just_now_means_it()
    {
        var resident = NewResident();
        await Say(resident, "7号楼1单元402厨房水管漏水");

        var second = await Say(resident, "还有楼道灯也坏了");
        Assert.True(2 == (await Own(resident)).Count, second);
        Assert.Contains("7号楼1单元402", second, StringComparison.Ordinal);

        Assert.Contains("小区哪个位置", await Say(resident, "楼下路灯也不亮"), StringComparison.Ordinal);
        await Say(resident, "就是刚才那个地址啊");
        var third = (await Own(resident))[0];
        Assert.Equal(7, third.Location!.Building);
        Assert.Equal(3, (await Own(resident)).Count);
    }

    [Fact]
    public async Task A_pin_sent_before_the_report_is_where_the_report_is_not_an_attachment_of_the_last_ticket()
    {
        var resident = NewResident();
        var earlier = await Opened(resident, "3号楼2单元楼道灯坏了");

        var pinned = SimulatedWeChat.ReplyText(await Callback.SendAsync(
            CallbackMessages.Location(resident, CallbackClient.Now, CallbackClient.NextMsgId(), 34.75, 113.62, "高阳社区小区东门"), DeliveryMode.Safe));
        Assert.Contains("东门", pinned, StringComparison.Ordinal);
        await Say(resident, "这里的井盖没了");

        var own = await Own(resident);
        Assert.Equal(2, own.Count);
        Assert.Equal("东门", own[0].Location!.Place);
        Assert.Empty((await Ticket(earlier.Number))!.Attachments);
    }

    [Fact]
    public async Task Chasing_tells_the_handler_and_from_the_second_time_the_grid_leader_and_says_who_has_it()
    {
        var ticket = await Handled(await Opened(Resident, "3号楼2单元楼道灯坏了"));

        var first = await Say(Resident, "都两个小时了还没人管？？");
        Assert.Contains("赵敏", first, StringComparison.Ordinal);
        await DeliveredTo(Wuye, d => Mentions(d, "催办"));
        Assert.DoesNotContain(WeChatApi.Deliveries, d => d.OpenId == Leader && Mentions(d, "催办"));

        await Say(Resident, "再催一次！ 外卖快递都进不来 到底有没有人管");
        await DeliveredTo(Leader, d => Mentions(d, "催办"));
        Assert.Equal(2, (await Ticket(ticket.Number))!.Chases);
        Assert.Single(await Own(Resident));
    }

    [Fact]
    public async Task A_question_the_community_has_answered_gets_the_answer_and_no_ticket_even_while_a_report_waits()
    {
        var resident = NewResident();
        Assert.Contains("在哪里", await Say(resident, "楼道灯坏了 一直不亮"), StringComparison.Ordinal);

        var answer = await Say(resident, "物业电话多少啊");
        Assert.Contains(PropertyPhoneAnswer, answer, StringComparison.Ordinal);
        Assert.Contains("还差位置", answer, StringComparison.Ordinal);
        Assert.Empty(await Own(resident));

        await Say(resident, "6栋三单元");
        Assert.Equal("repair", Assert.Single(await Own(resident)).Category);
    }

    [Fact]
    public async Task Giving_up_while_the_bot_asks_where_files_nothing()
    {
        var resident = NewResident();
        Assert.Contains("在哪里", await Say(resident, "电梯老是一顿一顿的 坐着心里发毛"), StringComparison.Ordinal);

        await Say(resident, "算了不报了 房东说他去找物业");
        await Say(resident, "好的");

        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task What_the_resident_says_after_a_fix_did_not_hold_goes_on_the_reopened_ticket()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元厨房下水道堵了 水都泛上来了", "已疏通");

        Assert.Contains(ticket.ShortNumber, await Say(resident, "修了个寂寞 还是堵的"), StringComparison.Ordinal);
        Assert.Contains("记下了", await Say(resident, "师傅拿钩子捅了两下就走了 根本没通到底"), StringComparison.Ordinal);

        var reopened = (await Ticket(ticket.Number))!;
        Assert.Equal(TicketStatus.Reopened, reopened.Status);
        Assert.Contains(reopened.Events, e => e.Action == TicketActions.RatingReason && e.Note == "师傅拿钩子捅了两下就走了 根本没通到底");
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_tap_frozen_again_days_after_the_rating_reopens_its_ticket()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元501 卫生间水龙头冻住了 一滴水都不出", "用热风枪化开了");
        await Say(resident, "出水了 满意");
        await Until(ticket.Number, t => t.Status == TicketStatus.Closed);
        Clock.Advance(TimeSpan.FromDays(2));

        await Say(resident, "那个水龙头又冻住了 又不出水了");

        Assert.Equal(TicketStatus.Reopened, (await Until(ticket.Number, t => t.Status == TicketStatus.Reopened)).Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_report_written_in_pieces_is_one_ticket_and_its_unit_put_right_after_an_oh()
    {
        var resident = NewResident();
        await Say(resident, "电体");
        await Say(resident, "不动了 按了半天也没反应");

        var ticket = await Opened(resident, "9号楼1单远");
        Assert.Equal(IntakeCategories.Repair, ticket.Category);
        Assert.Contains("不动了", ticket.Text, StringComparison.Ordinal);

        await Say(resident, "哦不对 是2单元 我看错了");

        Assert.Equal(2, (await Until(ticket.Number, t => t.Location?.Unit == 2)).Location!.Unit);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Why_a_fix_is_not_good_enough_is_its_reason_even_in_words_of_water_pouring_in()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元厨房下水道堵了 水都泛上来了", "已疏通");

        await Say(resident, "不满意");
        await Say(resident, "根本没通 水还是往上冒 厨房地上都淹了");

        var reopened = (await Ticket(ticket.Number))!;
        Assert.Contains(reopened.Events, e => e.Action == TicketActions.RatingReason && e.Note == "根本没通 水还是往上冒 厨房地上都淹了");
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task More_of_the_same_danger_while_the_bot_asks_where_joins_the_emergency_and_the_place_still_comes()
    {
        var resident = NewResident();
        var gas = await Opened(resident, "楼道里好大一股煤气味 熏得头疼");
        Assert.True(gas.Urgent);

        var again = await Say(resident, "要开窗吗 我不敢开灯");
        Assert.Contains("燃气", again, StringComparison.Ordinal);
        Assert.Contains("在哪里", again, StringComparison.Ordinal);
        await Say(resident, "二号楼三单远");

        var placed = Assert.Single(await Own(resident));
        Assert.Equal((2, 3), (placed.Location!.Building, placed.Location.Unit));
    }

    [Fact]
    public async Task An_answer_to_where_is_a_place_even_when_the_model_alone_reads_urgency_in_it()
    {
        var resident = NewResident();
        Assert.Contains("位置", await Say(resident, "路边有个井盖没了 黑窟窿 小孩跑过去咋整"), StringComparison.Ordinal);

        await Say(resident, "刚才做饭去了 就在小区东门边上 花坛旁边");

        var ticket = Assert.Single(await Own(resident));
        Assert.Equal("东门", ticket.Location!.Place);
    }

    [Fact]
    public async Task An_answer_to_where_with_no_word_of_a_problem_is_a_place_however_long()
    {
        var resident = NewResident();
        Assert.Contains("位置", await Say(resident, "小区路边有个井盖没盖严实 翘起来一半 我刚差点一脚踩进去"), StringComparison.Ordinal);

        var reply = await Say(resident, "南门进来右手边 离门口没几步");

        Assert.DoesNotContain("还没登记", reply, StringComparison.Ordinal);
        var ticket = Assert.Single(await Own(resident));
        Assert.StartsWith("小区路边有个井盖", ticket.Text, StringComparison.Ordinal);
        Assert.Equal("南门", ticket.Location!.Place);
    }

    [Fact]
    public async Task A_place_given_after_a_question_filed_without_one_is_where_that_ticket_is()
    {
        var resident = NewResident();
        var asked = await Say(resident, "你好 我是刚搬来的租户 想问下居住证怎么办 孩子秋天要上小学 都需要啥材料啊");
        Assert.Contains("工单号", asked, StringComparison.Ordinal);

        var reply = await Say(resident, "6号楼2单元302 租的房子");

        Assert.Contains("已补充位置", reply, StringComparison.Ordinal);
        var ticket = Assert.Single(await Own(resident));
        Assert.Equal("consult", ticket.Category);
        Assert.Equal((6, 2, "302"), (ticket.Location!.Building, ticket.Location.Unit, ticket.Location.Room));
    }

    [Fact]
    public async Task An_answer_to_where_that_names_no_danger_is_a_place_whatever_kind_of_danger_the_model_guesses()
    {
        var resident = NewResident();
        Assert.Contains("哪里", await Say(resident, "想预约个调解 我跟我哥为了我妈留下的那套房子闹翻了 都不说话了 想请社区的人帮忙说和说和"), StringComparison.Ordinal);

        var reply = await Say(resident, "房子在2号楼1单元301 我妈以前住那");

        Assert.DoesNotContain("紧急", reply, StringComparison.Ordinal);
        var ticket = Assert.Single(await Own(resident));
        Assert.Equal("dispute", ticket.Category);
        Assert.False(ticket.Urgent);
        Assert.Equal((2, 1, "301"), (ticket.Location!.Building, ticket.Location.Unit, ticket.Location.Room));
    }

    [Fact]
    public async Task What_the_resident_heard_behind_a_question_of_fact_opens_nothing()
    {
        var resident = NewResident();

        await Say(resident, "问下明天小区停水吗 听说要检修管子");

        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task A_detail_or_a_phone_number_after_a_report_joins_it_and_the_handler_hears()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "3号楼2单元501家里漏水了"));

        var added = await Say(resident, "补充一下：是卫生间顶上渗水");
        Assert.Contains(ticket.ShortNumber, added, StringComparison.Ordinal);
        await Say(resident, "我电话13912345678");

        var notes = (await Ticket(ticket.Number))!.Events.Where(e => e.Action == TicketActions.Added).Select(e => e.Note).ToList();
        Assert.Equal(["是卫生间顶上渗水", "我电话13912345678"], notes);
        Assert.Single(await Own(resident));
        await DeliveredTo(Wuye, d => Mentions(d, "居民补充信息"));
    }

    [Fact]
    public async Task A_phone_number_with_a_few_words_after_a_report_joins_it_rather_than_telling_of_a_scam()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "帮我爸报个修 他家4号楼2单元601 卫生间水龙头关不紧一直滴"));

        await Say(resident, "他电话13987654321 直接打给他就行 我在外地");

        var own = Assert.Single(await Own(resident));
        Assert.Equal(ticket.Number, own.Number);
        Assert.Contains(own.Events, e => e.Action == TicketActions.Added && (e.Note ?? string.Empty).Contains("13987654321", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chase_that_says_how_long_they_have_waited_is_the_second_chase_and_reaches_the_grid_leader()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "2号楼1单元的单元门禁坏了 刷卡进不去"));

        Clock.Advance(TimeSpan.FromHours(2));
        await Say(resident, "催一下");
        Clock.Advance(TimeSpan.FromHours(1));
        await Say(resident, "快点吧 都等了两个钟头了还没人管 我在楼下站半天了");

        var own = Assert.Single(await Own(resident));
        Assert.Equal(2, own.Chases);
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number) && (d.Text ?? string.Join(",", d.Data.Values)).Contains('催'));

        // Danger told besides the waiting is a new urgent report, not a third chase.
        await Say(resident, "都等了两个钟头了还没人管 楼道里又一股煤气味");
        Assert.Equal(2, (await Own(resident)).Count);
        Assert.Contains(await Own(resident), t => t.Urgent);
    }

    [Fact]
    public async Task Asking_for_a_person_tells_the_grid_worker_and_the_bot_then_keeps_quiet()
    {
        var resident = await Bound("3-2-501");

        var handed = await Say(resident, "转人工");
        Assert.Contains("张伟", handed, StringComparison.Ordinal);
        await DeliveredTo(Worker, d => Mentions(d, "转人工"));

        Assert.True(string.IsNullOrEmpty(await Say(resident, "我家的事情比较复杂，等你们电话")));
        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task A_rating_in_a_sentence_is_scored_and_after_a_low_one_the_reason_is_asked_and_recorded()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯坏了", "已更换灯泡");

        var judged = await Say(resident, "还行吧，就是来得有点晚");
        Assert.Equal(3, (await Ticket(ticket.Number))!.Rating);
        Assert.Contains("做得更好", judged, StringComparison.Ordinal);

        await Say(resident, "约好上午来，下午才到");
        var rated = (await Ticket(ticket.Number))!;
        Assert.Equal("约好上午来，下午才到", rated.Events.Single(e => e.Action == TicketActions.RatingReason).Note);
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number) && Mentions(d, "原因"));
    }

    [Theory]
    [InlineData("总算弄好了 给你们打3分吧 下回早点来", 3)]
    [InlineData("修好了 還可以吧", 4)]
    [InlineData("这回满意 五颗星", 5)]
    public async Task A_score_said_outright_or_in_traditional_characters_rates_the_fix(string words, int score)
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯坏了", "已更换灯泡");

        await Say(resident, words);

        Assert.Equal(score, (await Ticket(ticket.Number))!.Rating);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_message_that_ends_by_calling_off_cancels_the_report()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "5号楼2单元楼道里有一袋垃圾 都臭了"));
        await Say(Wuye, $"接单 {ticket.ShortNumber}");

        await Say(resident, "刚才问了 是楼上的 人家已经拿下去了 不用来了");

        Assert.Equal(TicketStatus.Cancelled, (await Ticket(ticket.Number))!.Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_message_that_ends_by_calling_off_cancels_the_report_after_the_conversation_went_idle()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "5号楼3单元楼道里不知道谁扔了一大袋垃圾 都臭了"));
        await Say(Wuye, $"接单 {ticket.ShortNumber}");

        Clock.Advance(TimeSpan.FromHours(1));
        await Say(resident, "哦 问清楚了 是对门的 他刚拎下去扔了 不用来了");

        Assert.Equal(TicketStatus.Cancelled, (await Ticket(ticket.Number))!.Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Why_it_matters_said_right_after_a_report_joins_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "东门旁边地上全是烟头饮料瓶 还有西瓜皮 招得苍蝇乱飞");

        await Say(resident, "娃光着脚在那跑 看着就闹心");

        Assert.Single(await Own(resident));
        Assert.Contains((await Ticket(ticket.Number))!.Events, e => e.Action == TicketActions.Added);
    }

    [Fact]
    public async Task A_yes_or_no_question_about_a_water_cut_is_answered_not_filed()
    {
        var resident = NewResident();

        await Say(resident, "后天小区停水不");

        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task A_festival_greeting_is_returned()
    {
        var answer = await Say(NewResident(), "小助手 新年好啊 给你拜个年");

        Assert.Contains("节日快乐", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Praise_in_a_sentence_closes_with_five()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯坏了", "已更换灯泡");

        await Say(resident, "挺好的，师傅很负责👍");

        Assert.Equal((TicketStatus.Closed, 5), ((await Ticket(ticket.Number))!.Status, (await Ticket(ticket.Number))!.Rating));
    }

    [Fact]
    public async Task Thanks_to_the_property_with_a_rating_word_rates_the_fix_and_files_nothing()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯坏了", "三楼四楼灯泡都换好了");

        await Say(resident, "亮堂了 谢谢物业 满意👍👍");

        Assert.Equal(TicketStatus.Closed, (await Ticket(ticket.Number))!.Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_problem_back_after_the_fix_reopens_the_ticket_instead_of_opening_another()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元门口路灯不亮", "已修好");

        var again = await Say(resident, "路灯还是不亮啊，修了个寂寞");

        Assert.Contains(ticket.ShortNumber, again, StringComparison.Ordinal);
        Assert.Single(await Own(resident));
        Assert.Equal(TicketStatus.Reopened, (await Ticket(ticket.Number))!.Status);
        await DeliveredTo(Wuye, d => Mentions(d, "重新打开") || Mentions(d, "仍在"));
    }

    [Fact]
    public async Task Calling_it_off_in_words_cancels_the_one_ticket_and_the_handler_hears()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "3号楼2单元楼道灯坏了"));

        var reply = await Say(resident, "我不要了，刚才那个不用修了");

        Assert.True((await Ticket(ticket.Number))!.Status == TicketStatus.Cancelled, reply);
        await DeliveredTo(Wuye, d => Mentions(d, "已取消"));
    }

    [Fact]
    public async Task A_question_about_the_bot_is_answered_plainly()
    {
        Assert.Contains("智能助手", await Say(NewResident(), "你是机器人吗"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_about_the_bot_that_asks_for_a_person_hands_the_conversation_over()
    {
        var resident = await Bound("3-2-501");

        var handed = await Say(resident, "你是机器人吧 能不能找个真人跟我说");

        Assert.Contains("张伟", handed, StringComparison.Ordinal);
        await DeliveredTo(Worker, d => Mentions(d, "转人工"));
    }

    [Fact]
    public async Task A_workers_acknowledgement_accepts_the_one_ticket_waiting_and_a_bare_resolve_closes_it()
    {
        var ticket = await Handled(await Opened(NewResident(), "2号楼1单元楼上邻居天天半夜吵"));
        Assert.Equal("w_g1", ticket.Assignee);

        var accepted = await Say(Worker, "收到，马上去");
        Assert.Contains("已接单", accepted, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Accepted, (await Ticket(ticket.Number))!.Status);

        await Say(Worker, "办结 已清理干净");
        Assert.Equal(TicketStatus.Resolved, (await Ticket(ticket.Number))!.Status);
    }

    [Fact]
    public async Task Workers_and_leaders_have_their_own_help_and_a_leader_lists_and_moves_the_grids_tickets_by_short_number()
    {
        Assert.Contains("接单", await Say(Worker, "帮助"), StringComparison.Ordinal);
        Assert.DoesNotContain("网格工单", await Say(Worker, "帮助"), StringComparison.Ordinal);
        Assert.Contains("网格工单", await Say(Leader, "帮助"), StringComparison.Ordinal);

        var ticket = await Handled(await Opened(NewResident(), "2号楼1单元楼上邻居天天半夜吵"));
        var list = await Say(Leader, "网格工单");
        Assert.Contains(ticket.ShortNumber, list, StringComparison.Ordinal);
        Assert.Contains("张伟", list, StringComparison.Ordinal);

        var moved = await Say(Leader, $"转派 {ticket.ShortNumber} 赵敏 杂物归物业清");
        Assert.Contains("赵敏", moved, StringComparison.Ordinal);
        Assert.Equal("p_wuye", (await Ticket(ticket.Number))!.Assignee);
    }

    [Fact]
    public async Task Doing_it_before_accepting_records_both()
    {
        var ticket = await Handled(await Opened(NewResident(), "2号楼1单元楼上邻居天天半夜吵"));

        await Say(Worker, $"办结 {ticket.ShortNumber} 已清理");

        var done = (await Ticket(ticket.Number))!;
        Assert.Equal(TicketStatus.Resolved, done.Status);
        Assert.Equal([TicketActions.Accepted, TicketActions.Resolved], done.Events.TakeLast(2).Select(e => e.Action));
    }

    [Fact]
    public async Task A_complaint_about_the_property_company_goes_to_the_secretary_not_to_the_company()
    {
        var ticket = await Handled(await Opened(NewResident(), "我要投诉物业，3号楼这边收了物业费啥也不干"));

        Assert.Equal("s1", ticket.Assignee);
    }

    [Fact]
    public async Task Smoke_reaches_the_fire_safety_department_and_the_secretary()
    {
        var ticket = await Handled(await Opened(NewResident(), "2号楼3单元楼道里冒烟了，好像有东西烧着了"));

        Assert.True(ticket.Urgent);
        await DeliveredTo(Fireman, d => Mentions(d, ticket.Number));
        await DeliveredTo(Secretary, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task Sparks_seen_days_ago_are_not_urgent_but_fire_safety_hears_of_them_and_worn_wiring_alone_stays_with_the_grid()
    {
        var sparks = await Handled(await Opened(NewResident(), "2号楼1单元楼道里那个插座上礼拜冒过一回火星子 这几天倒是没动静"));
        var wiring = await Handled(await Opened(NewResident(), "2号楼4单元楼道墙上的电线外皮老化开裂了"));

        Assert.Equal(("hazard", false), (sparks.Category, sparks.Urgent));
        Assert.Equal(("hazard", false), (wiring.Category, wiring.Urgent));
        await DeliveredTo(Fireman, d => Mentions(d, sparks.Number));
        await DeliveredTo(Worker, d => Mentions(d, wiring.Number));
        await DeliveredTo(Worker, d => Mentions(d, sparks.Number));
        Assert.DoesNotContain(WeChatApi.Deliveries, d => d.OpenId == Fireman && Mentions(d, wiring.Number));
        Assert.DoesNotContain(WeChatApi.Deliveries, d => d.OpenId == Leader && Mentions(d, sparks.Number));
    }

    [Theory]
    [InlineData("6号楼1单元楼下那块脏得很")]
    public async Task A_report_between_two_kinds_the_same_department_handles_is_filed_at_once_without_asking(string text)
    {
        var choices = Host.Services.GetRequiredService<NeighborBot.Conversations.IntakeService>().Analyze(text).Choices;
        // Intake cannot tell the two apart, and both are the 物业's.
        Assert.NotNull(choices);
        Assert.Equal(2, choices.Count);
        Assert.All(choices, c => Assert.Contains(c, new[] { "repair", "property", "environment" }));
        var resident = NewResident();

        var reply = await Say(resident, text);

        var ticket = await Handled(Assert.Single(await Own(resident)));
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
        Assert.Equal("p_wuye", ticket.Assignee);
    }

    [Fact]
    public async Task Asking_whether_a_fire_heard_of_really_happened_files_nothing_and_a_report_after_it_is_filed()
    {
        var resident = NewResident();

        var answer = await Say(resident, "听隔壁单元的人讲前天晚上6号楼有户人家起火了 是真的吗 怪吓人的");
        Assert.Equal(NeighborBot.Wording.ResidentTexts.HearsayAnswer, answer);
        Assert.Empty(await Own(resident));

        await Say(resident, "6号楼2单元楼道里的灭火器箱子是空的");
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_workers_acknowledgement_with_nothing_waiting_is_never_a_report_and_with_two_waiting_takes_neither()
    {
        var nothing = await Say(Worker, "好嘞 下午我找人过去看看");
        Assert.Contains("没有可以接单", nothing, StringComparison.Ordinal);
        Assert.Empty(await ReportedBy(Worker));

        var resident = NewResident();
        await Say(resident, "2号楼1单元楼梯口堆满了旧家具 安全出口全挡住了");
        await Say(resident, "还有2号楼3单元楼道里有人拉线给电动车充电");
        var waiting = await Own(resident);
        Assert.Equal(2, waiting.Count);
        foreach (var t in waiting)
        {
            await Handled(t);
        }

        var which = await Say(Worker, "收到");
        Assert.Contains("2 张工单", which, StringComparison.Ordinal);
        Assert.All(await Own(resident), t => Assert.Equal(TicketStatus.Assigned, t.Status));
        Assert.Empty(await ReportedBy(Worker));
    }

    [Fact]
    public async Task Calling_off_one_of_two_reports_an_hour_later_by_naming_it_cancels_that_one()
    {
        var resident = NewResident();
        await Say(resident, "3号楼1单元楼道灯不亮了，还有东门的门禁也坏了刷不开");
        var both = await Own(resident);
        Assert.Equal(2, both.Count);

        Clock.Advance(TimeSpan.FromMinutes(50));
        await Say(resident, "东门那个不用管了 刚才路过已经能刷开了");

        var after = await Own(resident);
        var gate = after.Single(t => t.Location?.Place == "东门");
        var light = after.Single(t => t.Location?.Place != "东门");
        Assert.Equal(TicketStatus.Cancelled, gate.Status);
        Assert.NotEqual(TicketStatus.Cancelled, light.Status);
    }

    [Fact]
    public async Task An_elderly_fall_at_a_paired_household_reaches_its_volunteer()
    {
        var ticket = await Handled(await Opened(NewResident(), "4号楼1单元301的老人摔倒了起不来"));

        Assert.True(ticket.Urgent);
        Assert.Equal("4-1-301", ticket.HouseholdId);
        await DeliveredTo(HerVolunteer, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task A_light_reported_at_night_is_due_in_working_hours_and_an_urgent_ticket_around_the_clock()
    {
        // 23:04 in China.
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 15, 4, 0, TimeSpan.Zero));

        var light = await Handled(await Opened(NewResident(), "3号楼2单元楼道灯坏了"));
        var gas = await Handled(await Opened(NewResident(), "2号楼1单元楼道里有很大的煤气味"));

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.FromHours(8)), light.AcceptBy);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(15), gas.AcceptBy!.Value, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Only_asking_is_not_registered()
    {
        var resident = NewResident();
        await Say(resident, "楼道灯坏了");

        var reply = await Say(resident, "不是报修，我就是问问");

        Assert.Contains("不登记", reply, StringComparison.Ordinal);
        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task News_right_after_an_emergency_joins_its_ticket()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "2号楼1单元我家厨房煤气味很大");

        var update = await Say(resident, "窗户全打开了 总阀也关了 人先出来站楼道里了");
        var fear = await Say(resident, "电灯我也不敢开了 怕有火花");

        Assert.Contains(ticket.ShortNumber, update, StringComparison.Ordinal);
        Assert.Contains(ticket.ShortNumber, fear, StringComparison.Ordinal);
        Assert.Single(await Own(resident));
        Assert.Contains((await Ticket(ticket.Number))!.Events, e => e.Action == TicketActions.Added);
    }

    [Fact]
    public async Task Only_asking_after_a_ticket_was_opened_withdraws_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "5号楼1单元楼道灯坏了");

        Assert.Contains("不登记", await Say(resident, "不是报修，我就是问问"), StringComparison.Ordinal);

        Assert.Equal(TicketStatus.Cancelled, (await Ticket(ticket.Number))!.Status);
    }

    [Theory]
    [InlineData("好好好 小王这孩子真贴心 比亲孙子还亲", 5)]
    [InlineData("还中吧 先围上了放心点", 3)]
    public async Task Praise_and_a_lukewarm_word_in_the_residents_own_dialect_rate_the_fix(string words, int score)
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯坏了", "已更换灯泡");

        await Say(resident, words);

        Assert.Equal((TicketStatus.Closed, score), ((await Ticket(ticket.Number))!.Status, (await Ticket(ticket.Number))!.Rating));
    }

    [Fact]
    public async Task Fixed_as_if_never_fixed_reopens_the_ticket()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "小广场那一圈路灯黑了 东门旁边", "换了镇流器");

        await Say(resident, "修了跟没修一样");

        Assert.Equal(TicketStatus.Reopened, (await Ticket(ticket.Number))!.Status);
    }

    [Fact]
    public async Task A_light_out_again_two_days_after_it_was_closed_reopens_it()
    {
        var resident = NewResident();
        var ticket = await Resolved(resident, "3号楼2单元楼道灯不亮了", "已换新灯泡");
        await Say(resident, "亮了亮了 挺好");
        Assert.Equal(TicketStatus.Closed, (await Ticket(ticket.Number))!.Status);

        Clock.Advance(TimeSpan.FromDays(2));
        await Say(resident, "那个楼道灯又黑了 才亮了两天");

        Assert.Equal(TicketStatus.Reopened, (await Ticket(ticket.Number))!.Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Saying_it_was_wrong_puts_right_the_report_instead_of_opening_another()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Opened(resident, "我家卫生间顶上往下渗水 墙皮都鼓起来了");

        await Say(resident, "哎说错了 不是卫生间 是厨房顶上 灶台边上那块");

        Assert.Single(await Own(resident));
        Assert.Contains((await Ticket(ticket.Number))!.Events, e => e.Action == TicketActions.Added && (e.Note ?? string.Empty).Contains("厨房", StringComparison.Ordinal));

        var other = NewResident();
        var gate = await Opened(other, "东门那个进车的栏杆坏了 抬不起来了");
        await Say(other, "哎呀俺说差了 不是东门 是北门 俺这老糊涂了");
        Assert.Equal("北门", (await Ticket(gate.Number))!.Location?.Place);
        Assert.Single(await Own(other));
    }

    [Fact]
    public async Task A_unit_a_bound_resident_names_is_in_her_own_building()
    {
        var resident = await Bound("3-2-501");

        var ticket = await Opened(resident, "俺们2单远那个电体不动了 停在三楼 按啥都不亮");

        Assert.Equal((3, 2), (ticket.Location!.Building, ticket.Location.Unit));
    }

    [Fact]
    public async Task Calling_off_hours_later_cancels_the_ticket_being_worked_on()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Handled(await Opened(resident, "俺闺女给俺买了个新手机 俺不会视频 能不能叫个人来俺家教教俺"));
        await Say(Worker, $"接单 {ticket.ShortNumber}");

        Clock.Advance(TimeSpan.FromHours(5));
        await Say(resident, "不用来了 俺孙子放学过来给俺教会了");

        Assert.Equal(TicketStatus.Cancelled, (await Ticket(ticket.Number))!.Status);
    }

    [Fact]
    public async Task Questions_about_a_cut_or_the_heating_are_answered_and_file_nothing()
    {
        var resident = NewResident();
        await Say(resident, "物业群里说明天停电检修 几点到几点啊");
        await Say(resident, "那电梯也跟着停吗");
        await Say(resident, "小助手 俺问个事 这天一天比一天冷了 今年暖气啥时候来啊 还有物业那个电话是多少 俺那个本子找不着了");

        Assert.Contains("在哪里", await Say(resident, "家里暖气片不太热"), StringComparison.Ordinal);
        await Say(resident, "不是报修 我就是问问 今年暖气啥时候开始烧");
        await Say(resident, "3号楼2单元");

        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task A_place_given_after_the_conversation_went_idle_still_completes_the_report()
    {
        var resident = NewResident();
        Assert.Contains("哪个位置", await Say(resident, "路上积了好大一片水 没过脚脖子了 好几个老头老太太都过不去"), StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromMinutes(40));
        await Say(resident, "东门那");

        Assert.Equal("东门", Assert.Single(await Own(resident)).Location?.Place);
    }

    [Fact]
    public async Task Words_that_end_by_pointing_at_a_spot_answer_where()
    {
        var resident = NewResident();
        await Say(resident, "井盖子不知道叫谁给掀了 就剩个大黑窟窿");

        await Say(resident, "东门进来 快递车老停的那块");

        var ticket = Assert.Single(await Own(resident));
        Assert.Equal(("东门", IntakeCategoriesHazard), (ticket.Location?.Place, ticket.Category));
    }

    private const string IntakeCategoriesHazard = NeighborBot.Intake.IntakeCategories.Hazard;

    [Fact]
    public async Task A_greeting_before_a_report_does_not_make_it_small_talk()
    {
        var resident = NewResident();

        await Say(resident, "你好 家里马桶堵了 冲不下去 急死了");
        await Say(resident, "3号楼2单元601");

        Assert.Equal("repair", Assert.Single(await Own(resident)).Category);
    }

    [Fact]
    public async Task A_conversation_in_traditional_characters_is_understood_throughout()
    {
        var resident = NewResident();
        await Say(resident, "晚上路燈好幾盞都不亮，黑得嚇人");

        Assert.Contains(PropertyPhoneAnswer, await Say(resident, "對了，物業電話是多少？"), StringComparison.Ordinal);
        await Say(resident, "東門那邊");

        Assert.Equal("东门", Assert.Single(await Own(resident)).Location?.Place);
    }

    [Fact]
    public async Task A_rating_after_a_rescue_is_a_rating_not_a_new_emergency()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "救命 被关电梯里了 4号楼1单元 卡在七八楼中间 门打不开"));
        Assert.True(ticket.Urgent);
        await Say(Wuye, $"办结 {ticket.ShortNumber} 人已救出 电梯停运检修");

        await Say(resident, "总算出来了 还行吧 等了快半小时");

        Assert.Equal(TicketStatus.Closed, (await Ticket(ticket.Number))!.Status);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Of_two_problems_each_is_where_its_own_words_say_or_at_home()
    {
        var resident = await Bound("3-2-501");
        await Say(resident, "楼道灯不亮好几天了 还有4号楼门口的垃圾桶三四天没人收 臭得很");
        var own = await Own(resident);
        Assert.Equal(2, own.Count);
        Assert.Contains(own, t => t.Location is { Building: 3, Unit: 2 });
        Assert.Contains(own, t => t.Location is { Building: 4, Unit: null });

        var other = NewResident();
        await Say(other, "俩事哈 1. 3号楼2单元电梯那个按钮不亮了 按了没反应 2. 快递柜旁边不知道谁扔了一堆装修垃圾 挡道了");
        var two = await Own(other);
        Assert.Contains(two, t => t.Location is { Building: 3, Unit: 2 });
        Assert.Contains(two, t => t.Location?.Place == "快递柜");
    }

    [Fact]
    public async Task A_spot_not_on_the_map_goes_to_the_grid_of_the_reporters_home()
    {
        var resident = await Bound("3-2-501");

        var ticket = await Handled(await Opened(resident, "老年活动室门口那棵大槐树 树干裂了好大一道口子 刮大风怕倒下来砸着人"));

        Assert.Equal(("hazard", "w_g1"), (ticket.Category, ticket.Assignee));
    }

    [Fact]
    public async Task Saying_one_more_thing_joins_the_taken_ticket()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Handled(await Opened(resident, "我家卫生间顶上往下渗水 墙湿了一大片"));
        await Say(Wuye, $"接单 {ticket.ShortNumber}");

        Clock.Advance(TimeSpan.FromHours(1));
        await Say(resident, "再说一句 渗得最厉害的是马桶上头那块 水还有点发黄");

        Assert.Single(await Own(resident));
        Assert.Contains((await Ticket(ticket.Number))!.Events, e => e.Action == TicketActions.Added && (e.Note ?? string.Empty).Contains("马桶", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_missing_who_is_found_is_called_off_with_thanks()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Handled(await Opened(resident, "我家老头一早出去遛弯 到现在没回来 手机关机了 他脑子有点糊涂"));
        Assert.True(ticket.Urgent);

        Clock.Advance(TimeSpan.FromMinutes(30));
        await Say(resident, "找着了 在菜市场门口坐着呢 不用找了 麻烦你们了");

        Assert.Equal(TicketStatus.Cancelled, (await Ticket(ticket.Number))!.Status);
    }

    [Fact]
    public async Task Words_typed_one_by_one_are_read_as_one_message()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "5号楼1单元楼道灯坏了"));

        Clock.Advance(TimeSpan.FromHours(2));
        await Say(resident, "都 两个钟头了 还没 人管");

        Assert.Equal(1, (await Ticket(ticket.Number))!.Chases);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Asking_why_it_is_still_there_is_answered_with_progress()
    {
        var resident = NewResident();
        var ticket = await Handled(await Opened(resident, "东门这块电动车乱停一大片 把人行道都占满了"));

        Clock.Advance(TimeSpan.FromDays(1));
        var answer = await Say(resident, "东门那些电动车咋还在那");

        Assert.Contains(ticket.ShortNumber, answer, StringComparison.Ordinal);
        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task A_scam_call_hung_up_on_yesterday_is_not_urgent()
    {
        var ticket = await Opened(NewResident(), "问下哈 昨天下午有个电话说我医保卡在外地被盗刷 要转接公安帮我冻结 还让我下个会议app开屏幕共享 我觉得不对直接挂了 这是诈骗吧？5栋3单元1102");

        Assert.Equal(("fraud", false), (ticket.Category, ticket.Urgent));
    }

    [Fact]
    public async Task A_report_typed_in_pieces_is_read_with_the_piece_before_it()
    {
        var fallen = NewResident();
        await Say(fallen, "喂 喂 小助手");
        await Say(fallen, "我在厕所里头");
        await Say(fallen, "摔了一跤 爬不起来了 腿动不了");
        var urgent = Assert.Single(await Own(fallen));
        Assert.Equal(("wish", true), (urgent.Category, urgent.Urgent));

        var parked = await Bound("3-2-501");
        await Say(parked, "快递柜");
        await Say(parked, "我车位又被人占了 白色SUV 车上没留电话");
        Assert.Equal("快递柜", Assert.Single(await Own(parked)).Location!.Place);

        // Who is writing, by the building of the home: a problem inside it is at the home.
        var neighbour = await Bound("3-2-501");
        await Say(neighbour, "喂 小助手啊 我是三号楼的老陈");
        await Say(neighbour, "我家厨房那个水龙头拧不紧了 一直滴答");
        Assert.Equal(new TicketLocation(3, 2, "501", null), Assert.Single(await Own(neighbour)).Location);

        // A piece said long before is no part of the next report.
        var later = NewResident();
        await Say(later, "东门");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await Say(later, "路灯不亮了");
        Assert.Empty(await Own(later));
    }

    [Fact]
    public async Task A_broken_thing_outdoors_from_a_bound_resident_is_asked_about_not_filed_at_her_home()
    {
        var resident = await Bound("3-2-501");

        var asked = await Say(resident, "小区那个篮球架的篮网烂了 麻烦给换一个");

        Assert.Contains("哪个位置", asked, StringComparison.Ordinal);
        Assert.Empty(await Own(resident));
    }

    [Fact]
    public async Task A_room_put_right_keeps_the_kind_of_the_report_whatever_the_other_words_say()
    {
        var daughter = NewResident();
        var asked = await Opened(daughter, "我爸今年满八十了 听说有高龄津贴 想帮他申请 要带啥材料 他住8号楼1单元602");

        await Say(daughter, "哦不对 是502 我记成他楼上那家了");

        var ticket = Assert.Single(await Own(daughter));
        Assert.Equal((asked.Number, asked.Category, "502"), (ticket.Number, ticket.Category, ticket.Location!.Room));
    }

    [Fact]
    public async Task A_few_words_naming_the_spot_of_a_vague_report_put_it_there()
    {
        var resident = NewResident();
        var vague = await Opened(resident, "大门那个抬杆坏了");

        await Say(resident, "坏的是东门那个杆子");

        var ticket = Assert.Single(await Own(resident));
        Assert.Equal((vague.Number, "东门"), (ticket.Number, ticket.Location!.Place));
    }

    [Fact]
    public async Task Asking_where_a_place_is_after_a_report_adds_nothing_to_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "东门那个抬杆坏了");

        await Say(resident, "对了 快递柜在哪啊 新搬来的转了半天没找着");

        var after = Assert.Single(await Own(resident));
        // The ticket's own events go on in the background (it is dispatched); only an addition would be the question's.
        Assert.Equal(ticket.Number, after.Number);
        Assert.DoesNotContain(after.Events, e => e.Action == TicketActions.Added);
    }

    [Fact]
    public async Task An_address_given_after_a_question_is_where_its_ticket_is_and_the_rest_goes_on_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "孩子明年九月上小学 我们是租房的 能在这边报名吗 要准备啥");
        Assert.Null(ticket.Location);

        await Say(resident, "我住4号楼1单元203 房子是租的 有租房合同 电话15867321045");

        var placed = Assert.Single(await Own(resident));
        Assert.Equal((4, 1, "203"), (placed.Location!.Building, placed.Location.Unit, placed.Location.Room));
        Assert.Contains(placed.Events, e => e.Note?.Contains("15867321045", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_bare_call_off_and_its_reason_cancel_the_report_and_a_new_danger_does_not()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "2号楼3单元 楼上在装修 大中午的电钻一直响 孩子刚睡着又吵醒了");
        Clock.Advance(TimeSpan.FromMinutes(40));

        await Say(resident, "不用了");
        Assert.NotEqual(TicketStatus.Cancelled, Assert.Single(await Own(resident)).Status);
        await Say(resident, "刚上楼跟他们说了 人家答应午休不干了");

        var cancelled = Assert.Single(await Own(resident));
        Assert.Equal((ticket.Number, TicketStatus.Cancelled), (cancelled.Number, cancelled.Status));

        var other = NewResident();
        var noise = await Opened(other, "5号楼2单元 楼上在装修 电钻一直响");
        await Say(other, "不用了");
        await Say(other, "楼道里一股煤气味");
        Assert.Contains(await Own(other), t => t.Number == noise.Number && t.Status != TicketStatus.Cancelled);
    }

    [Fact]
    public async Task The_same_report_told_again_in_more_words_at_the_same_place_is_one_ticket()
    {
        var resident = await Bound("3-2-501");
        await Say(resident, "小助手啊 我那个收音机不响了");

        await Say(resident, "就是天天听戏的那个老物件 按哪个都没声 能不能找个人帮我看看 我是3号楼2单元501的");

        Assert.Single(await Own(resident));
    }

    [Fact]
    public async Task Water_coming_through_after_a_leak_upstairs_the_neighbour_ignores_is_that_story_told_on()
    {
        var resident = await Bound("3-2-501");
        var dispute = await Opened(resident, "楼上那家卫生间漏水 人家不管");

        await Say(resident, "渗到我家卫生间顶上 一大块黄印子 还往下滴答");

        var ticket = Assert.Single(await Own(resident));
        Assert.Equal((dispute.Number, "dispute"), (ticket.Number, ticket.Category));
    }
}
