using NeighborBot.Broadcasts;
using NeighborBot.Conversations;

namespace NeighborBot.Tests.Broadcasts;

/// <summary>The broadcast's own rules: schedules in China time, its transitions, the library, the ids of its messages.</summary>
public sealed class BroadcastRulesTests
{
    /// <summary>Sunday 2026-07-12 09:00 in China (01:00 UTC).</summary>
    private static readonly DateTimeOffset SundayNine = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);

    private static Broadcast Draft(BroadcastSchedule? schedule = null) => new()
    {
        Id = "b1",
        Content = new BroadcastContent("停水通知", "明天9点到12点停水。"),
        Audience = new Audience { Groups = GroupChoice.Everyone },
        Schedule = schedule,
        CreatedBy = "zhang",
        CreatedAt = SundayNine,
        UpdatedAt = SundayNine,
        Status = BroadcastStatus.Draft,
    };

    [Theory]
    [InlineData("0 9 * * 1", "2026-07-13T01:00:00Z")]          // Monday 09:00 in China is 01:00 UTC
    [InlineData("30 7 * * *", "2026-07-12T23:30:00Z")]          // 07:30 tomorrow in China
    [InlineData("0 0 1 * *", "2026-07-31T16:00:00Z")]           // midnight of 1 August in China
    [InlineData("0 0 9 * * 1", "2026-07-13T01:00:00Z")]         // six fields: seconds first
    public void A_cron_schedule_is_read_in_China_time(string cron, string expected)
    {
        var schedule = new BroadcastSchedule { Cron = cron };

        Assert.Null(schedule.Problem(SundayNine));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.FirstRun(SundayNine));
    }

    [Fact]
    public void A_cron_that_is_not_one_and_a_time_that_passed_are_refused()
    {
        Assert.NotNull(new BroadcastSchedule { Cron = "every monday" }.Problem(SundayNine));
        Assert.NotNull(new BroadcastSchedule { At = SundayNine.AddHours(-1) }.Problem(SundayNine));
        Assert.NotNull(new BroadcastSchedule { At = SundayNine, Cron = "0 9 * * 1" }.Problem(SundayNine));
        Assert.Null(new BroadcastSchedule { At = SundayNine.AddHours(1) }.Problem(SundayNine));
    }

    [Fact]
    public void A_recurring_broadcast_waits_for_its_next_occurrence_after_a_run()
    {
        var scheduled = Draft(new BroadcastSchedule { Cron = "0 9 * * 1" }).Submit(needsApproval: false, SundayNine).Changed!;
        Assert.Equal((BroadcastStatus.Scheduled, SundayNine.AddDays(1)), (scheduled.Status, scheduled.NextRunAt));
        Assert.False(scheduled.StartRun(SundayNine).Done);

        var sending = scheduled.StartRun(SundayNine.AddDays(1)).Changed!;
        var after = sending.FinishRun(1, SundayNine.AddDays(1).AddMinutes(5)).Changed!;

        Assert.Equal((BroadcastStatus.Scheduled, 1, SundayNine.AddDays(8)), (after.Status, after.Runs, after.NextRunAt));
    }

    [Fact]
    public void A_one_off_broadcast_is_sent_after_its_run()
    {
        var sending = Draft().Submit(false, SundayNine).Changed!.StartRun(SundayNine).Changed!;

        Assert.Equal(BroadcastStatus.Sent, sending.FinishRun(1, SundayNine).Changed!.Status);
        Assert.False(sending.FinishRun(2, SundayNine).Done);
    }

    [Fact]
    public void A_broadcast_that_needs_approval_waits_and_its_author_cannot_approve_it_by_name()
    {
        var waiting = Draft().Submit(needsApproval: true, SundayNine).Changed!;
        Assert.Equal(BroadcastStatus.AwaitingApproval, waiting.Status);
        Assert.False(waiting.StartRun(SundayNine.AddDays(1)).Done);

        Assert.False(waiting.Approve("zhang", sharedKey: false, SundayNine).Done);
        var byOther = waiting.Approve("li", sharedKey: false, SundayNine).Changed!;
        Assert.Equal((BroadcastStatus.Scheduled, "li", SundayNine), (byOther.Status, byOther.ApprovedBy, byOther.ApprovedAt));

        // Until staff accounts exist, the shared admin key stands for every admin.
        Assert.True(waiting.Approve("zhang", sharedKey: true, SundayNine).Done);
    }

    [Fact]
    public void Only_drafts_change_and_a_cancelled_broadcast_stays_cancelled()
    {
        var scheduled = Draft().Submit(false, SundayNine).Changed!;
        Assert.False(scheduled.Edit(scheduled.Content, scheduled.Audience, null, false, false, SundayNine).Done);

        var cancelled = scheduled.Cancel("li", SundayNine).Changed!;
        Assert.Equal((BroadcastStatus.Cancelled, null), (cancelled.Status, cancelled.NextRunAt));
        Assert.False(cancelled.Cancel("li", SundayNine).Done);
        Assert.False(cancelled.StartRun(SundayNine).Done);
    }

    [Fact]
    public void Every_anti_fraud_tip_is_short_and_ends_with_what_to_do()
    {
        Assert.True(AntiFraudLibrary.Tips.Count >= 9);
        foreach (var tip in AntiFraudLibrary.Tips)
        {
            var message = AntiFraudLibrary.Message(tip);
            Assert.InRange(tip.Title.Length, 1, BroadcastDesk.MaxTitle);
            Assert.InRange(message.Length, 1, BroadcastDesk.MaxText);
            Assert.EndsWith(AntiFraudLibrary.WhatToDo, message, StringComparison.Ordinal);
        }

        Assert.Contains("96110", AntiFraudLibrary.WhatToDo, StringComparison.Ordinal);
        Assert.Contains("国家反诈中心", AntiFraudLibrary.WhatToDo, StringComparison.Ordinal);
        Assert.Contains("挂断", AntiFraudLibrary.WhatToDo, StringComparison.Ordinal);
        Assert.Contains("不转账", AntiFraudLibrary.WhatToDo, StringComparison.Ordinal);
        Assert.Contains("验证码", AntiFraudLibrary.WhatToDo, StringComparison.Ordinal);
        Assert.Equal(AntiFraudLibrary.Tips.Count, AntiFraudLibrary.Tips.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void The_series_says_the_next_tip_at_each_run_and_starts_over()
    {
        var count = AntiFraudLibrary.Tips.Count;

        Assert.Equal(AntiFraudLibrary.Tips[0], AntiFraudLibrary.ForRun(1));
        Assert.Equal(AntiFraudLibrary.Tips[1], AntiFraudLibrary.ForRun(2));
        Assert.Equal(AntiFraudLibrary.Tips[0], AntiFraudLibrary.ForRun(count + 1));
    }

    [Fact]
    public void A_message_id_names_its_run_and_entry_and_other_ids_name_none()
    {
        var run = new RunId("b20260712-abcd1234", 3);

        Assert.Equal("bc:b20260712-abcd1234:r3:41", run.MessageId(41));
        Assert.Equal((run, 41), BroadcastIds.OfMessage(run.MessageId(41)));
        Assert.Null(BroadcastIds.OfMessage("20260712-0042:e3:w1"));
        Assert.Equal(run, RunId.Parse(run.ToString()));
    }

    [Theory]
    [InlineData("退订", true)]
    [InlineData("退订。", true)]
    [InlineData(" 取消订阅 ", true)]
    [InlineData("订阅", false)]
    [InlineData("恢复订阅", false)]
    public void Residents_opt_out_and_back_in_with_one_word(string text, bool off) =>
        Assert.Equal(new ResidentCommands.Broadcasts(off), ResidentCommands.Parse(text));
}
