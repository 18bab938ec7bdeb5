using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Hangfire;
using NeighborBot.Api.Admin;
using NeighborBot.Jobs;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// 群众点单、平台派单、干部接单、居民评单 end to end: the real host on real Redis with the real
/// Hangfire server, a fake WeChat API on loopback, and a clock the test moves for the deadlines.
/// </summary>
public sealed class TicketLoopTests : DeskTest
{
    [Fact]
    public async Task A_resident_reports_the_worker_accepts_and_resolves_and_the_resident_rates()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");

        var assigned = await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        Assert.Equal("p_wuye", assigned.Assignee);
        Assert.NotNull(assigned.AcceptBy);
        var assignment = await DeliveredTo(Wuye, d => Mentions(d, ticket.Number));
        Assert.Equal("template", assignment.Channel);   // the staff member never wrote: outside the 48 h window
        Assert.Equal(ticket.Number, assignment.ClientMsgId![..ticket.Number.Length]);

        var accepted = await Say(Wuye, $"接单 {ticket.ShortNumber}");
        Assert.Contains("已接单", accepted, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Accepted, (await Ticket(ticket.Number))!.Status);
        var told = await DeliveredTo(Resident, d => Mentions(d, "接单"));
        Assert.Equal("custom", told.Channel);   // the resident wrote a moment ago

        await Say(Wuye, $"办结 {ticket.ShortNumber} 已更换灯泡");
        Assert.Equal(TicketStatus.Resolved, (await Ticket(ticket.Number))!.Status);
        await DeliveredTo(Resident, d => Mentions(d, "已更换灯泡") && Mentions(d, "评价"));

        var thanks = await Say(Resident, "满意");
        var closed = (await Ticket(ticket.Number))!;
        Assert.Contains("谢谢您的评价", thanks, StringComparison.Ordinal);
        Assert.Equal((TicketStatus.Closed, 5), (closed.Status, closed.Rating));
        Assert.Equal(["created", "assigned", "accepted", "resolved", "rated"], closed.Events.Select(e => e.Action));
        Assert.Equal("p_wuye", closed.Events[2].Actor);

        var admin = Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        var figures = await admin.GetFromJsonAsync<JsonElement>(
            $"/api/admin/figures?from={Uri.EscapeDataString(Clock.GetUtcNow().AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Clock.GetUtcNow().AddDays(1).ToString("O"))}");
        var total = figures.GetProperty("total");
        Assert.Equal(1, total.GetProperty("tickets").GetInt32());
        Assert.Equal(1.0, total.GetProperty("satisfactionRate").GetDouble());
        Assert.Equal(1.0, total.GetProperty("onTimeRate").GetDouble());
        Assert.Equal("g1", figures.GetProperty("grids")[0].GetProperty("grid").GetString());

        await DeliveredTo(Wuye, d => Mentions(d, "居民评价 5 分"));   // the handler hears of the rating
        JsonElement sends;
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            sends = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/messages?prefix={ticket.Number}:");
        }
        while (sends.EnumerateArray().Any(m => m.GetProperty("status").GetString() != "Delivered") && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));

        Assert.All(sends.EnumerateArray(), m => Assert.Equal("Delivered", m.GetProperty("status").GetString()));
        Assert.True(sends.GetArrayLength() >= 3, "assignment, accepted and resolved messages are in the send log");
    }

    [Fact]
    public async Task A_missed_accept_deadline_goes_to_the_grid_leader_then_the_secretary_and_stops_once_accepted()
    {
        var ticket = await Opened(Resident, "2号楼1单元楼道里有很大的煤气味");
        var assigned = await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        Assert.True(assigned.Urgent);
        Assert.Equal("w_g1", assigned.Assignee);
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number));   // urgent: the leader is told at once

        Clock.Advance(TimeSpan.FromMinutes(14));
        await Sweep();
        Assert.DoesNotContain((await Ticket(ticket.Number))!.Events, e => e.Action.StartsWith("escalated", StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromMinutes(2));
        await Sweep();
        await Until(ticket.Number, t => t.Events.Any(e => e.Action == "escalated-accept-1"));
        await DeliveredTo(Leader, d => Mentions(d, "超时"));

        Clock.Advance(TimeSpan.FromHours(2));
        await Sweep();
        await Until(ticket.Number, t => t.Events.Any(e => e.Action == "escalated-accept-2"));
        await DeliveredTo(Secretary, d => Mentions(d, "超时"));

        await Say(Worker, $"接单 {ticket.ShortNumber}");
        var before = (await Ticket(ticket.Number))!.Events.Count;
        Clock.Advance(TimeSpan.FromHours(1));
        await Sweep();
        var after = (await Ticket(ticket.Number))!;
        Assert.Equal(before, after.Events.Count);
        Assert.Single(after.Events, e => e.Action == "escalated-accept-1");
    }

    [Fact]
    public async Task An_unrated_ticket_gets_one_reminder_and_closes_by_itself()
    {
        var ticket = await Opened(Resident, "4号楼门口的路灯不亮了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        await Say(Wuye, $"办结 {ticket.ShortNumber} 已修好");

        Clock.Advance(TimeSpan.FromHours(25));
        await Sweep();
        await Until(ticket.Number, t => t.Events.Any(e => e.Action == "rating-reminder"));
        var reminder = await DeliveredTo(Resident, d => d.TemplateId == "tpl_reminder" || Mentions(d, "还没收到您的评价"));
        Assert.NotNull(reminder);

        Clock.Advance(TimeSpan.FromHours(48));
        await Sweep();
        var closed = await Until(ticket.Number, t => t.Status == TicketStatus.Closed);
        Assert.Equal("auto-closed", closed.Events[^1].Action);
        Assert.Null(closed.Rating);
    }

    [Fact]
    public async Task A_resident_who_is_not_satisfied_reopens_the_ticket_and_the_grid_leader_is_told()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        await Say(Wuye, $"办结 {ticket.ShortNumber} 已处理");

        var sorry = await Say(Resident, "不满意");

        Assert.Contains("重新打开", sorry, StringComparison.Ordinal);
        var reopened = (await Ticket(ticket.Number))!;
        Assert.Equal((TicketStatus.Reopened, 2), (reopened.Status, reopened.Rating));
        await DeliveredTo(Leader, d => Mentions(d, "不满意") || d.TemplateId == "tpl_escalation");
        await DeliveredTo(Wuye, d => Mentions(d, "不满意") || d.TemplateId == "tpl_escalation");
    }

    [Fact]
    public async Task A_worker_transfers_a_ticket_and_the_new_handler_returns_it_to_the_leader()
    {
        var ticket = await Opened(Resident, "2号楼和邻居因为停车位吵起来了");
        var assigned = await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        Assert.Equal("w_g1", assigned.Assignee);

        var transferred = await Say(Worker, $"转派 {ticket.ShortNumber} 物业 车位归物业管");
        Assert.Contains("已转派", transferred, StringComparison.Ordinal);
        Assert.Equal("p_wuye", (await Ticket(ticket.Number))!.Assignee);
        await DeliveredTo(Wuye, d => Mentions(d, ticket.Number));

        var returned = await Say(Wuye, $"退回 {ticket.ShortNumber} 属于邻里纠纷");
        Assert.Contains("已退回", returned, StringComparison.Ordinal);
        var back = (await Ticket(ticket.Number))!;
        Assert.Equal((TicketStatus.Submitted, (string?)null), (back.Status, back.Assignee));
        await DeliveredTo(Leader, d => Mentions(d, "退回") || d.TemplateId == "tpl_escalation");

        var refused = await Say(Worker, $"接单 {ticket.Number}");
        Assert.Contains("不是派给您的", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_department_returns_goes_to_the_grid_worker_and_the_leader_hears_of_it()
    {
        var ticket = await Opened(Resident, "2号楼门口的健身器材坏了 踩上去卡住不动");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned && t.Assignee == "p_wuye");

        var returned = await Say(Wuye, $"退回 {ticket.ShortNumber} 健身器材是街道装的 不归物业");

        Assert.Contains("已交给网格员", returned, StringComparison.Ordinal);
        Assert.Equal((TicketStatus.Assigned, "w_g1"), ((await Ticket(ticket.Number))!.Status, (await Ticket(ticket.Number))!.Assignee));
        await DeliveredTo(Leader, d => Mentions(d, ticket.Number));
        await DeliveredTo(Worker, d => Mentions(d, ticket.Number));
        Assert.Contains("已接单", await Say(Worker, $"接单 {ticket.ShortNumber}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_see_their_queue_and_overdue_tickets()
    {
        var ticket = await Opened(Resident, "1号楼有人在楼道里飞线充电");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned && t.Assignee == "w_g1");

        var queue = await Say(Worker, "我的工单");
        Clock.Advance(TimeSpan.FromDays(2));
        var overdue = await Say(Leader, "超时工单");

        Assert.Contains(ticket.ShortNumber, queue, StringComparison.Ordinal);
        Assert.Contains(ticket.ShortNumber, overdue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binding_asked_by_text_is_confirmed_by_the_grid_worker_and_the_resident_is_told()
    {
        var asked = await Say(Resident, "绑定 3-2-501");
        Assert.Contains("网格员确认", asked, StringComparison.Ordinal);
        await DeliveredTo(Worker, d => Mentions(d, "确认绑定 3-2-501") || d.Data.Values.Contains("3-2-501"));

        var refused = await Say(Wuye, "确认绑定 3-2-501");
        var confirmed = await Say(Worker, "确认绑定 3-2-501");

        Assert.Contains("不在您负责的网格", refused, StringComparison.Ordinal);
        Assert.Contains("已确认 1 位", confirmed, StringComparison.Ordinal);
        var profile = (await Host.Services.GetRequiredService<NeighborBot.Conversations.IConversationStore>()
            .GetAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, Resident), default)).Profile;
        Assert.Equal(("3-2-501", (string?)null), (profile.HouseholdId, profile.PendingHouseholdId));
        await DeliveredTo(Resident, d => Mentions(d, "已绑定住户") || d.Data.Values.Contains("绑定成功"));

        var atHome = await Opened(Resident, "家里水管漏水了");
        Assert.Equal("3-2-501", atHome.HouseholdId);
    }

    [Fact]
    public async Task A_photo_the_worker_sends_after_resolving_is_added_to_the_ticket()
    {
        var ticket = await Opened(Resident, "4号楼门口的路灯不亮了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        await Say(Wuye, $"办结 {ticket.ShortNumber} 已修好");

        await Callback.SendAsync(CallbackMessages.Image(Wuye, CallbackClient.Now, CallbackClient.NextMsgId(), "https://mmbiz.example/after.jpg"), DeliveryMode.Safe);

        Assert.Equal("https://mmbiz.example/after.jpg", Assert.Single((await Ticket(ticket.Number))!.Attachments).Url);
    }

    [Fact]
    public async Task An_admin_reassigns_a_ticket_and_later_closes_it()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        var admin = Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        var unknown = await admin.PostAsJsonAsync($"/api/admin/tickets/{ticket.Number}/assign", new { person = "nobody" });
        var assigned = await admin.PostAsJsonAsync($"/api/admin/tickets/{ticket.Number}/assign", new { person = "w_g1", note = "网格员先去看看" });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("w_g1", (await Ticket(ticket.Number))!.Assignee);
        await DeliveredTo(Worker, d => Mentions(d, ticket.Number));

        var closed = await admin.PostAsJsonAsync($"/api/admin/tickets/{ticket.Number}/close", new { note = "电话回访已解决" });
        var again = await admin.PostAsJsonAsync($"/api/admin/tickets/{ticket.Number}/close", new { note = "again" });
        var missing = await admin.PostAsJsonAsync("/api/admin/tickets/19990101-0001/close", new { note = "x" });

        Assert.Equal(System.Net.HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        var done = (await Ticket(ticket.Number))!;
        Assert.Equal(TicketStatus.Closed, done.Status);
        Assert.Equal(("admin", "closed", "电话回访已解决"), (done.Events[^1].Actor, done.Events[^1].Action, done.Events[^1].Note));
        Assert.Empty(await Host.Services.GetRequiredService<ITicketStore>().ListByAssigneeAsync("w_g1", default));
    }

    [Fact]
    public async Task Every_change_reaches_the_worker_holding_the_ticket_and_the_resident()
    {
        var admin = Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        // A correction by the resident reaches the handler.
        var corrected = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(corrected.Number, t => t.Status == TicketStatus.Assigned);
        await Say(Resident, "不对，是4号楼");
        await DeliveredTo(Wuye, d => Mentions(d, "居民补充信息") && Mentions(d, corrected.Number));

        // An admin's reassignment reaches the new handler and the one who had it.
        await admin.PostAsJsonAsync($"/api/admin/tickets/{corrected.Number}/assign", new { person = "w_g1" });
        await DeliveredTo(Worker, d => Mentions(d, corrected.Number));
        await DeliveredTo(Wuye, d => Mentions(d, "已改派") && Mentions(d, corrected.Number));

        // An admin's close reaches the resident and the handler.
        await admin.PostAsJsonAsync($"/api/admin/tickets/{corrected.Number}/close", new { note = "电话回访已解决" });
        await DeliveredTo(Resident, d => Mentions(d, "关闭") && Mentions(d, corrected.ShortNumber));
        await DeliveredTo(Worker, d => Mentions(d, "已关闭") && Mentions(d, corrected.Number));

        // The resident's cancel reaches the handler.
        var cancelled = await Opened(Resident, "2号楼1单元门禁坏了");
        await Until(cancelled.Number, t => t.Status == TicketStatus.Assigned);
        await Say(Resident, $"取消 {cancelled.ShortNumber}");
        await DeliveredTo(Wuye, d => Mentions(d, "已取消") && Mentions(d, cancelled.Number));
    }

    [Fact]
    public async Task A_ticket_whose_dispatch_was_lost_is_dispatched_by_the_sweep()
    {
        var now = Clock.GetUtcNow();
        var stranded = await Host.Services.GetRequiredService<ITicketStore>().CreateAsync(new Ticket
        {
            Category = "repair", Reporter = $"mp:{NeighborBotFactory.Account}:{Resident}", Channel = "mp", Text = "楼道灯坏了",
            SourceId = "lost-" + Guid.NewGuid().ToString("N"), Grid = "g1", Location = new TicketLocation(2, 1, null, null),
            CreatedAt = now, UpdatedAt = now, Events = [new TicketEvent(now, "test", "created")],
        }, "20991231-0001", null, default);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await Sweep();

        var assigned = await Until(stranded.Number, t => t.Status == TicketStatus.Assigned);
        Assert.Equal("p_wuye", assigned.Assignee);
    }

    [Fact]
    public async Task When_the_resident_is_outside_the_48_hour_window_the_template_is_used()
    {
        var ticket = await Opened(Resident, "3号楼2单元楼道灯坏了");
        await Until(ticket.Number, t => t.Status == TicketStatus.Assigned);
        WeChatApi.CloseCustomServiceWindow(Resident);

        await Say(Wuye, $"接单 {ticket.ShortNumber}");

        var told = await DeliveredTo(Resident, d => d.TemplateId == "tpl_progress");
        Assert.Equal("template", told.Channel);
    }
}
