using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Groups;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.WeCom;

/// <summary>
/// A group robot takes 20 messages a minute. Two instances of NeighborBot on one Redis send a burst into
/// one group together; the fake robot counts the posts it receives in each minute of the shared clock
/// and answers 45009 beyond 20. The clock is the test's: the job runs Hangfire would make are played
/// round by round, the clock moving five seconds between rounds, so minutes pass without waiting for them.
/// </summary>
public sealed class RobotLimitTests : IAsyncLifetime
{
    private const int Burst = 50;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = NewClock();
    private FakeWeChatApi _api = null!;
    private FakeWeComRobot _robot = null!;
    private NeighborBotFactory _first = null!;
    private NeighborBotFactory _second = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _robot = await FakeWeComRobot.StartAsync(_clock);
        var prefix = TestRedis.NewPrefix();

        // The jobs are the test's to run, so no Hangfire server takes them (nor the sweep) behind its back.
        NeighborBotFactory Instance() => Create(_api, time: _clock, keyPrefix: prefix).WithWeCom(_robot).With("Jobs:RunServer", "false");
        _first = Instance();
        _second = Instance();
        _ = (_first.Services, _second.Services);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _robot.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_sending_a_burst_into_one_group_keep_to_20_a_minute_send_nothing_twice_and_deliver_everything()
    {
        NeighborBotFactory[] instances = [_first, _second];
        var ids = new List<string>();
        for (var i = 0; i < Burst; i++)
        {
            // Members and the whole group alike: one robot, one rate.
            var to = i % 5 == 0
                ? GroupAddress.WholeGroup(WeComTestHost.Source, WeComTestHost.MappedGroup)
                : GroupAddress.Member(WeComTestHost.Source, WeComTestHost.MappedGroup, $"member{i % 7}");
            var message = new OutboundMessage($"20260712-{i:0000}:e1:reporter", to, MessageKinds.Progress, $"第 {i} 条群通知", new Dictionary<string, string>());
            await instances[i % 2].Services.GetRequiredService<IOutbox>().QueueAsync(message, default);
            ids.Add(message.Id);
        }

        var rounds = 0;
        var pending = ids;
        while (pending.Count > 0 && rounds++ < 100)
        {
            // Every message still to send runs on both instances at once, as two workers would race for it.
            // A few at a time: the job schedules its next run through Hangfire's client, which blocks a thread.
            var runs = pending.SelectMany(id => instances.Select(host => (host, id)));
            await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (run, _) => await run.host.RunJobAsync(run.id));
            var records = await Task.WhenAll(pending.Select(async id => (id, record: await _first.RecordAsync(id))));
            pending = [.. records.Where(r => !r.record!.IsFinal).Select(r => r.id)];
            _clock.Advance(Round);
        }

        var final = await Task.WhenAll(ids.Select(id => _second.RecordAsync(id)));
        var perMinute = _robot.ReceivedPerMinute(WeComTestHost.RobotKey);
        Assert.All(final, r => Assert.Equal(MessageStatus.Delivered, r!.Status));
        Assert.All(perMinute, minute => Assert.True(minute.Value <= FakeWeComRobot.PerMinute, $"the robot received {minute.Value} posts in minute {minute.Key}"));
        Assert.DoesNotContain(_robot.Calls, c => c.Errcode == 45009);
        Assert.Equal(Burst, _robot.Calls.Count);
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"第 {i} 条群通知").Order(), _robot.Calls.Select(c => c.Content).Order());
        Assert.True(perMinute.Count >= 3, "a burst of 50 at 20 a minute takes at least three minutes");
    }
}
