using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Broadcasts;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tests.WeCom;

namespace NeighborBot.Tests.Broadcasts;

/// <summary>
/// The hand-over of a run, played step by step by the test (starts, hand-overs and sweeps run here; the
/// outbox sends on the real Hangfire server): exactly once across a death half-way and two workers, a
/// cancel in the middle, the limit of 20 a minute of a bridge and of a WeCom robot, cron in China time, mass messages.
/// </summary>
public sealed class BroadcastDeliveryTests
{
    private static readonly object EveryoneEverywhere = new { groups = "all", residents = "all" };

    /// <summary>Every resident and group got the broadcast exactly once: counted at the fakes.</summary>
    private static void AssertEachOnce(BroadcastTestHost test, int groups, int residents)
    {
        Assert.Equal(groups, test.FakeBridge.Posts.Count);
        Assert.Equal(groups, test.FakeBridge.Posts.Select(p => p.Group).Distinct().Count());
        Assert.Equal(residents, test.Api.Deliveries.Count);
        Assert.Equal(residents, test.Api.Deliveries.Select(d => d.OpenId).Distinct().Count());
    }

    private static async Task<string> ApprovedAsync(BroadcastTestHost test, object audience)
    {
        var created = await test.CreateAsync(new { title = "社区通知", text = "周六上午社区义诊。", audience });
        var id = (string)created["id"]!;
        if ((string?)created["status"] == "awaiting-approval")
        {
            await test.PostAsync($"/api/admin/broadcasts/{id}/approve");
        }

        return id;
    }

    [Fact]
    public async Task A_hand_over_that_dies_half_way_is_resumed_by_another_worker_and_everyone_gets_it_once()
    {
        var prefix = TestRedis.NewPrefix();
        var dying = new DyingOutbox(afterQueued: 3);
        await using var a = await BroadcastTestHost.StartAsync(manual: true, keyPrefix: prefix,
            configure: h => h.WithServices(s => s.Replace(ServiceDescriptor.Singleton<IOutbox>(sp => dying.Wrap(ActivatorUtilities.CreateInstance<Jobs.Outbox.HangfireOutbox>(sp))))));
        var b = await BroadcastTestHost.StartAsync(manual: true, keyPrefix: prefix, clock: a.Clock, api: a.Api, bridge: a.FakeBridge, withDirectory: false);
        try
        {
            var id = await ApprovedAsync(a, EveryoneEverywhere);

            // The first worker queues three messages, then its process "dies" before it records the third.
            var first = a.RunAsync(id);
            await dying.Died.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Its hold on the run lapses (Broadcasts:Lease, 2 s); the second worker takes the run over from the ledger.
            var run = new RunId(id, 1);
            HandOverResult resumed;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((resumed = await b.HandOverAsync(run)) == HandOverResult.Busy && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(resumed.Over);
            Assert.Equal(7 - 2, resumed.Handed);   // the third entry was claimed but not confirmed: queued again, a no-op for the outbox
            await b.WaitUntilDoneAsync(run);
            await Task.Delay(500);   // any duplicate would have arrived by now
            AssertEachOnce(a, groups: 3, residents: 4);
            Assert.Equal(7, (await b.Store.FiguresAsync(run, default))!.Sent);
            dying.Release();
            await Assert.ThrowsAnyAsync<Exception>(() => first);
        }
        finally
        {
            dying.Release();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_workers_on_one_run_hand_each_message_over_once()
    {
        var prefix = TestRedis.NewPrefix();
        await using var a = await BroadcastTestHost.StartAsync(manual: true, keyPrefix: prefix);
        var b = await BroadcastTestHost.StartAsync(manual: true, keyPrefix: prefix, clock: a.Clock, api: a.Api, bridge: a.FakeBridge, withDirectory: false);
        try
        {
            var id = await ApprovedAsync(a, EveryoneEverywhere);
            using var scope = a.Host.Services.CreateScope();
            var run = (await scope.ServiceProvider.GetRequiredService<BroadcastRunner>().StartDueAsync(id, default))!.Value;

            var results = await Task.WhenAll(a.HandOverAsync(run), b.HandOverAsync(run), a.HandOverAsync(run), b.HandOverAsync(run));

            Assert.Equal(7, results.Sum(r => r.Handed));
            await a.WaitUntilDoneAsync(run);
            await Task.Delay(500);
            AssertEachOnce(a, groups: 3, residents: 4);
        }
        finally
        {
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_bridge_gets_at_most_20_a_minute_and_the_rest_goes_when_the_minute_has_passed()
    {
        await using var test = await BroadcastTestHost.StartAsync(manual: true);
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(ManyGroups(29), default);
        var id = await ApprovedAsync(test, new { groups = new[] { "g1" } });

        var first = (await test.RunAsync(id))!;
        Assert.Equal((20, false), (first.Handed, first.Over));
        Assert.Equal(BroadcastTestHost.Start.AddMinutes(1), first.ResumeAt!.Value, TimeSpan.FromSeconds(1));
        await test.FakeBridge.WaitForPostsAsync(20, TimeSpan.FromSeconds(30));

        await test.SweepAsync();   // not due again yet: nothing resumed
        Assert.Empty(test.Effects!.HandOvers);
        var early = await test.HandOverAsync(new RunId(id, 1));
        Assert.Equal((0, false), (early.Handed, early.Over));
        test.Clock.Advance(TimeSpan.FromSeconds(61));
        var second = await test.HandOverAsync(new RunId(id, 1));

        Assert.Equal((9, true), (second.Handed, second.Over));
        await test.WaitUntilDoneAsync(new RunId(id, 1));
        Assert.Equal(29, test.FakeBridge.Posts.Count);
        Assert.Equal("sent", (string?)(await test.GetAsync(id))["status"]);
    }

    [Fact]
    public async Task WeCom_groups_get_a_broadcast_through_their_robot_in_its_markdown_and_never_more_than_20_a_minute()
    {
        const int robotGroups = 25;
        var clock = new FakeTimeProvider(BroadcastTestHost.Start);
        await using var robot = await FakeWeComRobot.StartAsync(clock);
        await using var test = await BroadcastTestHost.StartAsync(manual: true, clock: clock, configure: h =>
        {
            // One robot's webhook in every group: they share its 20 a minute.
            h.WithWeCom(robot);
            for (var i = 1; i <= robotGroups; i++)
            {
                h.With($"Groups:wr{i}:Robot", WeComTestHost.RobotKey);
            }

            return h;
        });
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(BroadcastTestHost.Directory() with
        {
            Groups =
            [
                .. BroadcastTestHost.Directory().Groups!.Where(g => g.Grid == "g1"),
                .. Enumerable.Range(1, robotGroups).Select(i => new ChatGroup { Bridge = WeComTestHost.Source, Id = $"wr{i}", Name = $"企微群{i}", Grid = "g1" }),
            ],
        }, default);
        const string markdown = "**停电通知**\n> 7月13日9点到12点，3号楼停电。";
        var created = await test.CreateAsync(new { title = "停电通知", text = "7月13日9点到12点，3号楼停电。", markdown, audience = new { groups = new[] { "g1" } } });
        var id = (string)created["id"]!;

        var first = (await test.RunAsync(id))!;
        Assert.Equal((20 + 2, false), (first.Handed, first.Over));   // the robot's 20, and both bridge groups on their own lane
        Assert.Equal(BroadcastTestHost.Start.AddMinutes(1), first.ResumeAt!.Value, TimeSpan.FromSeconds(1));
        await test.FakeBridge.WaitForPostsAsync(2, TimeSpan.FromSeconds(30));
        await WaitForAsync(() => robot.Calls.Count >= FakeWeComRobot.PerMinute);   // the minute's 20 are posted before the clock moves on
        clock.Advance(TimeSpan.FromSeconds(61));
        var second = await test.HandOverAsync(new RunId(id, 1));
        Assert.Equal((5, true), (second.Handed, second.Over));

        var figures = await test.WaitUntilDoneAsync(new RunId(id, 1));
        Assert.Equal((robotGroups + 2, robotGroups + 2, 0), (figures.Recipients, figures.Sent, figures.Failed));
        Assert.Equal(robotGroups, robot.Calls.Count);
        Assert.All(robot.Calls, c => Assert.Equal(("markdown", markdown, 0), (c.Msgtype, c.Content, c.Errcode)));
        Assert.All(robot.ReceivedPerMinute(WeComTestHost.RobotKey), m => Assert.True(m.Value <= FakeWeComRobot.PerMinute, $"{m.Value} posts in minute {m.Key}"));
        Assert.Equal(2, test.FakeBridge.Posts.Count);
        Assert.All(test.FakeBridge.Posts, p => Assert.StartsWith("【停电通知】", p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancel_in_the_middle_stops_what_was_not_handed_over_and_what_was_goes_out()
    {
        await using var test = await BroadcastTestHost.StartAsync(manual: true);
        await test.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(ManyGroups(29), default);
        var id = await ApprovedAsync(test, new { groups = new[] { "g1" } });
        Assert.Equal(20, (await test.RunAsync(id))!.Handed);

        var cancelled = await test.PostAsync($"/api/admin/broadcasts/{id}/cancel", new { by = "王强" });
        Assert.Equal(("cancelled", "王强"), ((string?)cancelled["status"], (string?)cancelled["cancelledBy"]));

        test.Clock.Advance(TimeSpan.FromSeconds(61));
        await test.SweepAsync();
        var (run, _) = Assert.Single(test.Effects!.HandOvers);
        var after = await test.HandOverAsync(run);
        Assert.Equal((0, true), (after.Handed, after.Over));

        var figures = await test.WaitUntilDoneAsync(run);
        Assert.Equal((29, 20, 9, 0), (figures.Recipients, figures.Sent, figures.CancelledCount, figures.Pending));
        Assert.Equal(20, test.FakeBridge.Posts.Count);
        var page = JsonNode.Parse(await test.Admin.GetStringAsync($"/api/admin/broadcasts/{id}/recipients?limit=500"))!["recipients"]!.AsArray();
        Assert.Equal(9, page.Count(r => (string?)r!["state"] == "cancelled"));
    }

    [Fact]
    public async Task A_weekly_broadcast_runs_on_Mondays_at_nine_China_time_and_waits_for_the_next_week()
    {
        await using var test = await BroadcastTestHost.StartAsync(manual: true);
        var created = await test.CreateAsync(new { title = "每周提醒", text = "请关好门窗。", audience = new { groups = new[] { "g2" } }, schedule = new { cron = "0 9 * * 1" } });
        var id = (string)created["id"]!;
        var monday = new DateTimeOffset(2026, 7, 13, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(monday, (DateTimeOffset)created["nextRunAt"]!);

        await test.SweepAsync();
        Assert.Empty(test.Effects!.HandOvers);

        test.Clock.Advance(monday - test.Clock.GetUtcNow());
        await test.SweepAsync();
        var (run, _) = Assert.Single(test.Effects.HandOvers);
        Assert.True((await test.HandOverAsync(run)).Over);
        await test.FakeBridge.WaitForPostsAsync(1, TimeSpan.FromSeconds(30));

        var view = await test.GetAsync(id);
        Assert.Equal(("scheduled", 1, monday.AddDays(7)), ((string?)view["status"], (int)view["runs"]!, (DateTimeOffset)view["nextRunAt"]!));

        test.Clock.Advance(TimeSpan.FromDays(7));
        await test.SweepAsync();
        Assert.Equal(new RunId(id, 2), test.Effects.HandOvers.Last().Run);
        Assert.True((await test.HandOverAsync(new RunId(id, 2))).Over);
        await test.FakeBridge.WaitForPostsAsync(2, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_urgent_mass_message_goes_to_every_follower_once_within_the_month_s_allowance()
    {
        await using var test = await BroadcastTestHost.StartAsync(manual: true, configure: h => h.With("Broadcasts:MassSendsPerMonth", "1"));
        var body = new { title = "台风预警", text = "台风今晚登陆，请勿外出。", urgent = true, massSend = true, audience = new { residents = "all", groups = new[] { "g2" } } };

        var first = await test.CreateAsync(body);
        Assert.Equal("awaiting-approval", (string?)first["status"]);
        await test.PostAsync($"/api/admin/broadcasts/{first["id"]}/approve");
        await test.RunAsync((string)first["id"]!);
        var figures = await test.WaitUntilDoneAsync(new RunId((string)first["id"]!, 1));

        Assert.Equal((2, 2), (figures.Recipients, figures.Sent));
        var mass = Assert.Single(test.Api.Deliveries);
        Assert.Equal(("mass", "*"), (mass.Channel, mass.OpenId));
        Assert.Single(test.FakeBridge.Posts);

        var second = await test.CreateAsync(body);
        await test.PostAsync($"/api/admin/broadcasts/{second["id"]}/approve");
        await test.RunAsync((string)second["id"]!);
        var refused = await test.WaitUntilDoneAsync(new RunId((string)second["id"]!, 1));

        Assert.Equal((1, 1), (refused.Sent, refused.Failed));
        Assert.Single(test.Api.Deliveries);
    }

    [Fact]
    public async Task The_weekly_anti_fraud_broadcast_is_off_by_default_and_on_when_configured()
    {
        await using var off = await BroadcastTestHost.StartAsync(manual: true);
        await using var on = await BroadcastTestHost.StartAsync(manual: true, configure: h => h.With("Broadcasts:WeeklyAntiFraud:Enabled", "true"));

        Broadcast? weekly = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((weekly = (await on.Store.GetAsync(WeeklyAntiFraud.Id, default)).Broadcast) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(weekly);
        Assert.Equal((BroadcastStatus.Scheduled, AntiFraudLibrary.Series), (weekly.Status, weekly.Content.Series));
        Assert.Equal(new DateTimeOffset(2026, 7, 14, 2, 0, 0, TimeSpan.Zero), weekly.NextRunAt);   // Tuesday 10:00 China time
        Assert.Equal(["elderly60"], weekly.Audience.Residents!.Tags);
        Assert.True(weekly.Audience.Groups!.All);
        Assert.Null((await off.Store.GetAsync(WeeklyAntiFraud.Id, default)).Broadcast);

        on.Clock.Advance(weekly.NextRunAt!.Value - on.Clock.GetUtcNow());
        await on.SweepAsync();
        Assert.True((await on.HandOverAsync(new RunId(WeeklyAntiFraud.Id, 1))).Over);
        await on.WaitUntilDoneAsync(new RunId(WeeklyAntiFraud.Id, 1));
        Assert.Equal(3, on.Api.Deliveries.Count);
        // Two days after they last wrote: the notice template, its first keyword the tip's title.
        Assert.All(on.Api.Deliveries, d => Assert.Equal(("tpl_notice", AntiFraudLibrary.Tips[0].Title), (d.TemplateId, d.Data["thing1"])));
        Assert.All(on.FakeBridge.Posts, p => Assert.Contains(AntiFraudLibrary.WhatToDo, p.Text, StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "waited 30 s in vain");
            await Task.Delay(25);
        }
    }

    /// <summary>The test directory with <paramref name="count"/> groups in grid g1.</summary>
    private static DirectoryDocument ManyGroups(int count) => BroadcastTestHost.Directory() with
    {
        Groups = [.. Enumerable.Range(1, count).Select(i => new ChatGroup { Bridge = BroadcastTestHost.Bridge, Id = $"R:{100 + i}", Name = $"群{i}", Grid = "g1" })],
    };

    /// <summary>An outbox whose process "dies" after queuing <c>afterQueued</c> messages: the call never returns.</summary>
    private sealed class DyingOutbox(int afterQueued)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _afterQueued = afterQueued;
        private int _queued;

        public TaskCompletionSource Died { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetException(new OperationCanceledException("the process is gone"));

        public IOutbox Wrap(IOutbox inner) => new Wrapper(this, inner);

        private sealed class Wrapper(DyingOutbox dying, IOutbox inner) : IOutbox
        {
            public async Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
            {
                await inner.QueueAsync(message, cancellationToken);
                if (message.Id.StartsWith(BroadcastIds.MessagePrefix, StringComparison.Ordinal) && Interlocked.Increment(ref dying._queued) == dying._afterQueued)
                {
                    dying.Died.TrySetResult();
                    await dying._release.Task;
                }
            }

            public Task<ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken) => inner.ResendAsync(id, reason, cancellationToken);
        }
    }
}
