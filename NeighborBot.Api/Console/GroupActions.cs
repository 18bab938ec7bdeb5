using NeighborBot.Directory;
using NeighborBot.Groups;

namespace NeighborBot.Api.Console;

/// <summary>
/// The groups page's actions, as <c>PUT /api/admin/groups/{bridge}/{id}</c> and <c>DELETE /api/admin/groups/unknown/...</c>
/// do them: map an unknown group to a grid through the <see cref="DirectoryEditor"/> (a change of the directory like any
/// other, with its revision), or forget it; admins and secretaries only, each written to the audit log.
/// </summary>
internal sealed class GroupActions(DirectoryEditor editor, IGroupStore groups, StaffAccounts accounts)
{
    public const int MaxName = 60;

    public static bool MayMap(StaffUser user) => user.IsManager;

    public async Task<ActionOutcome> MapAsync(StaffUser user, UnknownGroup group, string? name, string? grid, CancellationToken cancellationToken)
    {
        if (!MayMap(user))
        {
            return new ActionOutcome(false, "只有管理员和书记可以登记群。");
        }

        var named = string.IsNullOrWhiteSpace(name) ? group.Name : name.Trim();
        if (string.IsNullOrWhiteSpace(grid))
        {
            return new ActionOutcome(false, "请选择这个群属于哪个网格。");
        }

        if (named.Length is 0 or > MaxName)
        {
            return new ActionOutcome(false, $"群名 1-{MaxName} 字。");
        }

        var outcome = await editor.PutGroupAsync(new ChatGroup { Bridge = group.Source, Id = group.Id, Name = named, Grid = grid }, cancellationToken);
        if (!outcome.Succeeded)
        {
            return new ActionOutcome(false, "未能登记：" + string.Join("；", outcome.Problems));
        }

        await groups.ForgetUnknownAsync(group.Source, group.Id, cancellationToken);
        await accounts.AuditAsync(user.UserName, "group.map", $"{group.Source}/{group.Id}", $"{named} 归 {grid}，名册第 {outcome.Saved.Revision} 版", cancellationToken);
        return new ActionOutcome(true, $"已登记：{named}。");
    }

    public async Task<ActionOutcome> ForgetAsync(StaffUser user, UnknownGroup group, CancellationToken cancellationToken)
    {
        if (!MayMap(user))
        {
            return new ActionOutcome(false, "只有管理员和书记可以处理未登记的群。");
        }

        await groups.ForgetUnknownAsync(group.Source, group.Id, cancellationToken);
        await accounts.AuditAsync(user.UserName, "group.forget", $"{group.Source}/{group.Id}", group.Name, cancellationToken);
        return new ActionOutcome(true, "已忽略；这个群再找机器人时会重新列出。");
    }
}
