using System.Net.Http.Headers;
using NeighborBot.Directory;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// 改类 in chat: staff who find a ticket filed under the wrong category say what it is; it goes to whoever that
/// category is routed to (with those the route tells), and the correction is exported for intake to learn from.
/// </summary>
public sealed class RecategorizeByStaffTests : DeskTest
{
    private const string Police = "o_police";

    protected override DirectoryDocument TheDirectory()
    {
        var directory = Directory();
        return directory with
        {
            People =
            [
                .. directory.People,
                new Person { Id = "j1", Name = "郑勇", Phone = "13800000021", OpenId = Police, Roles = [Role.Department], Department = "派出所" },
            ],
        };
    }

    [Fact]
    public async Task A_repair_the_property_staff_call_a_hazard_goes_to_the_grid_worker_and_the_resident_hears_of_it()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了，晚上黑乎乎的");
        ticket = await Until(ticket.Number, t => t.Assignee == "p_wuye");
        Assert.Equal("repair", ticket.Category);

        var reply = await Say(Wuye, $"改类 {ticket.ShortNumber} 隐患 灯座烧黑了 线头裸露");

        Assert.Contains("改为安全隐患", reply, StringComparison.Ordinal);
        Assert.Contains("张伟", reply, StringComparison.Ordinal);
        var moved = await Until(ticket.Number, t => t.Assignee == "w_g1");
        Assert.Equal(("hazard", TicketStatus.Assigned), (moved.Category, moved.Status));
        var recategorized = Assert.Single(moved.Events, e => e.Action == TicketActions.Recategorized);
        Assert.Equal(("p_wuye", "repair", "hazard", "灯座烧黑了 线头裸露"), (recategorized.Actor, recategorized.From, recategorized.To, recategorized.Note));
        await DeliveredTo(Worker, d => Mentions(d, ticket.Number));
        await DeliveredTo(Resident, d => Mentions(d, "已转交") && Mentions(d, "张伟"));

        // The worker now has it and acts on it as on any other.
        Assert.Contains("已接单", await Say(Worker, "接单 " + ticket.ShortNumber), StringComparison.Ordinal);

        using var admin = Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        var corrections = await admin.GetStringAsync("/api/admin/intake/corrections");
        var line = Assert.Single(corrections.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"text\":\"3号楼2单元楼道灯坏了，晚上黑乎乎的\"", line, StringComparison.Ordinal);
        Assert.Contains("\"category\":\"hazard\"", line, StringComparison.Ordinal);
        Assert.Contains("repair → hazard by p_wuye", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_called_a_scam_goes_to_the_police_and_the_grid_worker_is_told()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Assignee == "p_wuye");

        var reply = await Say(Wuye, $"改类 {ticket.ShortNumber} 诈骗 来电的人冒充物业收维修基金");

        Assert.Contains("郑勇", reply, StringComparison.Ordinal);
        var moved = await Until(ticket.Number, t => t.Assignee == "j1");
        Assert.Equal("fraud", moved.Category);
        Assert.Equal(["w_g1"], moved.Events.Last(e => e.Action == TicketActions.Transferred).Cc!);
        await DeliveredTo(Police, d => Mentions(d, ticket.ShortNumber));
        await DeliveredTo(Worker, d => Mentions(d, ticket.ShortNumber));
    }

    [Fact]
    public async Task A_category_that_stays_with_the_same_handler_only_changes_its_label_and_a_word_nobody_knows_changes_nothing()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Assignee == "p_wuye");

        Assert.Contains("没看懂要改成哪一类", await Say(Wuye, $"改类 {ticket.ShortNumber} 大事"), StringComparison.Ordinal);
        Assert.Contains("已经是设施报修", await Say(Wuye, $"改类 {ticket.ShortNumber} 报修"), StringComparison.Ordinal);

        // Garbage is the property company's too: the label changes, the handler stays, nobody new is told.
        await DeliveredTo(Wuye, d => Mentions(d, ticket.Number));
        var deliveries = WeChatApi.Deliveries.Count;
        Assert.Contains("处理人不变", await Say(Wuye, $"改类 {ticket.ShortNumber} 环境 其实是垃圾堆在灯下"), StringComparison.Ordinal);
        var relabelled = await Until(ticket.Number, t => t.Category == "environment");
        Assert.Equal(("p_wuye", TicketStatus.Assigned), (relabelled.Assignee, relabelled.Status));
        await Sweep();
        Assert.Equal(deliveries, WeChatApi.Deliveries.Count);

        // Someone who may not act on the ticket changes nothing.
        Assert.Contains("不是派给您的", await Say(Police, $"改类 {ticket.Number} 诈骗"), StringComparison.Ordinal);
        Assert.Equal("environment", (await Ticket(ticket.Number))!.Category);
    }
}
