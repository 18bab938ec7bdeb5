using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Conversations;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// A report whose question (where is it, which of two kinds) the resident never answers is filed after
/// <c>Conversations:FileUnansweredAfter</c> as it stands, by the minute's sweep, and the resident is told its number once;
/// the place given later still reaches it. An answer in time files it as before, and nothing more.
/// </summary>
public sealed class UnansweredReportTests : DeskTest
{
    private static readonly TimeSpan After = TimeSpan.FromHours(1);

    [Theory]
    [InlineData("刚才买菜去了 就在3号楼门口旁边", 3, null)]
    [InlineData("刚问了我妈 她说是东门进来那一段", null, "东门")]
    public async Task A_report_whose_place_is_never_given_is_filed_without_it_the_resident_hears_its_number_and_a_later_place_reaches_it(
        string answer, int? building, string? place)
    {
        var asked = await Say(Resident, "路灯坏了 晚上黑乎乎的 走路老绊着");
        Assert.DoesNotContain("工单号", asked, StringComparison.Ordinal);
        Assert.Empty(await ReportedBy(Resident));

        Clock.Advance(After - TimeSpan.FromMinutes(1));
        await Sweep();
        Assert.Empty(await ReportedBy(Resident));

        Clock.Advance(TimeSpan.FromMinutes(2));
        await Sweep();
        var ticket = Assert.Single(await ReportedBy(Resident));
        Assert.True(ticket.FiledUnanswered);
        Assert.Null(ticket.Location);
        Assert.Equal("repair", ticket.Category);
        var told = await DeliveredTo(Resident, d => Mentions(d, ticket.Number));
        Assert.Contains("没等到您的回复", told.Text ?? string.Join(" ", told.Data.Values), StringComparison.Ordinal);
        await DeliveredTo(Wuye, d => Mentions(d, ticket.ShortNumber));

        // Hours later the resident says where: the ticket gets its place; nothing new is opened.
        Clock.Advance(TimeSpan.FromHours(2));
        var placed = await Say(Resident, answer);
        Assert.Contains(ticket.ShortNumber, placed, StringComparison.Ordinal);
        var located = await Until(ticket.Number, t => t.Location is not null);
        Assert.Equal((building, place), (located.Location!.Building, located.Location.Place));
        Assert.Single(await ReportedBy(Resident));

        // Told once: another sweep sends the resident nothing more.
        await Sweep();
        await Task.Delay(300);
        Assert.Single(WeChatApi.Deliveries, d => d.OpenId == Resident && Mentions(d, "没等到您的回复"));
    }

    [Fact]
    public async Task A_kind_never_chosen_is_filed_as_the_likelier_one()
    {
        const string Text = "幼儿园门口那条减速带裂了 掉了一大截 接孩子的电动车过去老颠";
        var choices = Host.Services.GetRequiredService<IntakeService>().Analyze(Text).Choices;
        Assert.NotNull(choices);

        var asked = await Say(Resident, Text);
        Assert.Contains("回复数字", asked, StringComparison.Ordinal);

        Clock.Advance(After + TimeSpan.FromMinutes(1));
        await Sweep();
        var ticket = Assert.Single(await ReportedBy(Resident));
        Assert.Equal(choices[0], ticket.Category);
        Assert.True(ticket.FiledUnanswered);
        Assert.Equal(NeighborBot.Tickets.Ticket.UnansweredNote, ticket.Events[0].Note);
        await DeliveredTo(Resident, d => Mentions(d, ticket.Number));
    }

    [Fact]
    public async Task An_answer_in_time_files_the_report_once_and_the_sweep_adds_nothing()
    {
        await Say(Resident, "路灯坏了 晚上黑乎乎的");
        Clock.Advance(TimeSpan.FromMinutes(40));
        var answered = await Say(Resident, "3号楼门口");
        Assert.Contains("工单号", answered, StringComparison.Ordinal);

        Clock.Advance(After);
        await Sweep();
        var ticket = Assert.Single(await ReportedBy(Resident));
        Assert.False(ticket.FiledUnanswered);
        Assert.Equal(3, ticket.Location!.Building);
        Assert.Empty(await Host.Services.GetRequiredService<IConversationStore>().ReportsDueAsync(Clock.GetUtcNow(), 10, default));
    }

    [Fact]
    public async Task Two_sweeps_at_once_file_the_report_once()
    {
        await Say(Resident, "楼道灯不亮了");
        Clock.Advance(After + TimeSpan.FromMinutes(1));

        await Task.WhenAll(Sweep(), Sweep(), Sweep());
        var ticket = Assert.Single(await ReportedBy(Resident));
        await DeliveredTo(Resident, d => Mentions(d, ticket.Number));
        await Sweep();
        await Task.Delay(300);
        Assert.Single(WeChatApi.Deliveries, d => d.OpenId == Resident && Mentions(d, "没等到您的回复"));
    }
}
