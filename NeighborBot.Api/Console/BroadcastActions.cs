using System.Globalization;
using NeighborBot.Accounts;
using NeighborBot.Broadcasts;

namespace NeighborBot.Api.Console;

/// <summary>What the broadcasts page composes: the content, the audience and when, before it is a request.</summary>
internal sealed record BroadcastForm(string? Title, string? Text, Audience Audience, BroadcastSchedule? Schedule, bool Urgent, bool Draft);

/// <summary>
/// The broadcasts page's actions through the same <see cref="BroadcastDesk"/> as <c>/api/admin/broadcasts</c>
/// (so approval, scheduling and delivery are those of any broadcast): grid leaders and workers write only to
/// their own grids (their groups and residents), admins and secretaries to anyone and approve; read-only staff
/// only look. Every change is written to the audit log.
/// </summary>
internal sealed class BroadcastActions(BroadcastDesk desk, StaffAccounts accounts, TimeProvider time)
{
    /// <summary>The occurrences of a cron schedule the page shows.</summary>
    public const int ShownRuns = 3;

    public static bool MayCompose(StaffUser user) => user.MayChangeTickets;

    public static bool MayApprove(StaffUser user) => user.IsManager;

    /// <summary>Admins and secretaries change any broadcast; grid staff their own.</summary>
    public static bool MayChange(StaffUser user, BroadcastView broadcast) =>
        user.IsManager || (MayCompose(user) && string.Equals(broadcast.CreatedBy, user.Actor, StringComparison.Ordinal));

    /// <summary>Why a grid leader or worker may not send to this audience, or null: only their grids' groups and residents.</summary>
    public static string? BeyondGrids(StaffUser user, Audience audience, bool urgent)
    {
        if (user.VisibleGrids is not { } mine)
        {
            return null;
        }

        bool Mine(string grid) => mine.Contains(grid, StringComparer.OrdinalIgnoreCase);
        var beyond = audience.Groups is { All: true }
            || audience.Groups?.Ids.Any(g => !Mine(g)) == true
            || audience.Residents is { All: true }
            || audience.Residents?.Grids.Any(g => !Mine(g)) == true
            || (audience.Residents is { Grids.Count: 0 })
            || audience.Roles.Count > 0 || audience.People.Count > 0 || audience.Households.Count > 0;
        return beyond
            ? "网格员和网格长只能发给自己网格的群和居民。"
            : urgent ? "紧急广播只能由管理员或书记发布。" : null;
    }

    /// <summary>Who the audience reaches now, or why it cannot be used (for the live count).</summary>
    public async Task<(AudiencePreview? Preview, string? Problem)> PreviewAsync(StaffUser user, Audience audience, bool urgent, CancellationToken cancellationToken)
    {
        if (audience.IsEmpty)
        {
            return (null, "请选择发给谁。");
        }

        if (BeyondGrids(user, audience, urgent) is { } beyond)
        {
            return (null, beyond);
        }

        return (await desk.PreviewAsync(audience, urgent, massSend: false, cancellationToken), null);
    }

    /// <summary>The next runs of a schedule in China time, or why it cannot be used.</summary>
    public (IReadOnlyList<DateTimeOffset> Runs, string? Problem) NextRuns(BroadcastSchedule? schedule)
    {
        var now = time.GetUtcNow();
        if (schedule is null || schedule.IsNow)
        {
            return ([now], null);
        }

        if (schedule.At == DateTimeOffset.MinValue)
        {
            return ([], "请按 2026-12-01 09:00 这样写时间（北京时间）。");
        }

        if (schedule.Problem(now) is not null || schedule.FirstRun(now) is not { } first)
        {
            return ([], schedule.Cron is not null ? "定时规则写得不对，例如 0 9 * * 1（每周一 9:00）。" : "时间已经过去了。");
        }

        var runs = new List<DateTimeOffset> { first };
        while (schedule.Cron is not null && runs.Count < ShownRuns && schedule.NextAfter(runs[^1]) is { } next)
        {
            runs.Add(next);
        }

        return (runs, null);
    }

    /// <summary>What <see cref="At"/> gives for words that are not a time: refused with an example.</summary>
    public static readonly BroadcastSchedule UnreadableTime = new() { At = DateTimeOffset.MinValue };

    /// <summary>Reads <c>2026-12-01 09:00</c> (China time) as a schedule; <see cref="UnreadableTime"/> when the words are not a time.</summary>
    public static BroadcastSchedule At(string? words) =>
        DateTime.TryParseExact(words?.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-M-d H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new BroadcastSchedule { At = new DateTimeOffset(local, ChinaTime.Zone.GetUtcOffset(local)) }
            : UnreadableTime;

    public async Task<(ActionOutcome Outcome, BroadcastView? Broadcast)> CreateAsync(StaffUser user, BroadcastForm form, CancellationToken cancellationToken)
    {
        if (!MayCompose(user))
        {
            return (new ActionOutcome(false, "您的账号只能查看，不能发广播。"), null);
        }

        var problems = new List<string>();
        var title = form.Title?.Trim() ?? string.Empty;
        var text = form.Text?.Trim() ?? string.Empty;
        if (title.Length is 0 or > BroadcastDesk.MaxTitle)
        {
            problems.Add($"标题 1-{BroadcastDesk.MaxTitle} 字");
        }

        if (text.Length is 0 or > BroadcastDesk.MaxText)
        {
            problems.Add($"内容 1-{BroadcastDesk.MaxText} 字");
        }

        if (form.Audience.IsEmpty)
        {
            problems.Add("请选择发给谁");
        }
        else if (BeyondGrids(user, form.Audience, form.Urgent) is { } beyond)
        {
            problems.Add(beyond.TrimEnd('。'));
        }

        if (NextRuns(form.Schedule).Problem is { } when)
        {
            problems.Add(when.TrimEnd('。'));
        }

        if (problems.Count > 0)
        {
            return (new ActionOutcome(false, string.Join("；", problems) + "。"), null);
        }

        // A grid role's audience is checked once more as it resolves: nobody beyond their grids.
        if (user.VisibleGrids is { } mine
            && (await desk.PreviewAsync(form.Audience, form.Urgent, massSend: false, cancellationToken)).Grids.Any(g => !mine.Contains(g, StringComparer.OrdinalIgnoreCase)))
        {
            return (new ActionOutcome(false, "网格员和网格长只能发给自己网格的群和居民。"), null);
        }

        var request = new BroadcastRequest(new BroadcastContent(title, text), form.Audience, form.Schedule, form.Urgent, MassSend: false, form.Draft, user.Actor);
        var outcome = await desk.CreateAsync(request, cancellationToken);
        if (outcome.Broadcast is not { } created)
        {
            return (new ActionOutcome(false, "未能保存：" + string.Join("；", outcome.Problems)), null);
        }

        await accounts.AuditAsync(user.UserName, "broadcast.create", created.Id, $"{Label(created.Status)} {created.Content.Title}", cancellationToken);
        return (new ActionOutcome(true, created.Status switch
        {
            BroadcastStatus.Draft => "已存为草稿。",
            BroadcastStatus.AwaitingApproval => "已提交，等待书记或管理员批准。",
            _ => created.NextRunAt is { } at && at > time.GetUtcNow() ? $"已安排在 {When(at)} 发送。" : "正在发送。",
        }), await desk.GetAsync(created.Id, cancellationToken));
    }

    public Task<ActionOutcome> ScheduleAsync(StaffUser user, BroadcastView broadcast, CancellationToken cancellationToken) =>
        MayChange(user, broadcast)
            ? ChangeAsync(user, broadcast, "broadcast.schedule", () => desk.ScheduleAsync(broadcast.Id, cancellationToken), "已提交，按时发送。", cancellationToken)
            : Task.FromResult(new ActionOutcome(false, "只有发布人、书记和管理员可以提交这条广播。"));

    public Task<ActionOutcome> ApproveAsync(StaffUser user, BroadcastView broadcast, CancellationToken cancellationToken)
    {
        if (!MayApprove(user))
        {
            return Task.FromResult(new ActionOutcome(false, "只有书记和管理员可以批准广播。"));
        }

        return string.Equals(broadcast.CreatedBy, user.Actor, StringComparison.Ordinal)
            ? Task.FromResult(new ActionOutcome(false, "不能批准自己写的广播，请另一位书记或管理员批准。"))
            : ChangeAsync(user, broadcast, "broadcast.approve", () => desk.ApproveAsync(broadcast.Id, user.Actor, sharedKey: false, cancellationToken), "已批准，按时发送。", cancellationToken);
    }

    public Task<ActionOutcome> CancelAsync(StaffUser user, BroadcastView broadcast, CancellationToken cancellationToken) =>
        MayChange(user, broadcast)
            ? ChangeAsync(user, broadcast, "broadcast.cancel", () => desk.CancelAsync(broadcast.Id, user.Actor, cancellationToken), "已取消，尚未发出的不再发送。", cancellationToken)
            : Task.FromResult(new ActionOutcome(false, "只有发布人、书记和管理员可以取消这条广播。"));

    private async Task<ActionOutcome> ChangeAsync(
        StaffUser user, BroadcastView broadcast, string action, Func<Task<DeskOutcome>> change, string done, CancellationToken cancellationToken)
    {
        var outcome = await change();
        if (outcome.Broadcast is not { } changed)
        {
            return new ActionOutcome(false, outcome.Error == DeskError.NotFound
                ? "没有这条广播。"
                : $"这条广播{Label(broadcast.Status)}，未作更改。");
        }

        await accounts.AuditAsync(user.UserName, action, changed.Id, $"{Label(changed.Status)} {changed.Content.Title}", cancellationToken);
        return new ActionOutcome(true, changed.Status == BroadcastStatus.AwaitingApproval ? "已提交，等待书记或管理员批准。" : done);
    }

    public static string Label(BroadcastStatus status) => status switch
    {
        BroadcastStatus.Draft => "草稿",
        BroadcastStatus.AwaitingApproval => "待批准",
        BroadcastStatus.Scheduled => "待发送",
        BroadcastStatus.Sending => "发送中",
        BroadcastStatus.Sent => "已发送",
        BroadcastStatus.Cancelled => "已取消",
        _ => "发送失败",
    };

    public static string When(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
