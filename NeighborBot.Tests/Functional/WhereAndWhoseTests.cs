using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// Where a report is and who has it, told in the words of a resident or a worker: a place remembered hours later, a
/// building's unit and room said after it, a place put right that the next report keeps, a problem said to be elsewhere,
/// a report for a relative's flat, a story told in pieces while the bot asks where, calling off after the conversation
/// was forgotten, a worker passing a ticket to a volunteer by role and name, and a ticket sent back by a worker of
/// another grid.
/// </summary>
public sealed class WhereAndWhoseTests : DeskTest
{
    protected override DirectoryDocument TheDirectory() => WithSecondGridStaff("西门");

    [Fact]
    public async Task The_gate_remembered_hours_later_becomes_the_place_of_the_report_even_after_the_conversation_was_forgotten()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "小区门口的道闸抬不起来了，车全堵在外面排队");
        await Until(ticket.Number, t => t.Assignee is not null);
        Clock.Advance(TimeSpan.FromMinutes(90));

        await Say(resident, "刚才忘说了 是西门那个道闸");

        var moved = await Until(ticket.Number, t => t.Location?.Place == "西门");
        Assert.Equal("g2", moved.Grid);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task A_unit_and_room_said_after_a_report_at_a_building_fill_in_its_place()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "6号楼 楼上天天半夜拖椅子 咚咚响 吵得孩子睡不着");

        await Say(resident, "3单元502");

        var placed = await Until(ticket.Number, t => t.Location?.Unit == 3);
        Assert.Equal((6, "502"), (placed.Location!.Building, placed.Location.Room));
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task A_room_put_right_is_the_place_of_the_next_report_that_names_none()
    {
        var resident = NewResident();
        var first = await Opened(resident, "4号楼3单元710 屋里没电了 别人家都有电");
        await Say(resident, "打错了 是701");
        await Until(first.Number, t => t.Location?.Room == "701");

        await Say(resident, "还有卫生间下水也堵了 一股味儿");

        var second = (await ReportedBy(resident)).Single(t => t.Number != first.Number);
        Assert.Equal((4, 3, "701"), (second.Location?.Building, second.Location?.Unit, second.Location?.Room));
    }

    [Fact]
    public async Task A_problem_said_to_be_somewhere_else_is_asked_about_not_filed_at_the_place_before()
    {
        var resident = NewResident();
        await Opened(resident, "西门那几个垃圾桶满了好几天了 没人倒");

        var reply = await Say(resident, "还有路灯 也黑了好几个 不是西门那边的 是另一头");

        Assert.Contains("哪", reply, StringComparison.Ordinal);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task A_report_for_a_relative_s_flat_is_not_filed_at_the_reporter_s_home_and_the_address_given_is_its_place()
    {
        var son = await Bound("3-2-501");
        var reply = await Say(son, "我妈刚给我打电话 说她家厨房一股煤气味儿 窗户她已经开了 我在外地出差 能不能赶紧找人去看看");
        var ticket = Assert.Single(await ReportedBy(son));
        Assert.True(ticket.Urgent);
        Assert.Null(ticket.Location);
        Assert.Contains("哪", reply, StringComparison.Ordinal);

        await Say(son, "6号楼2单元1201 我妈姓郭 一个人在家");

        var placed = await Until(ticket.Number, t => t.Location is not null);
        Assert.Equal((6, 2, "1201"), (placed.Location!.Building, placed.Location.Unit, placed.Location.Room));
        Assert.Single(await ReportedBy(son));
    }

    [Fact]
    public async Task More_of_the_story_while_the_bot_asks_where_is_one_report_with_the_place_that_follows()
    {
        var resident = NewResident();
        await Say(resident, "楼上天天半夜一两点还在跺脚拉椅子 咚咚咚的 孩子明年中考 根本睡不好");
        await Say(resident, "上去说过两回了 人家门都不开");
        Assert.Empty(await ReportedBy(resident));

        await Say(resident, "6号楼2单元302");

        var ticket = Assert.Single(await ReportedBy(resident));
        Assert.Contains("门都不开", ticket.Text, StringComparison.Ordinal);
        Assert.Equal((6, 2), (ticket.Location?.Building, ticket.Location?.Unit));
    }

    [Fact]
    public async Task No_one_needed_any_more_calls_the_report_off_after_the_conversation_was_forgotten()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "6号楼2单元302 家里水龙头一点水都不出了 是不是冻住了");
        Clock.Advance(TimeSpan.FromMinutes(40));

        await Say(resident, "来水了，太阳一出来化开了，不用派人来了哈");

        await Until(ticket.Number, t => t.Status == TicketStatus.Cancelled);
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task Yes_in_dialect_with_a_worry_for_later_rates_the_fix_and_closes_it()
    {
        var resident = NewResident();
        var ticket = await Opened(resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Assignee == "p_wuye");
        await Say(Wuye, $"办结 {ticket.ShortNumber} 换了灯泡");

        await Say(resident, "中 亮了 就怕过两天又不亮");

        var closed = await Until(ticket.Number, t => t.Status == TicketStatus.Closed);
        Assert.InRange(closed.Rating ?? 0, 3, 4);
    }

    [Fact]
    public async Task A_worker_passes_a_wish_to_a_volunteer_named_with_her_role()
    {
        var ticket = await Opened(await Bound("3-2-501"), "俺那个老收音机不响了 一拧就沙沙沙 听不成戏了 有人能给俺瞧瞧不");
        await Until(ticket.Number, t => t.Assignee == "w_g1");

        Assert.Contains("刘洋", await Say(Worker, $"转派 {ticket.ShortNumber} 志愿者刘洋"), StringComparison.Ordinal);

        await Until(ticket.Number, t => t.Assignee == "v1");
        await DeliveredTo(Volunteer, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task A_ticket_sent_back_by_a_worker_of_another_grid_goes_back_to_its_own_grid_worker()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼上天天半夜剁馅 咚咚的 吵得睡不着");
        await Until(ticket.Number, t => t.Assignee == "w_g1");
        await Say(Leader, $"转派 {ticket.ShortNumber} 陈静");
        await Until(ticket.Number, t => t.Assignee == "w_g2");

        Assert.Contains("张伟", await Say(SecondWorker, $"退回 {ticket.ShortNumber} 3号楼不归第二网格"), StringComparison.Ordinal);

        var back = await Until(ticket.Number, t => t.Assignee == "w_g1");
        Assert.Equal(TicketStatus.Assigned, back.Status);
        await DeliveredTo(Leader, d => Mentions(d, "退回"));
    }
}
