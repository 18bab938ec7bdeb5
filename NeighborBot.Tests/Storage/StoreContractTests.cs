using Microsoft.Extensions.Time.Testing;
using NeighborBot.Conversations;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;

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
    protected abstract ISequenceStore Sequences { get; }
    protected abstract IConversationStore Conversations { get; }

    /// <summary>Lets time pass for expiry tests (real time for Redis, fake time in-process).</summary>
    protected abstract Task ElapseAsync(TimeSpan time);

    /// <summary>A TTL short enough to wait out in a test.</summary>
    protected virtual TimeSpan ShortTtl => TimeSpan.FromMilliseconds(300);

    private static PersonKey Someone() => PersonKey.OfficialAccount("demo", "o_" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task The_first_claim_of_a_delivery_wins_and_a_second_sees_it_in_progress()
    {
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s1", "m1", Long, Ct)).Status);
        Assert.Equal(ClaimStatus.InProgress, (await Dedupe.ClaimAsync("s1", "m1", Long, Ct)).Status);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s2", "m1", Long, Ct)).Status);
    }

    [Fact]
    public async Task A_completed_delivery_returns_its_answer_to_later_claims()
    {
        await Dedupe.ClaimAsync("s", "m-done", Long, Ct);
        await Dedupe.CompleteAsync("s", "m-done", "{\"kind\":\"text\",\"text\":\"好的\"}", Long, Ct);

        var again = await Dedupe.ClaimAsync("s", "m-done", Long, Ct);
        var peek = await Dedupe.PeekAsync("s", "m-done", Ct);

        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "{\"kind\":\"text\",\"text\":\"好的\"}"), again);
        Assert.Equal(again, peek);
    }

    [Fact]
    public async Task An_empty_answer_is_still_an_answer()
    {
        await Dedupe.ClaimAsync("s", "m-empty", Long, Ct);
        await Dedupe.CompleteAsync("s", "m-empty", string.Empty, Long, Ct);

        Assert.Equal(new DedupeClaim(ClaimStatus.Done, string.Empty), await Dedupe.PeekAsync("s", "m-empty", Ct));
    }

    [Fact]
    public async Task A_released_claim_can_be_won_again()
    {
        await Dedupe.ClaimAsync("s", "m-rel", Long, Ct);
        await Dedupe.ReleaseAsync("s", "m-rel", Ct);

        Assert.Equal(ClaimStatus.Won, (await Dedupe.PeekAsync("s", "m-rel", Ct)).Status);
        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s", "m-rel", Long, Ct)).Status);
    }

    [Fact]
    public async Task A_claim_is_forgotten_after_its_window()
    {
        await Dedupe.ClaimAsync("s", "m-exp", ShortTtl, Ct);
        await ElapseAsync(ShortTtl * 2);

        Assert.Equal(ClaimStatus.Won, (await Dedupe.ClaimAsync("s", "m-exp", Long, Ct)).Status);
    }

    [Fact]
    public async Task Of_many_simultaneous_claims_exactly_one_wins()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Dedupe.ClaimAsync("s", "m-race", Long, Ct)));

        Assert.Single(claims, c => c.Status == ClaimStatus.Won);
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
        Assert.Null(await Conversations.GetAsync(Someone(), Ct));
    }

    [Fact]
    public async Task A_committed_turn_saves_state_history_and_answer_together()
    {
        var who = Someone();
        var state = new ConversationState { Version = 1, Turns = 1 };
        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "楼道灯坏了");

        Assert.True(await Conversations.CommitTurnAsync(who, new TurnCommit(state, 0, [line], "m1", "answer-1", Limits), Ct));

        Assert.Equal(state, await Conversations.GetAsync(who, Ct));
        Assert.Equal([line], await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(new DedupeClaim(ClaimStatus.Done, "answer-1"), await Dedupe.PeekAsync(who.ToString(), "m1", Ct));
    }

    [Fact]
    public async Task A_turn_on_a_stale_version_changes_nothing()
    {
        var who = Someone();
        var first = new ConversationState { Version = 1, Turns = 1 };
        await Conversations.CommitTurnAsync(who, new TurnCommit(first, 0, [], "m1", "a1", Limits), Ct);

        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "late");
        var stale = new TurnCommit(new ConversationState { Version = 1, Turns = 9 }, 0, [line], "m2", "a2", Limits);

        Assert.False(await Conversations.CommitTurnAsync(who, stale, Ct));
        Assert.Equal(first, await Conversations.GetAsync(who, Ct));
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(ClaimStatus.Won, (await Dedupe.PeekAsync(who.ToString(), "m2", Ct)).Status);
    }

    [Fact]
    public async Task Versions_follow_each_other_turn_after_turn()
    {
        var who = Someone();
        for (var v = 1; v <= 3; v++)
        {
            var turn = new TurnCommit(new ConversationState { Version = v, Turns = v }, v - 1, [], "m" + v, "a", Limits);
            Assert.True(await Conversations.CommitTurnAsync(who, turn, Ct));
        }

        Assert.Equal(3, (await Conversations.GetAsync(who, Ct))!.Version);
    }

    [Fact]
    public async Task A_turn_without_state_ends_the_conversation()
    {
        var who = Someone();
        await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, [], "m1", "a", Limits), Ct);

        Assert.True(await Conversations.CommitTurnAsync(who, new TurnCommit(null, 1, [], "m2", "a", Limits), Ct));
        Assert.Null(await Conversations.GetAsync(who, Ct));
    }

    [Fact]
    public async Task The_state_expires_after_the_idle_period_but_history_stays()
    {
        var who = Someone();
        var limits = Limits with { IdleExpiry = ShortTtl };
        var line = new HistoryEntry(DateTimeOffset.UnixEpoch, "in", "text", "hi");
        await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, [line], "m1", "a", limits), Ct);

        await ElapseAsync(ShortTtl * 2);

        Assert.Null(await Conversations.GetAsync(who, Ct));
        Assert.Single(await Conversations.ReadHistoryAsync(who, 10, Ct));
        // With the state gone, the next turn starts again from version 0.
        Assert.True(await Conversations.CommitTurnAsync(who, new TurnCommit(new ConversationState { Version = 1 }, 0, [], "m2", "a", Limits), Ct));
    }

    [Fact]
    public async Task History_keeps_only_the_newest_entries_oldest_first()
    {
        var who = Someone();
        var lines = Enumerable.Range(1, 5).Select(i => new HistoryEntry(DateTimeOffset.UnixEpoch.AddSeconds(i), "in", "text", "第" + i + "条\n换行")).ToList();

        await Conversations.CommitTurnAsync(who, new TurnCommit(null, 0, lines[..2], "m1", "a", Limits), Ct);
        await Conversations.AppendHistoryAsync(who, lines[2..], Limits.HistoryLength, Long, Ct);

        Assert.Equal(lines[2..], await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Equal(lines[3..], await Conversations.ReadHistoryAsync(who, 2, Ct));
    }

    [Fact]
    public async Task The_last_position_is_overwritten_not_appended()
    {
        var who = Someone();
        await Conversations.SetLastLocationAsync(who, new LocationFix(34.1, 113.1, 30, DateTimeOffset.UnixEpoch), Long, Ct);
        await Conversations.SetLastLocationAsync(who, new LocationFix(34.2, 113.2, 20, DateTimeOffset.UnixEpoch.AddSeconds(5)), Long, Ct);

        Assert.Equal(new LocationFix(34.2, 113.2, 20, DateTimeOffset.UnixEpoch.AddSeconds(5)), await Conversations.GetLastLocationAsync(who, Ct));
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 10, Ct));
        Assert.Null(await Conversations.GetAsync(who, Ct));
    }
}

public sealed class RedisStoreContractTests : StoreContractTests
{
    private readonly RedisKeys _keys = new(TestRedis.NewPrefix());

    protected override IDedupeStore Dedupe => new RedisDedupeStore(TestRedis.Connection, _keys);
    protected override ISequenceStore Sequences => new RedisSequenceStore(TestRedis.Connection, _keys);
    protected override IConversationStore Conversations => new RedisConversationStore(TestRedis.Connection, _keys);

    protected override Task ElapseAsync(TimeSpan time) => Task.Delay(time);
}

public sealed class InProcessStoreContractTests : StoreContractTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-07-12T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
    private readonly InProcessStores _stores;

    public InProcessStoreContractTests() => _stores = new InProcessStores(_time);

    protected override IDedupeStore Dedupe => _stores;
    protected override ISequenceStore Sequences => _stores;
    protected override IConversationStore Conversations => _stores;

    protected override Task ElapseAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}
