using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// A report that turns into an emergency a little later ("老头子早上出去买菜", then "到现在没回来 电话不接"): the ticket
/// already open becomes urgent, with the urgent deadlines, and everyone an emergency reaches hears of it once; no second
/// ticket is opened beside it. Another emergency, about something the report did not tell of, is a ticket of its own.
/// </summary>
public sealed class WorseNewsTests : DeskTest
{
    protected override DirectoryDocument TheDirectory() => WithSecondGridStaff();

    [Fact]
    public async Task An_elderly_man_who_went_out_and_is_now_missing_makes_the_ticket_urgent_and_the_leader_and_his_volunteer_hear_of_it_once()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Opened(resident, "我家 老头子 早上 出去 买菜");
        Assert.False(ticket.Urgent);
        ticket = await Until(ticket.Number, t => t.Assignee is not null);
        Assert.Equal("w_g1", ticket.Assignee);
        var acceptBy = ticket.AcceptBy!.Value;

        Clock.Advance(TimeSpan.FromMinutes(10));
        var reply = await Say(resident, "到现在 没回来 电话 不接 他 有点 老年痴呆 找不着 了");
        Assert.Contains($"工单 {ticket.ShortNumber}", reply, StringComparison.Ordinal);
        Assert.Contains("已改为紧急", reply, StringComparison.Ordinal);
        Assert.Contains("110", reply, StringComparison.Ordinal);

        var urgent = Assert.Single(await ReportedBy(resident));
        Assert.Equal(ticket.Number, urgent.Number);
        Assert.True(urgent.Urgent);
        Assert.Equal("missing", urgent.Hazard);
        Assert.True(urgent.AcceptBy < acceptBy);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromMinutes(15), urgent.AcceptBy);
        var raised = Assert.Single(urgent.Events, e => e.Action == TicketActions.MadeUrgent);
        Assert.Contains("没回来", raised.Note, StringComparison.Ordinal);

        await DeliveredTo(Worker, d => Mentions(d, "转为紧急"));
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number) && Mentions(d, "张伟"));
        await DeliveredTo(Volunteer, d => Mentions(d, ticket.Number));
        await DeliveredTo(Secretary, d => Mentions(d, ticket.Number));

        // What the resident adds then joins the urgent ticket; told once: the sweep sends nobody anything more.
        Assert.Contains("已补充到工单", await Say(resident, "穿灰外套 拄拐棍"), StringComparison.Ordinal);
        await Until(ticket.Number, t => t.Events.Any(e => e.Action == TicketActions.Added && e.Note == "穿灰外套 拄拐棍"));
        await Sweep();
        await Task.Delay(300);
        Assert.Single(WeChatApi.Deliveries, d => d.OpenId == Leader && Mentions(d, ticket.Number));
        Assert.Single(WeChatApi.Deliveries, d => d.OpenId == Volunteer && Mentions(d, ticket.Number));
        Assert.Single(await ReportedBy(resident));
    }

    [Fact]
    public async Task Water_that_drips_and_pours_in_forty_minutes_later_makes_the_same_ticket_urgent()
    {
        var resident = await Bound("3-2-501");
        var ticket = await Opened(resident, "卫生间顶上往下滴水 滴答滴答的 找个人来看看");
        Assert.False(ticket.Urgent);
        await Until(ticket.Number, t => t.Assignee is not null);

        Clock.Advance(TimeSpan.FromMinutes(40));
        var reply = await Say(resident, "这会儿不行了 顶上哗哗往下流 地上全是水 都淌到客厅了");
        Assert.Contains("已改为紧急", reply, StringComparison.Ordinal);
        var urgent = Assert.Single(await ReportedBy(resident));
        Assert.Equal(ticket.Number, urgent.Number);
        Assert.True(urgent.Urgent);
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task An_emergency_about_something_else_is_a_ticket_of_its_own_and_the_report_before_stays_as_it_was()
    {
        var resident = await Bound("3-2-501");
        var light = await Until((await Opened(resident, "3号楼2单元楼道灯坏了")).Number, t => t.Assignee is not null);

        var reply = await Say(resident, "电梯里困人了 门打不开 出不来");
        Assert.DoesNotContain("已改为紧急", reply, StringComparison.Ordinal);
        var tickets = await ReportedBy(resident);
        Assert.Equal(2, tickets.Count);
        Assert.True(tickets.Single(t => t.Number != light.Number).Urgent);
        var before = await Ticket(light.Number);
        Assert.False(before!.Urgent);
        Assert.DoesNotContain(before.Events, e => e.Action == TicketActions.MadeUrgent);
    }

    [Fact]
    public async Task A_ticket_nobody_has_taken_yet_is_made_urgent_by_its_reporter_only_once()
    {
        var ticket = new Ticket { Category = "repair", Reporter = "mp:a:o1", Channel = "mp", Text = "厨房水管滴水", SourceId = "s", CreatedAt = Clock.GetUtcNow() };
        var at = Clock.GetUtcNow().AddMinutes(5);
        Assert.Equal(TicketRefusal.WrongStatus, ticket.MakeUrgent("mp:a:o2", "水管爆了", "flood", at, at, [], at).Refusal);

        var urgent = ticket.MakeUrgent("mp:a:o1", "水管爆了 到处喷水", "flood", at.AddMinutes(15), at.AddHours(4), ["l_g1"], at);
        Assert.True(urgent.Done);
        Assert.True(urgent.Ticket!.Urgent);
        Assert.Equal("flood", urgent.Ticket.Hazard);
        Assert.Equal(at.AddMinutes(15), urgent.Ticket.AcceptBy);
        Assert.False(urgent.Ticket.MakeUrgent("mp:a:o1", "水管爆了", "flood", at, at, [], at).Changed);
        Assert.Equal(TicketRefusal.WrongStatus, (urgent.Ticket with { Status = TicketStatus.Closed }).MakeUrgent("mp:a:o1", "又喷水", "flood", at, at, [], at).Refusal);
    }
}
