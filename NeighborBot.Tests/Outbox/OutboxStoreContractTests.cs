using Microsoft.Extensions.Time.Testing;
using NeighborBot.Outbox;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat.Api;
using NeighborBot.WeChat.Sending;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Outbox;

/// <summary>The token store and the message store follow one contract on Redis and in-process.</summary>
public abstract class OutboxStoreContractTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    private protected abstract IAccessTokenStore Tokens { get; }

    private protected abstract IMessageStore Messages { get; }

    private static DateTimeOffset Now => Start;

    [Fact]
    public async Task The_refresh_lock_has_one_owner_and_only_the_owner_releases_it()
    {
        Assert.True(await Tokens.TryLockAsync("wx1", "a", Long, default));
        Assert.False(await Tokens.TryLockAsync("wx1", "b", Long, default));
        Assert.True(await Tokens.TryLockAsync("wx2", "b", Long, default));

        await Tokens.ReleaseLockAsync("wx1", "b", default);
        Assert.False(await Tokens.TryLockAsync("wx1", "c", Long, default));

        await Tokens.ReleaseLockAsync("wx1", "a", default);
        Assert.True(await Tokens.TryLockAsync("wx1", "c", Long, default));
    }

    [Fact]
    public async Task A_refused_token_is_dropped_only_while_it_is_still_the_stored_one()
    {
        await Tokens.SetAsync("wx3", new CachedToken("old:token", Now.AddHours(1)), Long, default);
        await Tokens.SetAsync("wx3", new CachedToken("new:token", Now.AddHours(2)), Long, default);

        Assert.False(await Tokens.DropAsync("wx3", "old:token", default));
        Assert.Equal(new CachedToken("new:token", Now.AddHours(2)), await Tokens.GetAsync("wx3", default));

        Assert.True(await Tokens.DropAsync("wx3", "new:token", default));
        Assert.Null(await Tokens.GetAsync("wx3", default));
    }

    [Fact]
    public async Task A_message_is_stored_once_and_keeps_its_first_content()
    {
        var message = Assignment(Someone());

        var (first, added) = await Messages.AddAsync(message, Now, Long, default);
        var (second, addedAgain) = await Messages.AddAsync(message with { Text = "other" }, Now.AddMinutes(1), Long, default);

        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(message.Text, second.Message.Text);
        Assert.Equal((MessageStatus.Queued, Now, 0), (first.Status, first.QueuedAt, first.Runs));
        var stored = await Messages.GetAsync(message.Id, default);
        Assert.Equal(message.Fields, stored!.Message.Fields);
        Assert.Equal(message.To, stored.Message.To);
    }

    [Fact]
    public async Task One_run_at_a_time_holds_a_message_and_a_stale_run_cannot_overwrite_the_status()
    {
        var id = (await Messages.AddAsync(Assignment(Someone()), Now, Long, default)).Record.Message.Id;

        Assert.True(await Messages.TryBeginRunAsync(id, "run-a", Long, default));
        Assert.False(await Messages.TryBeginRunAsync(id, "run-b", Long, default));
        await Messages.EndRunAsync(id, "run-b", new RunEnd(MessageStatus.Failed, "stale", true, null), Now, Long, default);
        await Messages.EndRunAsync(id, "run-a", new RunEnd(MessageStatus.Delivered, "delivered", true, null), Now, Long, default);

        var record = await Messages.GetAsync(id, default);
        Assert.Equal((MessageStatus.Delivered, "delivered", 1), (record!.Status, record.Reason, record.Runs));
        Assert.True(await Messages.TryBeginRunAsync(id, "run-c", Long, default));
    }

    [Fact]
    public async Task Attempts_are_kept_in_order_and_clear_the_in_flight_send()
    {
        var id = (await Messages.AddAsync(Assignment(Someone()), Now, Long, default)).Record.Message.Id;

        await Messages.MarkSendingAsync(id, new InFlightSend(Channels.CustomService, Now), default);
        var sending = await Messages.GetAsync(id, default);
        await Messages.AppendAttemptAsync(id, new SendAttempt(Now, 1, Channels.CustomService, AttemptOutcome.FellBack, "45015", 45015), Long, default);
        await Messages.AppendAttemptAsync(id, new SendAttempt(Now, 1, Channels.Template, AttemptOutcome.Delivered, "delivered", 0, MsgId: 42), Long, default);

        var record = await Messages.GetAsync(id, default);
        Assert.Equal((MessageStatus.Sending, Channels.CustomService), (sending!.Status, sending.InFlight?.Channel));
        Assert.Null(record!.InFlight);
        Assert.Equal([AttemptOutcome.FellBack, AttemptOutcome.Delivered], record.Attempts.Select(a => a.Outcome));
        Assert.Equal(42, record.Attempts[1].MsgId);
    }

    [Fact]
    public async Task A_stored_message_is_ready_until_final_and_a_retry_is_ready_at_its_next_run()
    {
        var id = (await Messages.AddAsync(Assignment(Someone()), Now, Long, default)).Record.Message.Id;
        Assert.Contains(id, await Messages.ReadyAsync(Now, 10_000, default));

        Assert.True(await Messages.TryBeginRunAsync(id, "run-a", Long, default));
        Assert.DoesNotContain(id, await Messages.ReadyAsync(Now, 10_000, default));   // a run holds it
        await Messages.EndRunAsync(id, "run-a", new RunEnd(MessageStatus.Retrying, "HTTP 503", true, Now.AddMinutes(5)), Now, Long, default);

        Assert.DoesNotContain(id, await Messages.ReadyAsync(Now.AddMinutes(4), 10_000, default));
        Assert.Contains(id, await Messages.ReadyAsync(Now.AddMinutes(5), 10_000, default));
        var retrying = await Messages.GetAsync(id, default);
        Assert.Equal((MessageStatus.Retrying, Now.AddMinutes(5), 1), (retrying!.Status, retrying.NextRunAt, retrying.Runs));

        Assert.True(await Messages.TryBeginRunAsync(id, "run-b", Long, default));
        await Messages.EndRunAsync(id, "run-b", new RunEnd(MessageStatus.Delivered, "delivered", true, null), Now, Long, default);
        Assert.DoesNotContain(id, await Messages.ReadyAsync(Now.AddDays(1), 10_000, default));
    }

    [Fact]
    public async Task A_run_put_off_is_not_counted()
    {
        var id = (await Messages.AddAsync(Assignment(Someone()), Now, Long, default)).Record.Message.Id;

        Assert.True(await Messages.TryBeginRunAsync(id, "run-a", Long, default));
        await Messages.EndRunAsync(id, "run-a", new RunEnd(MessageStatus.Queued, null, false, Now.AddSeconds(1)), Now, Long, default);

        var record = await Messages.GetAsync(id, default);
        Assert.Equal((MessageStatus.Queued, 0), (record!.Status, record.Runs));
        Assert.Contains(id, await Messages.ReadyAsync(Now.AddSeconds(1), 10_000, default));
    }

    [Fact]
    public async Task A_message_given_up_is_listed_and_an_admin_can_queue_it_again_once()
    {
        var id = (await Messages.AddAsync(Assignment(Someone()), Now, Long, default)).Record.Message.Id;
        Assert.Equal(ResendResult.NotGivenUp, await Messages.ResendAsync(id, "resent", Now, Long, default));

        Assert.True(await Messages.TryBeginRunAsync(id, "run-a", Long, default));
        await Messages.EndRunAsync(id, "run-a", new RunEnd(MessageStatus.Failed, "gave up after 24 h", true, null), Now, Long, default);
        Assert.Contains(id, (await Messages.GivenUpAsync(1000, default)).Select(r => r.Message.Id));
        Assert.DoesNotContain(id, await Messages.ReadyAsync(Now.AddDays(1), 10_000, default));

        var later = Now.AddDays(2);
        Assert.Equal(ResendResult.Queued, await Messages.ResendAsync(id, "resent", later, Long, default));
        Assert.Equal(ResendResult.NotGivenUp, await Messages.ResendAsync(id, "resent", later, Long, default));
        var record = await Messages.GetAsync(id, default);
        Assert.Equal((MessageStatus.Queued, "resent", later), (record!.Status, record.Reason, record.QueuedAt));
        Assert.Contains(id, await Messages.ReadyAsync(later, 10_000, default));
        Assert.DoesNotContain(id, (await Messages.GivenUpAsync(1000, default)).Select(r => r.Message.Id));
        Assert.Equal(ResendResult.NotFound, await Messages.ResendAsync("no-such-message", "resent", later, Long, default));
    }

    [Fact]
    public async Task Messages_are_found_by_id_prefix_in_id_order()
    {
        var ticket = "T" + Guid.NewGuid().ToString("N")[..8];
        foreach (var id in new[] { $"{ticket}:e2:w1", $"{ticket}x:e1:w1", $"{ticket}:e1:w1", $"{ticket}:e1:reporter" })
        {
            await Messages.AddAsync(Assignment(Someone(), id), Now, Long, default);
        }

        var found = await Messages.FindAsync(ticket + ":", 10, default);
        var limited = await Messages.FindAsync(ticket + ":", 2, default);

        Assert.Equal([$"{ticket}:e1:reporter", $"{ticket}:e1:w1", $"{ticket}:e2:w1"], found.Select(r => r.Message.Id));
        Assert.Equal(2, limited.Count);
    }
}

public sealed class RedisOutboxStoreTests : OutboxStoreContractTests
{
    private readonly RedisKeys _keys = new(TestRedis.NewPrefix());

    private protected override IAccessTokenStore Tokens => new RedisAccessTokenStore(TestRedis.Connection, _keys);

    private protected override IMessageStore Messages => new RedisMessageStore(TestRedis.Connection, _keys);
}

public sealed class InProcessOutboxStoreTests : OutboxStoreContractTests
{
    private static readonly FakeTimeProvider Clock = new(Start);

    private protected override IAccessTokenStore Tokens { get; } = new InProcessAccessTokenStore(Clock);

    private protected override IMessageStore Messages { get; } = new InProcessMessageStore(Clock);
}
