using Microsoft.Extensions.DependencyInjection;
using Hangfire;
using NeighborBot.Conversations;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.WeChat.Api;
using NeighborBot.WeChat.Sending;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Outbox;

/// <summary>
/// Messages to one person, from the outbox through the send job to the fake WeChat API, on real
/// Redis. Some tests let the real Hangfire server run the job; others run it themselves to play
/// Hangfire's retries one by one.
/// </summary>
public sealed class SendMessageJobTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private int Sends(FakeEndpoint endpoint) => _api.Calls.Count(c => c.Endpoint == endpoint);

    [Fact]
    public async Task Within_48_hours_a_customer_service_message_is_sent_and_after_that_the_template()
    {
        var clock = NewClock();
        await using var host = Create(_api, time: clock);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var worker = Someone();
        await host.WroteAtAsync(worker, clock.GetUtcNow() - TimeSpan.FromHours(47));

        var within = Assignment(worker);
        await outbox.QueueAsync(within, default);
        var first = await host.WaitUntilFinalAsync(within.Id);

        clock.Advance(TimeSpan.FromHours(2));
        var outside = Assignment(worker);
        await outbox.QueueAsync(outside, default);
        var second = await host.WaitUntilFinalAsync(outside.Id);

        Assert.Equal((MessageStatus.Delivered, Channels.CustomService), (first.Status, first.Attempts.Single().Channel));
        Assert.Equal((MessageStatus.Delivered, Channels.Template), (second.Status, second.Attempts.Single().Channel));
        var delivered = _api.Deliveries;
        Assert.Equal(2, delivered.Count);
        Assert.Equal(("custom", worker.Id, within.Text), (delivered[0].Channel, delivered[0].OpenId, delivered[0].Text));
        Assert.Equal(("template", worker.Id, TemplateId), (delivered[1].Channel, delivered[1].OpenId, delivered[1].TemplateId));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["character_string1"] = "20260712-0042",
                ["thing2"] = "设施报修",
                ["thing3"] = "3号楼2单元",
                ["time4"] = "2026-07-12 21:00",
            },
            delivered[1].Data);
        Assert.Equal("https://example.invalid/tickets/20260712-0042", delivered[1].Url);
        Assert.Equal(outside.Id, delivered[1].ClientMsgId);
    }

    [Fact]
    public async Task Someone_who_never_wrote_gets_the_template()
    {
        await using var host = Create(_api);
        var message = Assignment(Someone());

        await host.Services.GetRequiredService<IOutbox>().QueueAsync(message, default);
        var record = await host.WaitUntilFinalAsync(message.Id);

        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal(0, Sends(FakeEndpoint.CustomSend));
        Assert.Equal("template", Assert.Single(_api.Deliveries).Channel);
    }

    [Fact]
    public async Task Outside_the_window_WeChat_answers_45015_and_the_template_is_sent_instead()
    {
        await using var host = Create(_api);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddHours(-1));
        _api.CloseCustomServiceWindow(worker.Id);
        var message = Assignment(worker);

        await host.Services.GetRequiredService<IOutbox>().QueueAsync(message, default);
        var record = await host.WaitUntilFinalAsync(message.Id);

        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal(
            [(Channels.CustomService, AttemptOutcome.FellBack, (int?)45015), (Channels.Template, AttemptOutcome.Delivered, 0)],
            record.Attempts.Select(a => (a.Channel, a.Outcome, a.ErrCode)));
        Assert.Contains("48 h", record.Attempts[0].Reason, StringComparison.Ordinal);
        Assert.Equal("template", Assert.Single(_api.Deliveries).Channel);
    }

    [Fact]
    public async Task A_job_run_twice_or_at_the_same_time_sends_once()
    {
        await using var host = Create(_api);
        var id = await host.StoreAsync(Assignment(Someone()));

        await Task.WhenAll(host.RunJobAsync(id), host.RunJobAsync(id), host.RunJobAsync(id));
        await host.RunJobAsync(id);

        Assert.Single(_api.Deliveries);
        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Delivered, record!.Status);
        Assert.Single(record.Attempts);
        Assert.Equal(1, record.Runs);
    }

    [Fact]
    public async Task Queuing_the_same_message_twice_sends_it_once()
    {
        await using var host = Create(_api);
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var message = Assignment(Someone());

        await outbox.QueueAsync(message, default);
        await outbox.QueueAsync(message with { Text = "changed" }, default);
        await host.WaitUntilFinalAsync(message.Id);
        await WaitForIdleJobsAsync(host);
        await outbox.QueueAsync(message, default);
        await WaitForIdleJobsAsync(host);

        Assert.Single(_api.Deliveries);
        Assert.Equal(message.Text, (await host.RecordAsync(message.Id))!.Message.Text);
    }

    [Fact]
    public async Task Every_attempt_is_in_the_send_log_with_its_reason_and_a_retried_job_finishes_the_send()
    {
        await using var host = Create(_api);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddHours(-1));
        _api.CloseCustomServiceWindow(worker.Id);
        _api.FailNext(FakeFault.Http500, FakeEndpoint.TemplateSend, times: 3);
        var id = await host.StoreAsync(Assignment(worker));

        await host.RunJobAsync(id);
        var between = await host.RecordAsync(id);
        await host.RunJobAsync(id);
        var record = await host.RecordAsync(id);

        Assert.Contains("HTTP 500", between!.Reason, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Retrying, between.Status);
        Assert.Equal(MessageStatus.Delivered, record!.Status);
        Assert.Equal(2, record.Runs);
        Assert.Equal(
            [
                (1, Channels.CustomService, AttemptOutcome.FellBack),
                (1, Channels.Template, AttemptOutcome.Transient),
                (2, Channels.Template, AttemptOutcome.Delivered),
            ],
            record.Attempts.Select(a => (a.Run, a.Channel, a.Outcome)));
        Assert.Equal("HTTP 500 after retries; nothing was delivered", record.Attempts[1].Reason);
        Assert.StartsWith("HttpRequestException", record.Attempts[1].Error, StringComparison.Ordinal);
        Assert.Equal("delivered", record.Attempts[2].Reason);
        Assert.NotNull(record.Attempts[2].MsgId);
        Assert.Single(_api.Deliveries);
    }

    [Theory]
    [InlineData(43004, "does not follow")]
    [InlineData(43101, "refuses messages")]
    [InlineData(40003, "openid")]
    [InlineData(40037, "template id")]
    [InlineData(47003, "template data")]
    public async Task A_refusal_for_good_is_recorded_and_not_retried(int errcode, string meaning)
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.Error(errcode), FakeEndpoint.TemplateSend);
        var id = await host.StoreAsync(Assignment(Someone()));

        await host.RunJobAsync(id);
        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Failed, record!.Status);
        Assert.Contains(meaning, record.Reason, StringComparison.Ordinal);
        Assert.Equal((AttemptOutcome.Refused, errcode), (record.Attempts.Single().Outcome, record.Attempts.Single().ErrCode));
        Assert.Equal(1, Sends(FakeEndpoint.TemplateSend));
    }

    [Theory]
    [InlineData(43004)]
    [InlineData(43101)]
    public async Task A_customer_service_refusal_for_good_does_not_fall_back(int errcode)
    {
        await using var host = Create(_api);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddMinutes(-5));
        _api.FailNext(FakeFault.Error(errcode), FakeEndpoint.CustomSend);
        var id = await host.StoreAsync(Assignment(worker));

        await host.RunJobAsync(id);

        Assert.Equal(MessageStatus.Failed, (await host.RecordAsync(id))!.Status);
        Assert.Equal(0, Sends(FakeEndpoint.TemplateSend));
    }

    [Fact]
    public async Task A_kind_without_a_template_fails_with_the_key_to_configure()
    {
        await using var host = Create(_api);
        var id = await host.StoreAsync(Assignment(Someone()) with { Kind = MessageKinds.Reminder });

        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Failed, record!.Status);
        Assert.Contains("WeChat:Accounts:test:Templates:reminder", record.Reason, StringComparison.Ordinal);
        Assert.Equal((Channels.Template, AttemptOutcome.Refused), (record.Attempts.Single().Channel, record.Attempts.Single().Outcome));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_waits_longer_each_time_and_is_given_up_after_the_retry_period()
    {
        var clock = NewClock();
        await using var host = Create(_api, time: clock)
            .With("Notifications:RetryBaseDelay", "00:00:15")
            .With("Notifications:RetryMaxDelay", "00:30:00");
        _api.FailNext(FakeFault.SystemBusy, FakeEndpoint.TemplateSend, times: 10_000);
        var id = await host.StoreAsync(Assignment(Someone()));

        var waits = new List<TimeSpan>();
        MessageRecord record;
        while (true)
        {
            await host.RunJobAsync(id);
            record = (await host.RecordAsync(id))!;
            if (record.IsFinal)
            {
                break;
            }

            Assert.Equal(MessageStatus.Retrying, record.Status);
            waits.Add(record.NextRunAt!.Value - clock.GetUtcNow());
            clock.SetUtcNow(record.NextRunAt.Value);
        }

        Assert.Equal(MessageStatus.Failed, record.Status);
        Assert.StartsWith($"gave up after trying for 24 h ({record.Runs} runs); last: errcode -1", record.Reason, StringComparison.Ordinal);
        Assert.InRange(clock.GetUtcNow() - Start, TimeSpan.FromHours(24), TimeSpan.FromHours(25));
        Assert.InRange(waits[0], TimeSpan.FromSeconds(11), TimeSpan.FromSeconds(19));      // 15 s ± 25 %
        Assert.InRange(waits[3], TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(150));     // 120 s ± 25 %
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMinutes(37.5)));
        Assert.InRange(record.Runs, 40, 80);
        Assert.Empty(_api.Deliveries);
    }

    [Fact]
    public async Task A_run_that_comes_before_the_next_run_is_due_sends_nothing()
    {
        var clock = NewClock();
        await using var host = Create(_api, time: clock).With("Notifications:RetryBaseDelay", "00:01:00").With("Notifications:RetryMaxDelay", "00:10:00");
        _api.FailNext(FakeFault.Http500, FakeEndpoint.TemplateSend, times: 3);
        var id = await host.StoreAsync(Assignment(Someone()));

        await host.RunJobAsync(id);
        var calls = Sends(FakeEndpoint.TemplateSend);
        await host.RunJobAsync(id);

        Assert.Equal(calls, Sends(FakeEndpoint.TemplateSend));
        Assert.Equal((MessageStatus.Retrying, 1), ((await host.RecordAsync(id))!.Status, (await host.RecordAsync(id))!.Runs));
    }

    [Fact]
    public async Task A_customer_service_send_that_timed_out_is_not_sent_again_on_any_channel()
    {
        await using var host = Create(_api);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddHours(-1));
        _api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(3)), FakeEndpoint.CustomSend);
        var id = await host.StoreAsync(Assignment(worker));

        await host.RunJobAsync(id);
        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Uncertain, record!.Status);
        Assert.Equal(AttemptOutcome.Uncertain, record.Attempts.Single().Outcome);
        Assert.StartsWith("TimeoutRejectedException", record.Attempts.Single().Error, StringComparison.Ordinal);
        Assert.Equal(1, Sends(FakeEndpoint.CustomSend));
        Assert.Equal(0, Sends(FakeEndpoint.TemplateSend));
        Assert.Single(_api.Deliveries);
    }

    [Fact]
    public async Task A_template_send_whose_answers_were_lost_is_sent_again_under_the_same_client_msg_id_and_arrives_once()
    {
        await using var host = Create(_api);
        _api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(2)), FakeEndpoint.TemplateSend, times: 3);
        var id = await host.StoreAsync(Assignment(Someone()));

        await host.RunJobAsync(id);
        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Delivered, record!.Status);
        Assert.Equal([AttemptOutcome.Uncertain, AttemptOutcome.Delivered], record.Attempts.Select(a => a.Outcome));
        Assert.Equal(4, Sends(FakeEndpoint.TemplateSend));
        Assert.All(_api.Calls.Where(c => c.Endpoint == FakeEndpoint.TemplateSend), c => Assert.Equal(id, c.ClientMsgId));
        Assert.Single(_api.Deliveries);
    }

    [Fact]
    public async Task A_template_send_whose_answer_was_lost_is_not_repeated_once_WeChats_10_minute_window_has_passed()
    {
        var clock = NewClock();
        await using var host = Create(_api, time: clock);
        _api.FailNext(FakeFault.SlowAnswer(TimeSpan.FromSeconds(2)), FakeEndpoint.TemplateSend, times: 3);
        var id = await host.StoreAsync(Assignment(Someone()));

        await host.RunJobAsync(id);
        clock.Advance(TimeSpan.FromMinutes(10));
        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Uncertain, record!.Status);
        Assert.Contains("10-minute", record.Reason, StringComparison.Ordinal);
        Assert.Equal(3, Sends(FakeEndpoint.TemplateSend));
    }

    [Fact]
    public async Task A_run_that_stopped_during_a_customer_service_send_is_not_repeated()
    {
        await using var host = Create(_api);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddHours(-1));
        var id = await host.StoreAsync(Assignment(worker));
        await host.Services.GetRequiredService<IMessageStore>().MarkSendingAsync(id, new InFlightSend(Channels.CustomService, DateTimeOffset.UtcNow), default);

        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Uncertain, record!.Status);
        Assert.Equal((Channels.CustomService, AttemptOutcome.Uncertain), (record.Attempts.Single().Channel, record.Attempts.Single().Outcome));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task A_run_that_stopped_during_a_template_send_sends_it_again_under_the_same_client_msg_id()
    {
        await using var host = Create(_api);
        var id = await host.StoreAsync(Assignment(Someone()));
        await host.Services.GetRequiredService<IMessageStore>().MarkSendingAsync(id, new InFlightSend(Channels.Template, DateTimeOffset.UtcNow), default);

        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal(MessageStatus.Delivered, record!.Status);
        Assert.Equal([AttemptOutcome.Uncertain, AttemptOutcome.Delivered], record.Attempts.Select(a => a.Outcome));
        Assert.Equal(id, Assert.Single(_api.Deliveries).ClientMsgId);
    }

    [Fact]
    public async Task A_message_for_an_account_that_is_not_configured_fails_and_says_which()
    {
        await using var host = Create(_api);
        var id = await host.StoreAsync(Assignment(PersonKey.OfficialAccount("nosuch", "o_x")));

        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal((MessageStatus.Failed, "the account 'nosuch' is not configured (WeChat:Accounts:nosuch)"), (record!.Status, record.Reason));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Someone_who_unfollowed_is_not_sent_anything()
    {
        await using var host = Create(_api);
        var person = Someone();
        await host.Services.GetRequiredService<IConversationStore>().SaveProfileAsync(person, new PersonProfile { Unsubscribed = true }, default);
        var id = await host.StoreAsync(Assignment(person));

        await host.RunJobAsync(id);

        var record = await host.RecordAsync(id);
        Assert.Equal((MessageStatus.Failed, "the person unfollowed the account"), (record!.Status, record.Reason));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task A_delivered_message_is_added_to_the_persons_history()
    {
        await using var host = Create(_api);
        var person = Someone();
        var message = Assignment(person);
        await host.RunJobAsync(await host.StoreAsync(message));

        var history = await host.Services.GetRequiredService<IConversationStore>().ReadHistoryAsync(person, 10, default);

        Assert.Equal(("out", "template:assignment", message.Text), (history.Single().Direction, history.Single().Kind, history.Single().Text));
    }

    [Fact]
    public async Task The_messages_of_one_ticket_are_found_by_their_id_prefix()
    {
        await using var host = Create(_api);
        var ticket = "20260712-" + Random.Shared.Next(1000, 9999);
        var other = ticket + "9";
        foreach (var id in new[] { $"{ticket}:e2:w1", $"{other}:e1:w1", $"{ticket}:e1:reporter", $"{ticket}:e1:w1" })
        {
            await host.StoreAsync(Assignment(Someone(), id));
        }

        var found = await host.Services.GetRequiredService<ISendLog>().FindAsync(ticket + ":", 50, default);

        Assert.Equal([$"{ticket}:e1:reporter", $"{ticket}:e1:w1", $"{ticket}:e2:w1"], found.Select(r => r.Message.Id));
        Assert.All(found, r => Assert.Equal(MessageStatus.Queued, r.Status));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("{braces}")]
    public async Task The_outbox_refuses_an_unusable_id(string id)
    {
        await using var host = Create(_api);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Services.GetRequiredService<IOutbox>().QueueAsync(Assignment(Someone(), id), default));
    }

    [Fact]
    public async Task Messages_are_sent_on_the_in_process_store_too()
    {
        await using var host = Create(_api, useRedis: false);
        var worker = Someone();
        await host.WroteAtAsync(worker, DateTimeOffset.UtcNow.AddHours(-1));
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var toWorker = Assignment(worker);
        var toNewcomer = Assignment(Someone());

        await outbox.QueueAsync(toWorker, default);
        await outbox.QueueAsync(toNewcomer, default);
        var first = await host.WaitUntilFinalAsync(toWorker.Id);
        var second = await host.WaitUntilFinalAsync(toNewcomer.Id);

        Assert.Equal((MessageStatus.Delivered, Channels.CustomService), (first.Status, first.Attempts.Single().Channel));
        Assert.Equal((MessageStatus.Delivered, Channels.Template), (second.Status, second.Attempts.Single().Channel));
        Assert.Equal(1, _api.StableTokenCalls);
    }

    [Fact]
    public void A_long_message_id_becomes_a_stable_client_msg_id_WeChat_accepts()
    {
        var id = "20260712-0042:e12:" + new string('w', 80);

        var clientMsgId = OfficialAccountSender.ClientMsgId(id);

        Assert.Equal(64, clientMsgId.Length);
        Assert.Equal(clientMsgId, OfficialAccountSender.ClientMsgId(id));
        Assert.Equal("20260712-0042:e1:w1", OfficialAccountSender.ClientMsgId("20260712-0042:e1:w1"));
    }

    private static async Task WaitForIdleJobsAsync(Infrastructure.NeighborBotFactory host)
    {
        var monitor = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (monitor.EnqueuedCount(SendMessageJob.Queue) > 0 || monitor.ProcessingCount() > 0)
        {
            await Task.Delay(50, cancel.Token);
        }
    }
}
