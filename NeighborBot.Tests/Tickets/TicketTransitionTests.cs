using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Tickets;

/// <summary>Every transition of a ticket, allowed and refused: the ticket checks its own status.</summary>
public sealed class TicketTransitionTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);
    private const string Reporter = "mp:demo:o_res";

    private static Ticket New() => new()
    {
        Number = "20260712-0001",
        Category = "repair",
        Reporter = Reporter,
        Channel = "mp",
        Text = "楼道灯坏了",
        SourceId = "m1",
        CreatedAt = At,
        UpdatedAt = At,
        Events = [new TicketEvent(At, Reporter, TicketActions.Created)],
    };

    private static Ticket In(TicketStatus status, string? assignee = "w1") => New() with { Status = status, Assignee = assignee };

    private static Ticket Done(TicketResult result)
    {
        Assert.True(result.Done, $"refused: {result.Refusal}");
        return result.Ticket!;
    }

    private static void Refused(TicketResult result)
    {
        Assert.False(result.Changed);
        Assert.Equal(TicketRefusal.WrongStatus, result.Refusal);
    }

    [Fact]
    public void A_new_ticket_awaits_dispatch_until_assigned_and_assignment_sets_deadlines_and_records_who_else_is_told()
    {
        var ticket = New();
        Assert.True(ticket.AwaitsDispatch);

        var assigned = Done(ticket.Assign(Ticket.System, "w1", "张伟（物业）", At.AddHours(4), At.AddDays(1), ["l1"], At));

        Assert.Equal((TicketStatus.Assigned, "w1", At.AddHours(4), At.AddDays(1)), (assigned.Status, assigned.Assignee, assigned.AcceptBy, assigned.ResolveBy));
        var e = assigned.Events[^1];
        Assert.Equal((Ticket.System, TicketActions.Assigned, "张伟（物业）", "w1", (string?)null), (e.Actor, e.Action, e.Note, e.To, e.From));
        Assert.Equal(["l1"], e.Cc);
        Assert.False(assigned.AwaitsDispatch);
    }

    [Theory]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    [InlineData(TicketStatus.Cancelled)]
    public void A_ticket_that_is_no_longer_worked_on_cannot_be_assigned(TicketStatus status) =>
        Refused(In(status).Assign("admin", "w2", "x", At, At, [], At));

    [Fact]
    public void A_reassignment_records_the_handler_before()
    {
        var moved = Done(In(TicketStatus.Accepted).Assign("admin", "w2", "李四", At.AddHours(1), At.AddDays(1), [], At));

        Assert.Equal(("w2", "w1", TicketStatus.Assigned), (moved.Events[^1].To, moved.Events[^1].From, moved.Status));
    }

    [Theory]
    [InlineData(TicketStatus.Assigned, true)]
    [InlineData(TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Submitted, false)]
    [InlineData(TicketStatus.Accepted, false)]
    [InlineData(TicketStatus.Resolved, false)]
    [InlineData(TicketStatus.Closed, false)]
    [InlineData(TicketStatus.Cancelled, false)]
    public void Only_a_ticket_waiting_for_its_handler_can_be_accepted(TicketStatus status, bool allowed)
    {
        var result = In(status).Accept("w1", At);

        if (allowed)
        {
            var accepted = Done(result);
            Assert.Equal((TicketStatus.Accepted, At, TicketActions.Accepted), (accepted.Status, accepted.AcceptedAt, accepted.Events[^1].Action));
        }
        else
        {
            Refused(result);
        }
    }

    [Theory]
    [InlineData(TicketStatus.Assigned, true)]
    [InlineData(TicketStatus.Accepted, true)]
    [InlineData(TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Submitted, false)]
    [InlineData(TicketStatus.Resolved, false)]
    [InlineData(TicketStatus.Closed, false)]
    [InlineData(TicketStatus.Cancelled, false)]
    public void Only_a_ticket_in_a_handlers_hands_can_be_resolved(TicketStatus status, bool allowed)
    {
        var result = In(status).Resolve("w1", "已更换灯泡", At);
        if (allowed)
        {
            Assert.Equal(TicketStatus.Resolved, Done(result).Status);
        }
        else
        {
            Refused(result);
        }
    }

    [Fact]
    public void Resolving_a_ticket_never_accepted_records_both_the_accept_and_the_resolve()
    {
        var resolved = Done(In(TicketStatus.Assigned).Resolve("w1", "修好了", At));

        Assert.Equal([TicketActions.Created, TicketActions.Accepted, TicketActions.Resolved], resolved.Events.Select(e => e.Action));
        Assert.Equal((At, At), (resolved.AcceptedAt, resolved.ResolvedAt));
    }

    [Fact]
    public void A_transfer_gives_the_ticket_a_new_handler_and_accept_deadline_and_not_to_the_same_one()
    {
        var moved = Done(In(TicketStatus.Accepted).Transfer("w1", "p2", "转给物业：公共设施", At.AddHours(4), At));

        Assert.Equal((TicketStatus.Assigned, "p2", At.AddHours(4)), (moved.Status, moved.Assignee, moved.AcceptBy));
        Assert.Equal(("p2", "w1"), (moved.Events[^1].To, moved.Events[^1].From));
        Refused(moved.Transfer("w1", "p2", "again", At, At));
        Refused(In(TicketStatus.Closed).Transfer("w1", "p2", "x", At, At));
    }

    [Fact]
    public void A_returned_ticket_waits_for_a_person_not_for_routing()
    {
        var back = Done(In(TicketStatus.Assigned).Return("w1", "不归我管", At));

        Assert.Equal((TicketStatus.Submitted, null, "w1"), (back.Status, back.Assignee, back.Events[^1].From));
        Assert.False(back.AwaitsDispatch);
        Refused(In(TicketStatus.Resolved).Return("w1", "x", At));
    }

    [Theory]
    [InlineData(TicketStatus.Submitted, true)]
    [InlineData(TicketStatus.Assigned, true)]
    [InlineData(TicketStatus.Accepted, true)]
    [InlineData(TicketStatus.Reopened, true)]
    [InlineData(TicketStatus.Resolved, false)]
    [InlineData(TicketStatus.Closed, false)]
    public void A_ticket_can_be_cancelled_while_it_is_being_worked_on(TicketStatus status, bool allowed)
    {
        var result = In(status).Cancel(Reporter, "居民取消", At);
        if (allowed)
        {
            var cancelled = Done(result);
            Assert.Equal((TicketStatus.Cancelled, "w1"), (cancelled.Status, cancelled.Events[^1].From));
        }
        else
        {
            Refused(result);
        }
    }

    [Fact]
    public void Cancelling_a_cancelled_ticket_changes_nothing_and_is_not_a_refusal()
    {
        var result = In(TicketStatus.Cancelled).Cancel(Reporter, "again", At);

        Assert.Equal((false, TicketRefusal.None), (result.Changed, result.Refusal));
    }

    [Theory]
    [InlineData(5, TicketStatus.Closed)]
    [InlineData(3, TicketStatus.Closed)]
    [InlineData(2, TicketStatus.Reopened)]
    [InlineData(1, TicketStatus.Reopened)]
    public void A_rating_closes_a_resolved_ticket_or_reopens_it_with_a_new_resolve_deadline(int rating, TicketStatus status)
    {
        var resolved = In(TicketStatus.Resolved) with { ResolvedAt = At, ResolveBy = At };

        var rated = Done(resolved.Rate(Reporter, rating, "words", At.AddDays(1), At.AddHours(1)));

        Assert.Equal((status, rating, rating), (rated.Status, rated.Rating, rated.Events[^1].Rating));
        Assert.Equal(status == TicketStatus.Closed ? At : At.AddDays(1), rated.ResolveBy);
        Assert.Equal(status == TicketStatus.Closed ? At.AddHours(1) : null, rated.ClosedAt);
    }

    [Fact]
    public void Only_the_reporter_rates_and_only_a_resolved_ticket()
    {
        Refused(In(TicketStatus.Resolved).Rate("mp:demo:someone-else", 5, "x", At, At));
        Refused(In(TicketStatus.Accepted).Rate(Reporter, 5, "x", At, At));
    }

    [Fact]
    public void An_admin_closes_any_open_ticket_and_a_closed_one_stays_closed()
    {
        Assert.Equal(TicketStatus.Closed, Done(In(TicketStatus.Assigned).Close("admin", "电话解决", At)).Status);
        Refused(In(TicketStatus.Closed).Close("admin", null, At));
        Refused(In(TicketStatus.Cancelled).Close("admin", null, At));
    }

    [Fact]
    public void Only_a_resolved_ticket_is_closed_automatically_or_reminded_and_the_reminder_comes_once_per_resolve()
    {
        var resolved = In(TicketStatus.Resolved) with { ResolvedAt = At };

        var reminded = Done(resolved.RemindRating(At.AddDays(1)));
        var again = reminded.RemindRating(At.AddDays(1));
        Assert.Equal((false, TicketRefusal.None), (again.Changed, again.Refusal));

        Assert.Equal(TicketActions.AutoClosed, Done(reminded.AutoClose(At.AddDays(3))).Events[^1].Action);
        Refused(In(TicketStatus.Accepted).AutoClose(At));
        Refused(In(TicketStatus.Accepted).RemindRating(At));
    }

    [Fact]
    public void A_deadline_is_escalated_once_per_level_and_only_while_it_is_missed()
    {
        var assigned = In(TicketStatus.Assigned);

        var once = Done(assigned.Escalate(Deadline.Accept, 1, "2026-07-12 13:00", At));
        var twice = once.Escalate(Deadline.Accept, 1, "2026-07-12 13:00", At);

        Assert.Equal(TicketActions.Escalated(Deadline.Accept, 1), once.Events[^1].Action);
        Assert.False(twice.Changed);
        Assert.True(once.Escalate(Deadline.Accept, 2, "2026-07-12 13:00", At).Done);
        Refused(In(TicketStatus.Accepted).Escalate(Deadline.Accept, 1, "x", At));
        Assert.True(In(TicketStatus.Accepted).Escalate(Deadline.Resolve, 1, "x", At).Done);
        Refused(In(TicketStatus.Resolved).Escalate(Deadline.Resolve, 1, "x", At));
    }

    [Fact]
    public void A_place_given_later_fills_an_empty_place_only()
    {
        var place = new TicketLocation(3, 2, "501", null);

        var placed = Done(New().SetPlace(Reporter, place, "3-2-501", "g1", At));
        var again = placed.SetPlace(Reporter, new TicketLocation(4, 1, null, null), null, "g1", At);

        Assert.Equal((place, "3-2-501", "g1"), (placed.Location, placed.HouseholdId, placed.Grid));
        Assert.False(again.Changed);
    }

    [Fact]
    public void A_correction_changes_the_place_or_the_category_of_an_open_ticket()
    {
        var corrected = Done(New().Correct(Reporter, "不对，是4号楼", new TicketLocation(4, null, null, null), null, "g2", null, At));

        Assert.Equal((4, "g2", "repair"), (corrected.Location!.Building, corrected.Grid, corrected.Category));
        Assert.Equal("environment", Done(corrected.Correct(Reporter, "是垃圾", null, null, null, "environment", At)).Category);
        Refused(In(TicketStatus.Closed).Correct(Reporter, "x", null, null, null, "environment", At));
        Refused(New().Correct(Reporter, "不对", null, null, null, null, At));
    }

    [Fact]
    public void The_same_attachment_is_kept_once()
    {
        var photo = new TicketAttachment("image", "media-1", null, At);

        var once = Done(New().Attach(Reporter, photo, At));

        Assert.Single(once.Attachments);
        Assert.False(once.Attach(Reporter, photo, At).Changed);
        Assert.Equal(2, Done(once.Attach(Reporter, photo with { MediaId = "media-2" }, At)).Attachments.Count);
    }
}
