using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Groups;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat.WeCom;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.WeCom;

/// <summary>
/// Outbox messages to WeCom groups, from the outbox through the send job to a fake group robot webhook on
/// loopback, on real Redis; the tests run the job themselves, on a clock they move.
/// </summary>
public sealed class WeComRobotSenderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = NewClock();
    private FakeWeChatApi _api = null!;
    private FakeWeComRobot _robot = null!;
    private NeighborBotFactory _host = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _robot = await FakeWeComRobot.StartAsync(_clock);
        _host = Create(_api, time: _clock).WithWeCom(_robot).With("WeCom:RobotTimeout", "00:00:00.500");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _robot.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static PersonKey Member(string userId, string chatId = WeComTestHost.MappedGroup) => GroupAddress.Member(WeComTestHost.Source, chatId, userId);

    private static OutboundMessage Message(PersonKey to, string? text = null) => new(
        NewId("20260712-0042"), to, MessageKinds.Progress, text ?? "工单 0042（设施报修）已有工作人员接单，正在处理。", new Dictionary<string, string>());

    private async Task<MessageRecord> RunAsync(OutboundMessage message)
    {
        var id = await _host.StoreAsync(message);
        await _host.RunJobAsync(id);
        return (await _host.RecordAsync(id))!;
    }

    private IChannelSender Sender => _host.Services.GetServices<IChannelSender>().Single(s => s.Channel == PersonKey.WeComChannel);

    [Fact]
    public async Task A_message_to_a_member_is_a_text_that_mentions_them_and_is_listed_for_admins()
    {
        var message = Message(Member("lisi"));

        var record = await RunAsync(message);

        var call = Assert.Single(_robot.Calls);
        Assert.Equal((WeComTestHost.RobotKey, "text", message.Text), (call.Key, call.Msgtype, call.Content));
        Assert.Equal(["lisi"], call.Mentioned);
        Assert.Equal(MessageStatus.Delivered, record.Status);
        var attempt = Assert.Single(record.Attempts);
        Assert.Equal((WeComRobotSender.Way, AttemptOutcome.Delivered, (int?)0), (attempt.Channel, attempt.Outcome, attempt.ErrCode));

        var admin = _host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        var listed = await admin.GetStringAsync($"/api/admin/messages?prefix={Uri.EscapeDataString(message.Id)}");
        Assert.Contains("delivered to the group", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(WeComTestHost.RobotKey, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_to_the_whole_group_mentions_nobody()
    {
        await RunAsync(Message(GroupAddress.WholeGroup(WeComTestHost.Source, WeComTestHost.MappedGroup), "今晚 8 点停水检修，请提前储水。"));

        var call = Assert.Single(_robot.Calls);
        Assert.Equal("text", call.Msgtype);
        Assert.Null(call.Body["text"]!["mentioned_list"]);
    }

    [Fact]
    public async Task A_message_to_the_whole_group_with_markdown_of_its_own_posts_the_markdown_and_one_to_a_member_keeps_its_mention()
    {
        var fields = new Dictionary<string, string> { [WeComRobotSender.MarkdownField] = "**停水通知**\n> 今晚 8 点停水检修。" };
        var whole = Message(GroupAddress.WholeGroup(WeComTestHost.Source, WeComTestHost.MappedGroup), "今晚 8 点停水检修。") with { Fields = fields };
        var member = Message(Member("lisi"), "今晚 8 点停水检修。") with { Fields = fields };

        await RunAsync(whole);
        await RunAsync(member);

        var calls = _robot.Calls;
        Assert.Equal(("markdown", fields[WeComRobotSender.MarkdownField]), (calls[0].Msgtype, calls[0].Content));
        Assert.Equal(("text", "今晚 8 点停水检修。"), (calls[1].Msgtype, calls[1].Content));
        Assert.Equal(["lisi"], calls[1].Mentioned);
    }

    [Fact]
    public async Task A_text_too_long_for_a_text_goes_as_markdown_that_mentions_the_member()
    {
        var notice = string.Concat(Enumerable.Repeat("停水通知：明天上午 9 点到 12 点检修二次供水设备。", 40));

        await RunAsync(Message(Member("wangwu"), notice));

        var call = Assert.Single(_robot.Calls);
        Assert.Equal("markdown", call.Msgtype);
        Assert.StartsWith("<@wangwu>\n停水通知", call.Content, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(call.Content) <= WeComRobotSender.MaxMarkdownBytes);
    }

    [Fact]
    public async Task A_group_id_with_a_colon_finds_its_robot_under_the_underscored_key_and_a_pasted_webhook_url_is_read_for_its_key()
    {
        var record = await RunAsync(Message(Member("zhaoliu", WeComTestHost.ColonGroup)));

        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal(WeComTestHost.ColonRobotKey, Assert.Single(_robot.Calls).Key);
    }

    [Fact]
    public async Task The_rate_limit_answer_waits_at_least_a_minute_and_then_the_message_goes()
    {
        _robot.FailNext(new RobotFault(45009, "api freq out of limit"));
        var id = await _host.StoreAsync(Message(Member("lisi")));

        await _host.RunJobAsync(id);
        var limited = (await _host.RecordAsync(id))!;
        _clock.Advance(TimeSpan.FromSeconds(58));
        await _host.RunJobAsync(id);
        var early = _robot.Calls.Count;
        _clock.Advance(TimeSpan.FromSeconds(20));
        await _host.RunJobAsync(id);
        var record = (await _host.RecordAsync(id))!;

        Assert.Equal(MessageStatus.Retrying, limited.Status);
        Assert.StartsWith("errcode 45009", limited.Reason, StringComparison.Ordinal);
        Assert.True(limited.NextRunAt >= limited.Attempts[0].At + TimeSpan.FromMinutes(1), $"next run at {limited.NextRunAt}");
        Assert.Equal(1, early);
        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal([AttemptOutcome.Transient, AttemptOutcome.Delivered], record.Attempts.Select(a => a.Outcome));
        Assert.Single(_robot.Calls, c => c.Delivered);
    }

    [Fact]
    public async Task Another_errcode_fails_for_good_with_WeComs_words_and_never_the_key()
    {
        _robot.FailNext(RobotFault.InvalidKey);
        var id = await _host.StoreAsync(Message(Member("lisi")));

        await _host.RunJobAsync(id);
        await _host.RunJobAsync(id);

        var record = (await _host.RecordAsync(id))!;
        Assert.Equal(MessageStatus.Failed, record.Status);
        Assert.StartsWith("errcode 93000: invalid webhook url", record.Reason, StringComparison.Ordinal);
        Assert.Equal((AttemptOutcome.Refused, (int?)93000), (record.Attempts.Single().Outcome, record.Attempts.Single().ErrCode));
        Assert.Single(_robot.Calls);
        Assert.DoesNotContain(_host.Logs, l => l.Message.Contains(WeComTestHost.RobotKey, StringComparison.Ordinal));
        Assert.DoesNotContain(WeComTestHost.RobotKey, System.Text.Json.JsonSerializer.Serialize(record), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTTP_error_is_tried_again_and_delivers_once()
    {
        _robot.FailNext(RobotFault.Http500);
        var id = await _host.StoreAsync(Message(Member("lisi")));

        await _host.RunJobAsync(id);
        var failed = (await _host.RecordAsync(id))!;
        await _host.RunJobAsync(id);
        var record = (await _host.RecordAsync(id))!;

        Assert.Equal((MessageStatus.Retrying, "WeCom answered HTTP 500; nothing was delivered"), (failed.Status, failed.Reason));
        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal(2, _robot.Calls.Count);
        Assert.Single(_robot.Calls, c => c.Delivered);
    }

    [Fact]
    public async Task A_robot_that_cannot_be_reached_is_tried_again_later()
    {
        var gone = await FakeWeComRobot.StartAsync(_clock);
        var url = gone.BaseUrl;
        await gone.DisposeAsync();
        await using var host = Create(_api, time: _clock).WithWeCom().With("WeCom:RobotBaseUrl", url);
        var id = await host.StoreAsync(Message(Member("lisi")));

        await host.RunJobAsync(id);

        var record = (await host.RecordAsync(id))!;
        Assert.Equal(MessageStatus.Retrying, record.Status);
        Assert.Equal(AttemptOutcome.Transient, record.Attempts.Single().Outcome);
        Assert.Contains("cannot be reached", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_whose_answer_never_came_is_left_uncertain_and_never_sent_again()
    {
        _robot.FailNext(RobotFault.SlowAnswer(TimeSpan.FromSeconds(2)));
        var id = await _host.StoreAsync(Message(Member("lisi")));

        await _host.RunJobAsync(id);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _host.RunJobAsync(id);

        var record = (await _host.RecordAsync(id))!;
        Assert.Equal(MessageStatus.Uncertain, record.Status);
        Assert.Equal(AttemptOutcome.Uncertain, record.Attempts.Single().Outcome);
        Assert.Contains("not sent again", record.Reason, StringComparison.Ordinal);
        Assert.Single(_robot.Calls);
        var givenUp = await _host.Services.GetRequiredService<ISendLog>().GivenUpAsync(50, default);
        Assert.Contains(givenUp, r => r.Message.Id == id);
    }

    [Fact]
    public async Task A_run_that_stopped_during_a_post_is_not_repeated()
    {
        var id = await _host.StoreAsync(Message(Member("lisi")));
        await _host.Services.GetRequiredService<IMessageStore>().MarkSendingAsync(id, new InFlightSend(WeComRobotSender.Way, _clock.GetUtcNow()), default);

        await _host.RunJobAsync(id);

        var record = (await _host.RecordAsync(id))!;
        Assert.Equal(MessageStatus.Uncertain, record.Status);
        Assert.Equal((WeComRobotSender.Way, AttemptOutcome.Uncertain), (record.Attempts.Single().Channel, record.Attempts.Single().Outcome));
        Assert.Empty(_robot.Calls);
    }

    [Fact]
    public async Task A_group_without_a_robot_fails_and_names_the_key_to_configure()
    {
        var record = await RunAsync(Message(Member("lisi", "wrk:no:robot")));

        Assert.Equal(MessageStatus.Failed, record.Status);
        Assert.Contains("Groups:wrk_no_robot:Robot", record.Reason, StringComparison.Ordinal);
        Assert.Empty(_robot.Calls);
    }

    [Fact]
    public async Task Someone_in_a_one_to_one_chat_with_the_robot_cannot_be_reached_through_a_group_robot()
    {
        var record = await RunAsync(Message(new PersonKey(PersonKey.WeComChannel, WeComTestHost.Bot, "lisi")));

        Assert.Equal(MessageStatus.Failed, record.Status);
        Assert.Contains("one-to-one", record.Reason, StringComparison.Ordinal);
        Assert.Empty(_robot.Calls);
    }

    [Fact]
    public void The_rate_is_per_robot_for_20_a_minute_and_its_name_does_not_reveal_the_key()
    {
        var member = Sender.RateFor(Member("lisi"));
        var everyone = Sender.RateFor(GroupAddress.WholeGroup(WeComTestHost.Source, WeComTestHost.MappedGroup));
        var other = Sender.RateFor(Member("lisi", WeComTestHost.ColonGroup));

        Assert.Equal((20, TimeSpan.FromMinutes(1)), (member.Permits, member.Per));
        Assert.Equal(member.Name, everyone.Name);
        Assert.NotEqual(member.Name, other.Name);
        Assert.DoesNotContain(WeComTestHost.RobotKey, member.Name, StringComparison.Ordinal);
        Assert.DoesNotContain(WeComTestHost.RobotKey[..8], member.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rate_limit_reason_asks_for_a_minute_and_other_reasons_for_nothing()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), Sender.MinimumWait("errcode 45009: the robot took more than 20 messages in a minute"));
        Assert.Equal(TimeSpan.Zero, Sender.MinimumWait("WeCom answered HTTP 500; nothing was delivered"));
        Assert.Equal(TimeSpan.Zero, Sender.MinimumWait(null));
    }
}
