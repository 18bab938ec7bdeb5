using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// The conversations of issue 12, through the Official Account callback on real Redis: a unit or a room corrected in
/// a later message, a cancel taken back, one of two reports withdrawn, an urgent message in the middle of another
/// report, questions that need no place, and messages far longer than intake reads.
/// </summary>
public sealed class IntakeConversationTests : IClassFixture<IntakeConversationTests.Host>
{
    public sealed class Host : NeighborBotFactory
    {
        public Host()
        {
            CreateClient();
            Services.GetRequiredService<DirectoryCache>().ReplaceAsync(ConversationTests.SmallDirectory(), default).GetAwaiter().GetResult();
        }
    }

    /// <summary>A forwarded good-morning message: 3,400 characters, more than five times what intake reads.</summary>
    private static readonly string Forwarded = string.Concat(Enumerable.Repeat("大家早上好，今天天气真不错，祝各位邻居身体健康，万事如意，家庭幸福。", 100));

    private readonly Host _host;
    private readonly CallbackClient _client;
    private readonly string _openId = "o_" + Guid.NewGuid().ToString("N")[..16];

    public IntakeConversationTests(Host host)
    {
        _host = host;
        _client = new CallbackClient(host.CreateClient(), host.WeChat);
    }

    private Task<string?> Say(string text) => _client.SayAsync(_openId, text, DeliveryMode.Safe);

    private async Task<IReadOnlyList<Ticket>> MyTickets() =>
        await _host.Services.GetRequiredService<ITicketStore>()
            .ListByReporterAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, _openId).ToString(), 20, default);

    [Fact]
    public async Task A_unit_corrected_in_a_later_message_changes_the_unit_and_keeps_the_building_and_room()
    {
        await Say("5号楼1单元502家里马桶堵了");

        var reply = await Say("不对，是2单元");

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(new TicketLocation(5, 2, "502", null), ticket.Location);
        Assert.Contains(ticket.Events, e => e.Action == "corrected");
        Assert.Contains("已更正", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("不对，是602")]
    [InlineData("是602")]
    [InlineData("搞错了，是602室")]
    [InlineData("写错了写错了 是602 刚搬来门牌号还没记住")]
    public async Task A_room_corrected_in_a_later_message_changes_the_room_and_keeps_the_building_and_unit(string correction)
    {
        await Say("6号楼1单元302家里马桶堵了");

        var reply = await Say(correction);

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(new TicketLocation(6, 1, "602", null), ticket.Location);
        Assert.Contains("已更正", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_called_off_and_then_wanted_after_all_ends_with_its_ticket()
    {
        await Say("楼道灯坏了");
        var off = await Say("算了");
        var back = await Say("不是，还是要修的");
        var done = await Say("3号楼2单元");

        Assert.Contains("不登记", off, StringComparison.Ordinal);
        Assert.Contains("在哪里", back, StringComparison.Ordinal);
        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(("repair", "楼道灯坏了", TicketStatus.Submitted), (ticket.Category, ticket.Text, ticket.Status));
        Assert.Equal(new TicketLocation(3, 2, null, null), ticket.Location);
        Assert.Contains(ticket.Number, done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_cancelled_and_then_wanted_after_all_is_opened_again()
    {
        await Say("4号楼1单元楼道灯坏了");
        var first = Assert.Single(await MyTickets());
        await Say($"取消 {first.ShortNumber}");

        var back = await Say("不是，还是要修的");

        var tickets = await MyTickets();
        var open = Assert.Single(tickets, t => t.IsOpen);
        Assert.Equal(TicketStatus.Cancelled, Assert.Single(tickets, t => t.Number == first.Number).Status);
        Assert.Equal((first.Category, first.Text, first.Location), (open.Category, open.Text, open.Location));
        Assert.Contains(open.Number, back, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("算了")]
    [InlineData("不用了")]
    public async Task A_cancel_after_the_ticket_was_opened_and_then_taken_back_leaves_the_ticket_open(string cancel)
    {
        await Say("4号楼1单元楼道灯坏了");

        var how = await Say(cancel);
        var kept = await Say("不是，还是要修的");

        var ticket = Assert.Single(await MyTickets());
        Assert.True(ticket.IsOpen);
        Assert.Contains(ticket.ShortNumber, how, StringComparison.Ordinal);
        Assert.Contains("不取消", kept, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("垃圾那个不用了")]
    [InlineData("第二个不用了")]
    [InlineData("垃圾的事不用了啊 刚有车来拉走了 灯那个还得麻烦你们")]
    [InlineData("垃圾那个先撤了吧 楼下刚才来了辆车 一会儿就能拉走")]
    public async Task One_of_two_tickets_is_withdrawn_by_naming_it_and_the_other_stays(string withdraw)
    {
        await Say("3号楼楼道灯坏了，还有门口垃圾堆成山了");
        Assert.Equal(2, (await MyTickets()).Count);

        var reply = await Say(withdraw);

        var tickets = await MyTickets();
        Assert.Equal(TicketStatus.Cancelled, Assert.Single(tickets, t => t.Category == "environment").Status);
        Assert.True(Assert.Single(tickets, t => t.Category == "repair").IsOpen);
        Assert.Contains("已取消", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_to_keep_the_report_nobody_called_off_opens_nothing_again()
    {
        await Say("3号楼楼道灯坏了，还有门口垃圾堆成山了");
        await Say("垃圾那个不用了");

        var reply = await Say("楼道灯还是要修哈 别一块撤了");

        var tickets = await MyTickets();
        Assert.Equal(2, tickets.Count);
        Assert.True(Assert.Single(tickets, t => t.Category == "repair").IsOpen);
        Assert.Equal(TicketStatus.Cancelled, Assert.Single(tickets, t => t.Category == "environment").Status);
        Assert.Contains("不取消", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("第二个不用了")]
    [InlineData("垃圾那个不要了")]
    [InlineData("灯那个不用修了")]
    [InlineData("垃圾的事不用了啊 刚有车来拉走了 灯那个还得修")]
    public async Task One_of_two_reports_waiting_for_their_place_is_withdrawn_and_the_other_is_opened(string withdraw)
    {
        await Say("楼道灯坏了，还有门口垃圾堆成山了");

        await Say(withdraw);
        var done = await Say("3号楼");

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(3, ticket.Location!.Building);
        Assert.Contains(ticket.Number, done, StringComparison.Ordinal);
        Assert.Equal(withdraw.StartsWith('灯') ? "environment" : "repair", ticket.Category);
    }

    [Fact]
    public async Task An_urgent_message_while_a_report_waits_is_opened_at_once_and_the_report_keeps_waiting()
    {
        await Say("楼道灯坏了");

        var urgent = await Say("楼道里着火了 全是烟 快来人");

        var fire = Assert.Single(await MyTickets());
        Assert.True(fire.Urgent);
        Assert.Equal("hazard", fire.Category);
        Assert.Contains(fire.Number, urgent, StringComparison.Ordinal);
        Assert.Contains("119", urgent, StringComparison.Ordinal);
        Assert.Contains("楼道灯坏了", urgent, StringComparison.Ordinal);   // the report still waiting, named

        await Say("3号楼2单元");

        var tickets = await MyTickets();
        Assert.Equal(2, tickets.Count);
        Assert.All(tickets, t => Assert.Equal(new TicketLocation(3, 2, null, null), t.Location));
        Assert.Equal(["hazard", "repair"], tickets.Select(t => t.Category).Order());
    }

    [Theory]
    [InlineData("请问养老金什么时候涨？", "consult")]
    [InlineData("孩子上小学要办什么手续", "consult")]
    [InlineData("我想问问医保怎么报销", "consult")]
    [InlineData("有人打电话说我医保卡冻结了要我转账，是不是骗子？", "fraud")]
    public async Task A_question_that_needs_no_place_is_opened_without_asking_for_the_building(string question, string category)
    {
        var reply = await Say(question);

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(category, ticket.Category);
        Assert.Null(ticket.Location);
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("在哪里", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("几号楼", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_with_a_long_forwarded_message_after_it_is_read_on_its_first_part_and_opened()
    {
        var text = "3号楼2单元楼道灯坏了，好几天了。" + Forwarded;
        Assert.True(text.Length > 3000);

        var reply = await Say(text);

        var ticket = Assert.Single(await MyTickets());
        Assert.Equal(("repair", new TicketLocation(3, 2, null, null)), (ticket.Category, ticket.Location));
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_message_of_3000_characters_is_answered_and_what_lies_past_the_part_read_opens_nothing()
    {
        // The report at the end lies past the part intake reads (600 characters): nothing is filed from it.
        var text = Forwarded + "3号楼2单元楼道灯坏了";

        var reply = await Say(text);

        Assert.False(string.IsNullOrEmpty(reply));
        Assert.Empty(await MyTickets());
    }

    [Fact]
    public async Task The_intake_preview_reads_a_text_of_3000_characters_on_its_first_part()
    {
        using var admin = _host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        var report = await admin.PostAsJsonAsync("/api/admin/intake/preview", new { text = "3号楼2单元楼道灯坏了，好几天了。" + Forwarded });
        var letter = await admin.PostAsJsonAsync("/api/admin/intake/preview", new { text = Forwarded + "3号楼2单元楼道灯坏了" });

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        using var read = JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        Assert.Equal("repair", read.RootElement.GetProperty("category").GetString());
        Assert.Equal(2, read.RootElement.GetProperty("location").GetProperty("unit").GetInt32());
        using var past = JsonDocument.Parse(await letter.Content.ReadAsStringAsync());
        Assert.False(past.RootElement.GetProperty("isTicket").GetBoolean());
    }
}
