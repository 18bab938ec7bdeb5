using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Care;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.Wishes;

namespace NeighborBot.Tests.Storage;

/// <summary>
/// One contract for every store implementation: the same tests run against a real redis-server
/// and against the in-process store.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);
    private static readonly TurnLimits Limits = new(Long, 3, Long, Long);

    protected abstract IDedupeStore Dedupe { get; }
    protected abstract INonceStore Nonces { get; }
    protected abstract ISequenceStore Sequences { get; }
    protected abstract IConversationStore Conversations { get; }
    protected abstract ITicketStore Tickets { get; }
    protected abstract IBindingRequests Bindings { get; }
    protected abstract IDirectoryStore DirectoryStore { get; }
    protected abstract ICareStore Care { get; }
    protected abstract IWishStore Wishes { get; }
    protected abstract NeighborBot.Mediation.IMediationStore Mediations { get; }

    /// <summary>Lets time pass for expiry tests (real time for Redis, fake time in-process).</summary>
    protected abstract Task ElapseAsync(TimeSpan time);

    /// <summary>A TTL short enough to wait out in a test.</summary>
    protected virtual TimeSpan ShortTtl => TimeSpan.FromMilliseconds(300);

    private static (long Version, int Turns) Shape(ConversationState? state) => (state!.Version, state.Turns);

    private static PersonKey Someone() => PersonKey.OfficialAccount("demo", "o_" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task The_first_claim_of_a_delivery_wins_and_a_second_sees_it_in_progress()
    {
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s1", "m1", "owner", Long, Ct)).Status);
        Assert.Equal(ClaimStatus.InProgress, (await Dedupe.ClaimAsync("s1", "m1", "owner", Long, Ct)).Status);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s2", "m1", "owner", Long, Ct)).Status);
    }

    [Fact]
    public async Task A_signed_url_is_first_once_then_a_retry_with_its_body_and_a_replay_with_another_body_are_told_apart()
    {
        const string url = "1767225600:1372623149:d2157f2f9079f4d6257b45edf665c43c62e60a0a";

        var first = await Nonces.UseAsync("mp:a", url, "body-1", Long, Ct);
        var retry = await Nonces.UseAsync("mp:a", url, "body-1", Long, Ct);
        var replay = await Nonces.UseAsync("mp:a", url, "body-2", Long, Ct);
        var retryAfterReplay = await Nonces.UseAsync("mp:a", url, "body-1", Long, Ct);
        var otherAccount = await Nonces.UseAsync("mp:b", url, "body-2", Long, Ct);

        Assert.Equal(NonceUse.First, first);
        Assert.Equal(NonceUse.SameBody, retry);
        Assert.Equal(NonceUse.OtherBody, replay);
        Assert.Equal(NonceUse.SameBody, retryAfterReplay); // a replay never replaces the first body
        Assert.Equal(NonceUse.First, otherAccount);
    }

    [Fact]
    public async Task A_used_url_is_forgotten_after_its_window()
    {
        await Nonces.UseAsync("mp:a", "exp", "body-1", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);

        Assert.Equal(NonceUse.First, await Nonces.UseAsync("mp:a", "exp", "body-2", Long, Ct));
    }

    [Fact]
    public async Task Of_many_uses_of_one_url_at_once_exactly_one_is_first()
    {
        var uses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Nonces.UseAsync("mp:a", "race", "body-" + (i % 2), Long, Ct)));

        Assert.Single(uses, u => u == NonceUse.First);
    }

    [Fact]
    public async Task A_completed_delivery_returns_its_answer_to_later_claims()
    {
        await Dedupe.ClaimAsync("s", "m-done", "owner", Long, Ct);
        await Dedupe.CompleteAsync("s", "m-done", "{\"kind\":\"text\",\"text\":\"好的\"}", Long, Ct);

        var again = await Dedupe.ClaimAsync("s", "m-done", "owner", Long, Ct);
        var peek = await Dedupe.PeekAsync("s", "m-done", Ct);

        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "{\"kind\":\"text\",\"text\":\"好的\"}"), again);
        Assert.Equal(again, peek);
    }

    [Fact]
    public async Task An_empty_answer_is_still_an_answer()
    {
        await Dedupe.ClaimAsync("s", "m-empty", "owner", Long, Ct);
        await Dedupe.CompleteAsync("s", "m-empty", string.Empty, Long, Ct);

        Assert.Equal(new DedupeClaim(ClaimStatus.Done, string.Empty), await Dedupe.PeekAsync("s", "m-empty", Ct));
    }

    [Fact]
    public async Task A_released_claim_can_be_won_again()
    {
        await Dedupe.ClaimAsync("s", "m-rel", "owner", Long, Ct);
        await Dedupe.ReleaseAsync("s", "m-rel", "owner", Ct);

        Assert.Equal(ClaimStatus.Won, (await Dedupe.PeekAsync("s", "m-rel", Ct)).Status);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s", "m-rel", "owner", Long, Ct)).Status);
    }

    [Fact]
    public async Task A_claim_is_forgotten_after_its_window()
    {
        await Dedupe.ClaimAsync("s", "m-exp", "owner", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);

        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s", "m-exp", "owner", Long, Ct)).Status);
    }

    [Fact]
    public async Task Of_many_simultaneous_claims_exactly_one_wins()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Dedupe.ClaimAsync("s", "m-race", "owner", Long, Ct)));

        Assert.Single(claims, c => c.Status == ClaimStatus.Won);
    }

    [Fact]
    public async Task Only_the_owner_of_a_claim_can_release_it()
    {
        await Dedupe.ClaimAsync("s", "m-own", "first", Long, Ct);
        await Dedupe.ReleaseAsync("s", "m-own", "second", Ct);

        Assert.Equal(ClaimStatus.InProgress, (await Dedupe.PeekAsync("s", "m-own", Ct)).Status);
        await Dedupe.ReleaseAsync("s", "m-own", "first", Ct);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.PeekAsync("s", "m-own", Ct)).Status);
    }

    [Fact]
    public async Task A_turn_whose_claim_lapsed_and_was_taken_over_writes_nothing()
    {
        var who = Someone();
        await Dedupe.ClaimAsync(who.ToString(), "m1", "slow", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync(who.ToString(), "m1", "retry", Long, Ct)).Status);

        var late = new TurnCommit(new ConversationState { Version = 1, Turns = 1 }, 0, null, [], "m1", "slow", "late answer", Limits);
        Assert.Equal(TurnCommitResult.TakenOver, await Conversations.CommitTurnAsync(who, late, Ct));
        Assert.Null((await Conversations.GetAsync(who, Ct)).State);

        var retry = late with { ClaimOwner = "retry", Answer = "retry answer" };
        Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, retry, Ct));
        Assert.Equal(TurnCommitResult.AlreadyDone, await Conversations.CommitTurnAsync(who, late with { ExpectedVersion = 1 }, Ct));
        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "retry answer"), await Dedupe.PeekAsync(who.ToString(), "m1", Ct));
    }

    [Fact]
    public async Task A_turn_whose_claim_lapsed_with_nobody_else_holding_it_is_still_written()
    {
        var who = Someone();
        await Dedupe.ClaimAsync(who.ToString(), "m1", "slow", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);

        var late = new TurnCommit(new ConversationState { Version = 1, Turns = 1 }, 0, null, [], "m1", "slow", "answer", Limits);
        Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, late, Ct));
        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "answer"), await Dedupe.PeekAsync(who.ToString(), "m1", Ct));
    }

    private static NeighborBot.Mediation.MediationBooking Booking(string id, string mediator, DateTimeOffset start) => new()
    {
        Id = id, Mediator = mediator, Specialty = "noise", Start = start, Minutes = 60, Room = "调解室", BookedBy = "admin",
        BookedAt = start.AddDays(-1), TimeSetAt = start.AddDays(-1), Resident = "mp:test:o_" + id,
    };

    [Fact]
    public async Task Of_many_bookings_of_one_slot_at_once_exactly_one_is_stored()
    {
        var mediator = "m" + Guid.NewGuid().ToString("N")[..8];
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Mediations.CreateAsync(Booking($"{mediator}-{i}", mediator, start), Ct)));
        Assert.Single(wins, w => w);
        var winner = $"{mediator}-{Array.IndexOf(wins, true)}";
        Assert.Equal(winner, await Mediations.HolderAsync(mediator, start, Ct));
        Assert.Single(await Mediations.StartingAsync(start, start.AddMinutes(1), Ct), b => b.Mediator == mediator);
        Assert.Null(await Mediations.GetAsync($"{mediator}-{(Array.IndexOf(wins, true) + 1) % 8}", Ct));
    }

    [Fact]
    public async Task A_move_claims_the_new_slot_and_frees_the_old_and_a_cancel_frees_its_slot()
    {
        var mediator = "m" + Guid.NewGuid().ToString("N")[..8];
        var nine = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var ten = nine.AddHours(1);
        var first = Booking(mediator + "-a", mediator, nine);
        var second = Booking(mediator + "-b", mediator, ten);
        Assert.True(await Mediations.CreateAsync(first, Ct));
        Assert.True(await Mediations.CreateAsync(second, Ct));

        // The ten o'clock slot is held: the move changes nothing.
        Assert.False(await Mediations.MoveAsync(first with { Start = ten }, nine, Ct));
        Assert.Equal(nine, (await Mediations.GetAsync(first.Id, Ct))!.Start);

        await Mediations.SaveAsync(second with { Status = NeighborBot.Mediation.BookingStatus.Cancelled }, Ct);
        Assert.Null(await Mediations.HolderAsync(mediator, ten, Ct));
        Assert.True(await Mediations.MoveAsync(first with { Start = ten }, nine, Ct));
        Assert.Equal(first.Id, await Mediations.HolderAsync(mediator, ten, Ct));
        Assert.Null(await Mediations.HolderAsync(mediator, nine, Ct));
        Assert.Equal([second.Id, first.Id], (await Mediations.StartingAsync(nine, ten.AddMinutes(1), Ct)).Where(b => b.Mediator == mediator).Select(b => b.Id).Order(StringComparer.Ordinal).Reverse());
        Assert.True(await Mediations.CreateAsync(Booking(mediator + "-c", mediator, nine), Ct));
    }

    [Fact]
    public async Task A_sequence_counts_from_one_per_name()
    {
        var a1 = await Sequences.NextAsync("a", Long, Ct);
        var a2 = await Sequences.NextAsync("a", Long, Ct);
        var b1 = await Sequences.NextAsync("b", Long, Ct);

        Assert.Equal((1, 2, 1), (a1, a2, b1));
    }

    [Fact]
    public async Task Simultaneous_callers_get_distinct_numbers()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Sequences.NextAsync("race", Long, Ct)));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), numbers.Order());
    }

    [Fact]
    public async Task A_sequence_starts_again_after_its_retention()
    {
        await Sequences.NextAsync("day", ShortTtl, Ct);
        await Sequences.NextAsync("day", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);

        Assert.Equal(1, await Sequences.NextAsync("day", Long, Ct));
    }

    [Fact]
    public async Task A_person_without_a_conversation_has_no_state()
    {
        Assert.Null((await Conversations.GetAsync(Someone(), Ct)).State);
    }

    [Fact]
    public async Task A_committed_turn_saves_state_history_and_answer_together()
    {
        var who = Someone();
        var state = new ConversationState { Version = 1, Turns = 1 };
        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "楼道灯坏了");

        Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, new TurnCommit(state, 0, null, [line], "m1", "owner", "answer-1", Limits), Ct));

        Assert.Equal((1L, 1), Shape((await Conversations.GetAsync(who, Ct)).State));
        Assert.Equal([line], await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "answer-1"), await Dedupe.PeekAsync(who.ToString(), "m1", Ct));
    }

    [Fact]
    public async Task A_turn_on_a_stale_version_changes_nothing()
    {
        var who = Someone();
        var first = new ConversationState { Version = 1, Turns = 1 };
        await Conversations.CommitTurnAsync(who, new TurnCommit(first, 0, null, [], "m1", "owner", "a1", Limits), Ct);

        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "late");
        var stale = new TurnCommit(new ConversationState { Version = 1, Turns = 9 }, 0, null, [line], "m2", "owner", "a2", Limits);

        Assert.Equal(TurnCommitResult.Conflict, await Conversations.CommitTurnAsync(who, stale, Ct));
        Assert.Equal((1L, 1), Shape((await Conversations.GetAsync(who, Ct)).State));
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(ClaimStatus.Won, (await Dedupe.PeekAsync(who.ToString(), "m2", Ct)).Status);
    }

    [Fact]
    public async Task Versions_follow_each_other_turn_after_turn()
    {
        var who = Someone();
        for (var v = 1; v <= 3; v++)
        {
            var turn = new TurnCommit(new ConversationState { Version = v, Turns = v }, v - 1, null, [], "m" + v, "owner", "a", Limits);
            Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, turn, Ct));
        }

        Assert.Equal(3, ((await Conversations.GetAsync(who, Ct)).State)!.Version);
    }

    [Fact]
    public async Task Unanswered_reports_come_due_in_order_and_a_newer_mark_outlives_forgetting_the_older()
    {
        var (early, late, later) = (Someone(), Someone(), Someone());
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        await Conversations.MarkReportDueAsync(late, t0.AddMinutes(2), Ct);
        await Conversations.MarkReportDueAsync(early, t0.AddMinutes(1), Ct);
        await Conversations.MarkReportDueAsync(later, t0.AddHours(1), Ct);

        var due = await Conversations.ReportsDueAsync(t0.AddMinutes(5), 10, Ct);
        Assert.Equal([(early, t0.AddMinutes(1)), (late, t0.AddMinutes(2))], due.Where(d => d.Who == early || d.Who == late));
        Assert.DoesNotContain(due, d => d.Who == later);

        // A turn marked the person again meanwhile: forgetting the mark that was read leaves the new one.
        await Conversations.MarkReportDueAsync(early, t0.AddMinutes(30), Ct);
        await Conversations.ForgetReportDueAsync(early, t0.AddMinutes(1), Ct);
        await Conversations.ForgetReportDueAsync(late, t0.AddMinutes(2), Ct);
        var left = await Conversations.ReportsDueAsync(t0.AddHours(2), 10, Ct);
        Assert.Equal([(early, t0.AddMinutes(30)), (later, t0.AddHours(1))], left.Where(d => d.Who == early || d.Who == late || d.Who == later));
    }

    [Fact]
    public async Task A_turn_without_state_ends_the_conversation()
    {
        var who = Someone();
        await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, null, [], "m1", "owner", "a", Limits), Ct);

        Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, new TurnCommit(null, 1, null, [], "m2", "owner", "a", Limits), Ct));
        Assert.Null((await Conversations.GetAsync(who, Ct)).State);
    }

    [Fact]
    public async Task The_state_expires_after_the_idle_period_but_history_stays()
    {
        var who = Someone();
        var limits = Limits with { IdleExpiry = ShortTtl };
        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "hi");
        await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, null, [line], "m1", "owner", "a", limits), Ct);

        await ElapseAsync(ShortTtl * 2);

        Assert.Null((await Conversations.GetAsync(who, Ct)).State);
        Assert.Single(await Conversations.ReadHistoryAsync(who, 10, Ct));
        // With the state gone, the next turn starts again from version 0.
        Assert.Equal(TurnCommitResult.Committed, await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, null, [], "m2", "owner", "a", Limits), Ct));
    }

    [Fact]
    public async Task History_keeps_only_the_newest_entries_oldest_first()
    {
        var who = Someone();
        var lines = Enumerable.Range(1, 5).Select(i => new HistoryEntry(DateTimeOffset.UnixEpoch.AddSeconds(i), "in", "text", "第" + i + "条\n换行")).ToList();

        await Conversations.CommitTurnAsync(who, new TurnCommit(null, 0, null, lines[..2], "m1", "owner", "a", Limits), Ct);
        await Conversations.AppendHistoryAsync(who, lines[2..], Limits.HistoryLength, Long, Ct);

        Assert.Equal(lines[2..], await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(lines[3..], await Conversations.ReadHistoryAsync(who, 2, Ct));
    }

    [Fact]
    public async Task A_person_without_a_profile_has_the_empty_one_and_a_turn_can_change_it()
    {
        var who = Someone();
        Assert.Equal(PersonProfile.Empty, (await Conversations.GetAsync(who, Ct)).Profile);

        var bound = new PersonProfile { HouseholdId = "3-2-501", BoundAt = DateTimeOffset.UnixEpoch };
        await Conversations.CommitTurnAsync(who, new TurnCommit(null, 0, bound, [], "m1", "owner", "a", Limits), Ct);
        Assert.Equal(bound, (await Conversations.GetAsync(who, Ct)).Profile);

        // A turn that leaves the profile alone (null) keeps it; the profile has no idle expiry.
        await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, null, [], "m2", "owner", "a", Limits with { IdleExpiry = ShortTtl }), Ct);
        await ElapseAsync(ShortTtl * 2);
        Assert.Equal(new Conversation(null, bound), await Conversations.GetAsync(who, Ct));

        var confirmed = bound with { PendingHouseholdId = null, HouseholdId = "4-1-101" };
        await Conversations.SaveProfileAsync(who, confirmed, Ct);
        Assert.Equal(confirmed, (await Conversations.GetAsync(who, Ct)).Profile);
    }

    [Fact]
    public async Task The_last_position_is_overwritten_not_appended()
    {
        var who = Someone();
        await Conversations.SetLastLocationAsync(who, new LocationFix(34.1, 113.1, 30, DateTimeOffset.UnixEpoch), Long, Ct);
        await Conversations.SetLastLocationAsync(who, new LocationFix(34.2, 113.2, 20, DateTimeOffset.UnixEpoch.AddSeconds(5)), Long, Ct);

        Assert.Equal(new LocationFix(34.2, 113.2, 20, DateTimeOffset.UnixEpoch.AddSeconds(5)), await Conversations.GetLastLocationAsync(who, Ct));
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Null((await Conversations.GetAsync(who, Ct)).State);
    }

    [Fact]
    public async Task Binding_requests_are_kept_per_household_until_removed()
    {
        var household = "h-" + Guid.NewGuid().ToString("N")[..6];
        var (a, b) = (Someone(), Someone());
        await Bindings.AddAsync(household, a, Ct);
        await Bindings.AddAsync(household, b, Ct);
        await Bindings.AddAsync(household, a, Ct);

        Assert.Equal(new[] { a, b }.OrderBy(k => k.ToString(), StringComparer.Ordinal), await Bindings.ListAsync(household, Ct));
        await Bindings.RemoveAsync(household, a, Ct);
        Assert.Equal([b], await Bindings.ListAsync(household, Ct));
        Assert.Empty(await Bindings.ListAsync("other-" + household, Ct));
    }

    [Fact]
    public async Task A_worker_index_holds_a_person_s_open_tickets_and_follows_reassignment()
    {
        var ticket = await Tickets.CreateAsync(NewTicket("mp:demo:o9", "m9", DateTimeOffset.UnixEpoch), "19700101-0009", null, Ct);
        var worker = "w-" + Guid.NewGuid().ToString("N")[..6];
        var other = "w-" + Guid.NewGuid().ToString("N")[..6];

        Assert.True(await Tickets.UpdateAsync(ticket with { Assignee = worker, Status = TicketStatus.Assigned }, null, Ct));
        Assert.Equal(["19700101-0009"], (await Tickets.ListByAssigneeAsync(worker, Ct)).Select(t => t.Number));
        Assert.Equal(1, await Tickets.CountByAssigneeAsync(worker, Ct));

        var assigned = (await Tickets.GetAsync("19700101-0009", Ct))!;
        Assert.True(await Tickets.UpdateAsync(assigned with { Assignee = other }, null, Ct));
        Assert.Empty(await Tickets.ListByAssigneeAsync(worker, Ct));
        Assert.Equal(0, await Tickets.CountByAssigneeAsync(worker, Ct));
        Assert.Single(await Tickets.ListByAssigneeAsync(other, Ct));

        var moved = (await Tickets.GetAsync("19700101-0009", Ct))!;
        Assert.True(await Tickets.UpdateAsync(moved with { Status = TicketStatus.Closed }, null, Ct));
        Assert.Empty(await Tickets.ListByAssigneeAsync(other, Ct));
    }

    private static Ticket NewTicket(string reporter, string source, DateTimeOffset at, string category = "repair", string? grid = "g1") => new()
    {
        Category = category,
        Reporter = reporter,
        Channel = "mp",
        Text = "楼道灯坏了",
        SourceId = source,
        Grid = grid,
        Location = new TicketLocation(3, 2, "501", null),
        CreatedAt = at,
        UpdatedAt = at,
        Events = [new TicketEvent(at, reporter, "created")],
    };

    [Fact]
    public async Task A_created_ticket_has_its_number_and_first_revision_and_reads_back_whole()
    {
        var at = DateTimeOffset.Parse("2026-07-12T09:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var created = await Tickets.CreateAsync(NewTicket("mp:demo:o1", "m1", at), "20260712-0001", null, Ct);

        Assert.Equal(("20260712-0001", 1L), (created.Number, created.Revision));
        var read = await Tickets.GetAsync("20260712-0001", Ct);
        Assert.NotNull(read);
        Assert.Equal(created.Location, read.Location);
        Assert.Equal(created.Events, read.Events);
        Assert.Equal(at, read.CreatedAt);
        Assert.Null(await Tickets.GetAsync("20260712-9999", Ct));
    }

    [Fact]
    public async Task The_same_delivery_never_creates_a_second_ticket()
    {
        var reporter = "mp:demo:" + Guid.NewGuid().ToString("N")[..8];
        var first = await Tickets.CreateAsync(NewTicket(reporter, "m7", DateTimeOffset.UnixEpoch), "19700101-0001", null, Ct);
        var again = await Tickets.CreateAsync(NewTicket(reporter, "m7", DateTimeOffset.UnixEpoch) with { Text = "retry" }, "19700101-0002", null, Ct);

        Assert.Equal(first.Number, again.Number);
        Assert.Equal("楼道灯坏了", again.Text);
        Assert.Null(await Tickets.GetAsync("19700101-0002", Ct));
        Assert.Single(await Tickets.ListByReporterAsync(reporter, 10, Ct));
    }

    [Fact]
    public async Task An_update_on_the_current_revision_is_saved_and_a_stale_one_is_refused()
    {
        var ticket = await Tickets.CreateAsync(NewTicket("mp:demo:o2", "m1", DateTimeOffset.UnixEpoch), "19700101-0003", null, Ct);
        var cancelled = ticket.With(new TicketEvent(DateTimeOffset.UnixEpoch.AddMinutes(1), "mp:demo:o2", "cancelled"), TicketStatus.Cancelled);

        Assert.True(await Tickets.UpdateAsync(cancelled, null, Ct));
        Assert.False(await Tickets.UpdateAsync(ticket.With(new TicketEvent(DateTimeOffset.UnixEpoch, "x", "note")), null, Ct));

        var read = (await Tickets.GetAsync("19700101-0003", Ct))!;
        Assert.Equal((TicketStatus.Cancelled, 2L, 2), (read.Status, read.Revision, read.Events.Count));
    }

    [Fact]
    public async Task Every_change_leaves_the_ticket_to_be_told_until_all_its_events_are_told()
    {
        var at = DateTimeOffset.Parse("2031-03-01T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var number = "20310301-" + Random.Shared.Next(1000, 9999);
        var ticket = await Tickets.CreateAsync(NewTicket("mp:demo:" + number, "m1", at), number, null, Ct);
        Assert.Contains(number, await Tickets.ToTellAsync(at, 1000, Ct));
        Assert.DoesNotContain(number, await Tickets.ToTellAsync(at.AddSeconds(-1), 1000, Ct));

        var changed = ticket.With(new TicketEvent(at.AddMinutes(1), "x", TicketActions.Accepted));
        Assert.True(await Tickets.UpdateAsync(changed, null, Ct));

        // Told up to the first event only: still to tell, now at the change's time.
        await Tickets.MarkToldAsync(number, 1, Ct);
        Assert.Equal(1, await Tickets.ToldAsync(number, Ct));
        Assert.DoesNotContain(number, await Tickets.ToTellAsync(at.AddSeconds(30), 1000, Ct));
        Assert.Contains(number, await Tickets.ToTellAsync(at.AddMinutes(1), 1000, Ct));

        await Tickets.MarkToldAsync(number, 2, Ct);
        await Tickets.MarkToldAsync(number, 1, Ct);
        Assert.Equal(2, await Tickets.ToldAsync(number, Ct));
        Assert.DoesNotContain(number, await Tickets.ToTellAsync(at.AddDays(1), 1000, Ct));
    }

    [Fact]
    public async Task A_ticket_s_next_due_time_is_written_with_it_and_cleared_with_null()
    {
        var at = DateTimeOffset.Parse("2031-04-01T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var number = "20310401-" + Random.Shared.Next(1000, 9999);
        var ticket = await Tickets.CreateAsync(NewTicket("mp:demo:" + number, "m1", at), number, at.AddHours(4), Ct);

        Assert.DoesNotContain(number, await Tickets.DueAsync(at.AddHours(3), 1000, Ct));
        Assert.Contains(number, await Tickets.DueAsync(at.AddHours(4), 1000, Ct));

        Assert.True(await Tickets.UpdateAsync(ticket with { Status = TicketStatus.Closed }, null, Ct));
        Assert.DoesNotContain(number, await Tickets.DueAsync(at.AddDays(9), 1000, Ct));

        await Tickets.SetDueAsync(number, at.AddHours(1), Ct);
        Assert.Contains(number, await Tickets.DueAsync(at.AddHours(1), 1000, Ct));
        await Tickets.SetDueAsync(number, null, Ct);
        Assert.DoesNotContain(number, await Tickets.DueAsync(at.AddDays(9), 1000, Ct));

        await Tickets.SetDueAsync("20310401-0000", at, Ct);
        Assert.DoesNotContain("20310401-0000", await Tickets.DueAsync(at.AddDays(9), 1000, Ct));
    }

    [Fact]
    public async Task Lists_are_newest_first_and_filtered()
    {
        var day = DateTimeOffset.Parse("2030-01-01T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var reporter = "mp:demo:" + Guid.NewGuid().ToString("N")[..8];
        await Tickets.CreateAsync(NewTicket(reporter, "a", day, "repair", "g1"), "20300101-0001", null, Ct);
        await Tickets.CreateAsync(NewTicket(reporter, "b", day.AddHours(1), "environment", "g2"), "20300101-0002", null, Ct);
        await Tickets.CreateAsync(NewTicket(reporter, "c", day.AddHours(2), "repair", "g2"), "20300101-0003", null, Ct);

        var window = new TicketQuery(From: day, To: day.AddHours(3));
        Assert.Equal(["20300101-0003", "20300101-0002", "20300101-0001"], (await Tickets.ListAsync(window, Ct)).Select(t => t.Number));
        Assert.Equal(["20300101-0003", "20300101-0001"], (await Tickets.ListAsync(window with { Category = "repair" }, Ct)).Select(t => t.Number));
        Assert.Equal(["20300101-0003", "20300101-0002"], (await Tickets.ListAsync(window with { Grid = "g2" }, Ct)).Select(t => t.Number));
        Assert.Equal(["20300101-0002"], (await Tickets.ListAsync(window with { From = day.AddMinutes(30), To = day.AddMinutes(90) }, Ct)).Select(t => t.Number));
        Assert.Empty(await Tickets.ListAsync(window with { Status = TicketStatus.Closed }, Ct));
        Assert.Single(await Tickets.ListAsync(window with { Limit = 1 }, Ct));
        Assert.Equal(["20300101-0003", "20300101-0002"], (await Tickets.ListByReporterAsync(reporter, 2, Ct)).Select(t => t.Number));
    }

    private static DirectoryDocument Homes(params string[] ids) => new()
    {
        Households = [.. ids.Select(id => new Household { Id = id })],
    };

    /// <summary>Saves a document on the stored revision, as the editor does.</summary>
    protected async Task<bool> SaveAsync(DirectoryDocument document, string change, int keep = 20)
    {
        var basis = await DirectoryStore.GetAsync(Ct);
        return await DirectoryStore.TrySaveAsync(basis, document, DirectoryRevision.Of(basis.Revision + 1, document, change, DateTimeOffset.UnixEpoch), keep, Ct);
    }

    [Fact]
    public async Task An_empty_directory_is_revision_zero_without_history()
    {
        Assert.Equal(0, (await DirectoryStore.GetAsync(Ct)).Revision);
        Assert.Equal(0, await DirectoryStore.GetRevisionAsync(Ct));
        Assert.Empty(await DirectoryStore.ListRevisionsAsync(Ct));
        Assert.Null(await DirectoryStore.ReadRevisionAsync(1, Ct));
    }

    [Fact]
    public async Task A_save_on_the_stored_revision_is_kept_and_one_on_an_older_revision_changes_nothing()
    {
        var empty = await DirectoryStore.GetAsync(Ct);
        Assert.True(await DirectoryStore.TrySaveAsync(empty, Homes("1-1-101"), DirectoryRevision.Of(1, Homes("1-1-101"), "first", null), 20, Ct));

        var late = await DirectoryStore.TrySaveAsync(empty, Homes("9-9-909"), DirectoryRevision.Of(1, Homes("9-9-909"), "late", null), 20, Ct);

        Assert.False(late);
        var stored = await DirectoryStore.GetAsync(Ct);
        Assert.Equal((1L, "1-1-101"), (stored.Revision, stored.Document.Households.Single().Id));
        Assert.Equal(["first"], (await DirectoryStore.ListRevisionsAsync(Ct)).Select(r => r.Change));
    }

    [Fact]
    public async Task Of_many_simultaneous_saves_on_one_revision_exactly_one_wins()
    {
        Assert.True(await SaveAsync(Homes("1-1-101"), "first"));
        var basis = await DirectoryStore.GetAsync(Ct);

        var saves = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => DirectoryStore.TrySaveAsync(
            basis, Homes($"1-1-{i}"), DirectoryRevision.Of(2, Homes($"1-1-{i}"), $"racer {i}", null), 20, Ct)));

        var winner = Assert.Single(Enumerable.Range(0, 16), i => saves[i]);
        var stored = await DirectoryStore.GetAsync(Ct);
        Assert.Equal((2L, $"1-1-{winner}"), (stored.Revision, stored.Document.Households.Single().Id));
        Assert.Equal([$"racer {winner}", "first"], (await DirectoryStore.ListRevisionsAsync(Ct)).Select(r => r.Change));
    }

    [Fact]
    public async Task The_history_keeps_the_newest_revisions_newest_first_each_with_its_document()
    {
        for (var i = 1; i <= 5; i++)
        {
            Assert.True(await SaveAsync(Homes([.. Enumerable.Range(1, i).Select(n => $"1-1-{n}")]), $"change {i}", keep: 3));
        }

        var history = await DirectoryStore.ListRevisionsAsync(Ct);

        Assert.Equal([5L, 4L, 3L], history.Select(r => r.Revision));
        Assert.Equal(new DirectoryRevision(4, DateTimeOffset.UnixEpoch, "change 4", 0, 0, 4, 0), history[1]);
        Assert.Equal(3, (await DirectoryStore.ReadRevisionAsync(3, Ct))!.Households.Count);
        Assert.Null(await DirectoryStore.ReadRevisionAsync(2, Ct));
        Assert.Equal(5, (await DirectoryStore.GetAsync(Ct)).Document.Households.Count);
    }

    [Fact]
    public async Task A_save_whose_revision_does_not_follow_its_basis_is_a_programming_error()
    {
        var empty = await DirectoryStore.GetAsync(Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => DirectoryStore.TrySaveAsync(empty, Homes(), DirectoryRevision.Of(2, Homes(), "skip", null), 20, Ct));
        Assert.Equal(0, await DirectoryStore.GetRevisionAsync(Ct));
    }

    [Fact]
    public async Task A_care_entry_saved_again_replaces_the_first_and_moves_with_its_festival()
    {
        var at = DateTimeOffset.Parse("2027-09-14T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var first = new CareEntry("visit:v1:3-2-501:20270914", CareKinds.Visit, "v1", "3-2-501", at, 0, null, "2027-中秋");
        var other = new CareEntry("visit:v2:3-2-502:20270914", CareKinds.Visit, "v2", "3-2-502", at.AddHours(1), 60, "送了月饼", "2027-中秋");
        await Care.SaveAsync(first, Ct);
        await Care.SaveAsync(other, Ct);

        var corrected = first with { Minutes = 90, Note = "老人身体不错" };
        await Care.SaveAsync(corrected, Ct);
        await Care.SaveAsync(other with { Festival = null }, Ct);

        Assert.Equal(corrected, await Care.GetAsync(first.Id, Ct));
        Assert.Equal([corrected], await Care.OfFestivalAsync("2027-中秋", Ct));
        Assert.Empty(await Care.OfFestivalAsync("2027-重阳", Ct));
        Assert.Null(await Care.GetAsync("visit:nobody", Ct));
    }

    [Fact]
    public async Task Care_entries_are_found_by_time_from_the_first_instant_up_to_the_last()
    {
        var day = DateTimeOffset.Parse("2027-02-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var hours in new[] { -1, 0, 12, 24 })
        {
            await Care.SaveAsync(new CareEntry($"visit:v1:h:{hours}", CareKinds.Visit, "v1", "3-2-501", day.AddHours(hours), 30, null, null), Ct);
        }

        var found = await Care.BetweenAsync(day, day.AddDays(1), Ct);

        Assert.Equal(["visit:v1:h:0", "visit:v1:h:12"], found.Select(e => e.Id));
    }

    [Fact]
    public async Task Of_two_claims_saved_on_the_same_revision_one_wins_and_the_claim_is_due_at_its_time()
    {
        var at = DateTimeOffset.Parse("2027-09-14T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        var wish = Wish.Approve("20270914-0042", "g1", 3, "想装一个轮椅坡道", "w_g1", at);
        Assert.True(await Wishes.SaveAsync(wish, Ct));
        Assert.False(await Wishes.SaveAsync(wish, Ct));
        var stored = (await Wishes.GetAsync(wish.Number, Ct))!;
        Assert.Equal(1, stored.Revision);

        var until = at.AddDays(7);
        var first = stored.Claim("v1", until, at.AddHours(1))!;
        var second = stored.Claim("p1", until, at.AddHours(1))!;
        var results = await Task.WhenAll(Wishes.SaveAsync(first, Ct), Wishes.SaveAsync(second, Ct));

        Assert.Single(results, r => r);
        var claimed = (await Wishes.GetAsync(wish.Number, Ct))!;
        Assert.Equal((WishState.Claimed, 2L), (claimed.State, claimed.Revision));
        Assert.Empty(await Wishes.DueAsync(until.AddTicks(-1), 10, Ct));
        Assert.Equal([wish.Number], await Wishes.DueAsync(until, 10, Ct));

        var back = claimed.Return(until)!;
        Assert.True(await Wishes.SaveAsync(back, Ct));
        Assert.Empty(await Wishes.DueAsync(until.AddDays(1), 10, Ct));
        Assert.Null(await Wishes.GetAsync("20270914-0043", Ct));
    }

    [Fact]
    public async Task Wishes_are_listed_newest_approval_first()
    {
        var at = DateTimeOffset.Parse("2027-03-01T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Wishes.SaveAsync(Wish.Approve("20270301-0001", "g1", 3, "修收音机", "w_g1", at), Ct));
        Assert.True(await Wishes.SaveAsync(Wish.Approve("20270302-0001", "g2", 6, "每周买米", "w_g2", at.AddDays(1)), Ct));

        Assert.Equal(["20270302-0001", "20270301-0001"], (await Wishes.ListAsync(Ct)).Select(w => w.Number));
    }
}

public sealed class RedisStoreContractTests : StoreContractTests
{
    private readonly RedisKeys _keys = new(TestRedis.NewPrefix());

    protected override IDedupeStore Dedupe => new RedisDedupeStore(TestRedis.Connection, _keys);
    protected override INonceStore Nonces => new RedisNonceStore(TestRedis.Connection, _keys);
    protected override ISequenceStore Sequences => new RedisSequenceStore(TestRedis.Connection, _keys);
    protected override IConversationStore Conversations => new RedisConversationStore(TestRedis.Connection, _keys);
    protected override ITicketStore Tickets => new RedisTicketStore(TestRedis.Connection, _keys);
    protected override IBindingRequests Bindings => new RedisBindingRequests(TestRedis.Connection, _keys);
    protected override IDirectoryStore DirectoryStore => new RedisDirectoryStore(TestRedis.Connection, _keys);
    protected override ICareStore Care => new RedisCareStore(TestRedis.Connection, _keys);
    protected override IWishStore Wishes => new RedisWishStore(TestRedis.Connection, _keys);
    protected override NeighborBot.Mediation.IMediationStore Mediations => new RedisMediationStore(TestRedis.Connection, _keys);

    protected override Task ElapseAsync(TimeSpan time) => Task.Delay(time);

    [Fact]
    public async Task A_directory_stored_before_revisions_were_kept_enters_the_history_at_the_next_change()
    {
        var before = new DirectoryDocument { Households = [new Household { Id = "3-2-501" }, new Household { Id = "3-2-502" }] };
        await TestRedis.Connection.GetDatabase().HashSetAsync(_keys.Directory,
            [new("r", 7), new("d", JsonSerializer.Serialize(before, StoreJson.Default.DirectoryDocument))]);

        Assert.True(await SaveAsync(new DirectoryDocument(), "json import"));

        var history = await DirectoryStore.ListRevisionsAsync(CancellationToken.None);
        Assert.Equal([(8L, "json import"), (7L, DirectoryRevision.Earlier)], history.Select(r => (r.Revision, r.Change)));
        Assert.Equal((null, 2), (history[1].At, history[1].Households));
        Assert.Equal(["3-2-501", "3-2-502"], (await DirectoryStore.ReadRevisionAsync(7, CancellationToken.None))!.Households.Select(h => h.Id));
    }

    [Fact]
    public void The_history_keys_hash_to_the_directory_s_cluster_slot()
    {
        var slot = TestRedis.Connection.HashSlot(_keys.Directory);

        Assert.Equal(slot, TestRedis.Connection.HashSlot(_keys.DirectoryRevisions));
        Assert.Equal(slot, TestRedis.Connection.HashSlot(_keys.DirectoryRevisionDocuments));
    }

    [Fact]
    public void The_wish_keys_hash_to_one_cluster_slot()
    {
        var slot = TestRedis.Connection.HashSlot(_keys.Wishes);

        Assert.Equal(slot, TestRedis.Connection.HashSlot(_keys.WishRevisions));
        Assert.Equal(slot, TestRedis.Connection.HashSlot(_keys.WishesByTime));
        Assert.Equal(slot, TestRedis.Connection.HashSlot(_keys.WishesDue));
    }
}

public sealed class InProcessStoreContractTests : StoreContractTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-07-12T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
    private readonly InProcessMap _map;

    public InProcessStoreContractTests()
    {
        // One map for every store, as the service registers them: the conversation's commit writes the dedupe mark.
        _map = new InProcessMap(_time);
        Dedupe = new InProcessDedupeStore(_map);
        Nonces = new InProcessNonceStore(_map);
        Sequences = new InProcessSequenceStore(_map);
        Conversations = new InProcessConversationStore(_map);
        Tickets = new InProcessTicketStore(_map);
        Bindings = new InProcessBindingRequests(_map);
        DirectoryStore = new InProcessDirectoryStore(_map);
    }

    protected override IDedupeStore Dedupe { get; }
    protected override INonceStore Nonces { get; }
    protected override ISequenceStore Sequences { get; }
    protected override IConversationStore Conversations { get; }
    protected override ITicketStore Tickets { get; }
    protected override IBindingRequests Bindings { get; }
    protected override IDirectoryStore DirectoryStore { get; }
    protected override ICareStore Care { get; } = new InProcessCareStore();
    protected override IWishStore Wishes { get; } = new InProcessWishStore();
    protected override NeighborBot.Mediation.IMediationStore Mediations { get; } = new InProcessMediationStore();

    protected override Task ElapseAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}
