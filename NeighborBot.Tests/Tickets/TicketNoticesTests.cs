using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.FollowUp;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.Tickets;

/// <summary>Every kind of ticket event reaches the people it concerns, and nobody else.</summary>
public sealed class TicketNoticesTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);
    private const string Reporter = "mp:demo:o_res";

    private static readonly DirectorySnapshot Directory = new(new DirectoryDocument
    {
        Communities = [new Community { Id = "c", Name = "社区" }],
        Grids = [new Grid { Id = "g1", Community = "c", Name = "一", Buildings = [3] }],
        People =
        [
            new Person { Id = "w1", Name = "张伟", OpenId = "o_w1", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "w2", Name = "刘强", OpenId = "o_w2", Roles = [Role.GridWorker], Grids = ["g1"] },
            new Person { Id = "l1", Name = "李娜", OpenId = "o_l1", Roles = [Role.GridLeader], Grids = ["g1"] },
            new Person { Id = "s1", Name = "王强", OpenId = "o_s1", Roles = [Role.Secretary] },
            new Person { Id = "nowechat", Name = "没微信", Roles = [Role.GridWorker], Grids = ["g1"] },
        ],
    }, 1);

    private static readonly Reach Reach = new(Options.Create(new OutboxOptions { StaffAccount = "demo" }));

    private static Ticket With(params TicketEvent[] events) => new()
    {
        Number = "20260712-0001",
        Category = "repair",
        Reporter = Reporter,
        Channel = "mp",
        Text = "楼道灯坏了",
        SourceId = "m1",
        Grid = "g1",
        Assignee = "w1",
        Status = TicketStatus.Accepted,
        Location = new TicketLocation(3, 2, "501", null),
        CreatedAt = At,
        UpdatedAt = At,
        Events = [new TicketEvent(At, Reporter, TicketActions.Created), .. events],
    };

    /// <summary>Who hears of the last event, as recipient ids ("reporter" for the resident).</summary>
    private static List<string> Told(Ticket ticket) =>
        [.. TicketNotices.For(ticket, ticket.Events.Count - 1, Directory, Reach).Select(n => n.RecipientId).Order(StringComparer.Ordinal)];

    public static TheoryData<string, TicketEvent, string[]> Cases() => new()
    {
        { "created", new(At, Reporter, TicketActions.Created), [] },
        { "assigned", new(At, Ticket.System, TicketActions.Assigned, "张伟", To: "w1", Cc: ["l1"]), ["l1", "w1"] },
        { "reassigned", new(At, "admin", TicketActions.Assigned, "刘强", To: "w2", From: "w1"), ["w1", "w2"] },
        { "accepted", new(At, "w1", TicketActions.Accepted), [Reach.ReporterId] },
        { "resolved", new(At, "w1", TicketActions.Resolved, "已更换灯泡"), [Reach.ReporterId] },
        { "transferred", new(At, "w1", TicketActions.Transferred, "转给刘强", To: "w2", From: "w1"), [Reach.ReporterId, "w2"] },
        { "returned", new(At, "w1", TicketActions.Returned, "不归我管", From: "w1"), ["l1"] },
        { "cancelled by the resident", new(At, Reporter, TicketActions.Cancelled, "居民取消", From: "w1"), ["w1"] },
        { "cancelled before assignment", new(At, Reporter, TicketActions.Cancelled, "居民取消"), [] },
        { "place given", new(At, Reporter, TicketActions.Location, "3号楼2单元501"), ["w1"] },
        { "corrected", new(At, Reporter, TicketActions.Corrected, "不对，是4号楼"), ["w1"] },
        { "recategorized by an admin (intake learns from it; nobody is told)", new(At, "admin", TicketActions.Recategorized, "是物业的问题", To: "property", From: "repair"), [] },
        { "photo from the resident", new(At, Reporter, TicketActions.Attachment, "image"), ["w1"] },
        { "photo from the worker", new(At, "w1", TicketActions.Attachment, "image"), [] },
        { "closed by an admin", new(At, "admin", TicketActions.Closed, "电话回访已解决"), [Reach.ReporterId, "w1"] },
        { "auto-closed", new(At, Ticket.System, TicketActions.AutoClosed), [] },
        { "rated well", new(At, Reporter, TicketActions.Rated, "满意", Rating: 5), ["w1"] },
        { "rated badly", new(At, Reporter, TicketActions.Rated, "不满意", Rating: 2), ["l1", "w1"] },
        { "rating reminder", new(At, Ticket.System, TicketActions.RatingReminder), [Reach.ReporterId] },
        { "accept deadline missed", new(At, Ticket.System, TicketActions.Escalated(Deadline.Accept, 1), "2026-07-12 13:00"), ["l1"] },
        { "missed again", new(At, Ticket.System, TicketActions.Escalated(Deadline.Resolve, 2), "2026-07-12 13:00"), ["s1"] },
        { "chased the first time", new(At, Reporter, TicketActions.Chased, "催一下"), ["w1"] },
        { "a detail added", new(At, Reporter, TicketActions.Added, "是卫生间顶上渗水"), ["w1"] },
        { "back again after the fix", new(At, Reporter, TicketActions.Reopened, "还是不亮", To: "w1"), ["w1"] },
        { "why the rating was low", new(At, Reporter, TicketActions.RatingReason, "来得太晚"), ["l1", "w1"] },
        { "made urgent by later words", new(At, Reporter, TicketActions.MadeUrgent, "水管爆了 到处喷水", To: "flood", Cc: ["l1", "s1"]), ["l1", "s1", "w1"] },
    };

    [Fact]
    public void A_ticket_made_urgent_before_anyone_routed_it_is_told_by_its_urgent_assignment_alone()
    {
        var ticket = With(
            new TicketEvent(At, Reporter, TicketActions.MadeUrgent, "水管爆了", To: "flood"),
            new TicketEvent(At, Ticket.System, TicketActions.Assigned, "张伟", To: "w1", Cc: ["l1", "s1"]));

        Assert.Empty(TicketNotices.For(ticket, 1, Directory, Reach));
        Assert.Equal(["l1", "s1", "w1"], Told(ticket));
    }

    [Fact]
    public void The_second_chase_reaches_the_grid_leader_too()
    {
        var twice = With(new TicketEvent(At, Reporter, TicketActions.Chased, "催一下"), new TicketEvent(At.AddHours(1), Reporter, TicketActions.Chased, "怎么还没人来"));

        Assert.Equal(["l1", "w1"], Told(twice));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_event_reaches_the_people_it_concerns(string what, TicketEvent change, string[] expected)
    {
        Assert.True(Told(With(change)).SequenceEqual(expected.Order(StringComparer.Ordinal)), $"{what}: told {string.Join(",", Told(With(change)))}");
    }

    [Fact]
    public void Every_event_name_is_covered()
    {
        var covered = Cases().Select(row => ((TicketEvent)row[1]).Action).ToHashSet();
        var names = typeof(TicketActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(names, name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Someone_without_a_reachable_identity_is_listed_but_gets_nothing_queued()
    {
        var notices = TicketNotices.For(With(new TicketEvent(At, Ticket.System, TicketActions.Assigned, "x", To: "nowechat")), 1, Directory, Reach);

        var notice = Assert.Single(notices);
        Assert.Null(notice.To);
    }

    [Fact]
    public void A_resolve_without_an_accept_tells_the_resident_once()
    {
        var ticket = With(new TicketEvent(At, "w1", TicketActions.Accepted), new TicketEvent(At, "w1", TicketActions.Resolved, "修好了"));

        Assert.Empty(TicketNotices.For(ticket, 1, Directory, Reach));
        Assert.Equal([Reach.ReporterId], TicketNotices.For(ticket, 2, Directory, Reach).Select(n => n.RecipientId));
    }

    [Fact]
    public void Workers_are_reached_on_the_account_the_ticket_came_in_on_and_a_bad_rating_names_the_words()
    {
        var notice = TicketNotices.For(With(new TicketEvent(At, Reporter, TicketActions.Rated, "来得太晚", Rating: 1)), 1, Directory, Reach)
            .Single(n => n.RecipientId == "w1");

        Assert.Equal("mp:demo:o_w1", notice.To.ToString());
        Assert.Contains("来得太晚", notice.Text.Text, StringComparison.Ordinal);
    }
}
