using NeighborBot.Accounts;
using NeighborBot.Warnings;

namespace NeighborBot.Api.Console;

/// <summary>
/// The warnings page's two actions: issue a warning by hand and lift one, through the same
/// <see cref="WarningDesk"/> as the admin API (so it is announced and its transfers start as any other),
/// for admins and secretaries only, each written to the audit log.
/// </summary>
internal sealed class WarningActions(WarningDesk desk, StaffAccounts accounts)
{
    public const int MaxTitle = 60;
    public const int MaxText = 400;

    /// <summary>The severities a hand-issued warning may have, by China's colours.</summary>
    public static IReadOnlyList<(CapSeverity Severity, string Colour)> Severities { get; } =
        [.. new[] { CapSeverity.Minor, CapSeverity.Moderate, CapSeverity.Severe, CapSeverity.Extreme }.Select(s => (s, CapParser.Colour(s)))];

    public static bool MayIssue(StaffUser user) => user.Roles.Any(r => r is StaffRoles.Admin or StaffRoles.Secretary);

    public async Task<(ActionOutcome Outcome, Warning? Warning)> IssueAsync(StaffUser user, string? title, string? text, CapSeverity severity, CancellationToken cancellationToken)
    {
        if (!MayIssue(user))
        {
            return (new ActionOutcome(false, "只有管理员和书记可以发布预警。"), null);
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitle)
        {
            problems.Add($"标题 1-{MaxTitle} 字，如 暴雨红色预警");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > MaxText)
        {
            problems.Add($"内容 1-{MaxText} 字：什么天气、什么时候");
        }

        if (!Severities.Any(s => s.Severity == severity))
        {
            problems.Add("请选择预警等级（蓝、黄、橙、红）");
        }

        if (problems.Count > 0)
        {
            return (new ActionOutcome(false, string.Join("；", problems) + "。"), null);
        }

        var warning = await desk.IssueAsync(title!.Trim(), text!.Trim(), severity, user.Actor, cancellationToken);
        await accounts.AuditAsync(user.UserName, "warning.issue", warning.Id, $"{CapParser.Colour(severity)} {warning.Title}", cancellationToken);
        return (new ActionOutcome(true, $"已发布{CapParser.Colour(severity)}预警，正在通知。"), warning);
    }

    public async Task<ActionOutcome> LiftAsync(StaffUser user, string id, CancellationToken cancellationToken)
    {
        if (!MayIssue(user))
        {
            return new ActionOutcome(false, "只有管理员和书记可以解除预警。");
        }

        if (await desk.GetAsync(id, cancellationToken) is not { } before)
        {
            return new ActionOutcome(false, "没有这个预警。");
        }

        if (!before.IsActive)
        {
            return new ActionOutcome(false, "这个预警已经不在生效中。");
        }

        await desk.CancelAsync(id, user.Actor, cancellationToken);
        await accounts.AuditAsync(user.UserName, "warning.lift", id, before.Title, cancellationToken);
        return new ActionOutcome(true, "预警已解除，已通知相关人员。");
    }
}
