using NeighborBot.Api.Tickets;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Console;

/// <summary>What became of an action asked for in the console, in words for the page.</summary>
internal sealed record ActionOutcome(bool Done, string Message);

/// <summary>
/// The console's ticket actions: the same <see cref="TicketCommands"/> as the admin API and the chat (so the
/// resident and the assignee hear of the change as of any other), after checking the user's role and grids,
/// and each change written to the audit log.
/// </summary>
internal sealed class ConsoleActions(TicketCommands commands, ITicketStore tickets, StaffAccounts accounts)
{
    public Task<ActionOutcome> AssignAsync(StaffUser user, string number, string person, string? note, CancellationToken cancellationToken) =>
        RunAsync(user, number, "ticket.assign", $"派给 {person}{Suffix(note)}",
            () => commands.AssignAsync(user.Actor, number, person, Blank(note), cancellationToken), "已改派", cancellationToken);

    public Task<ActionOutcome> RecategorizeAsync(StaffUser user, string number, string category, string? note, CancellationToken cancellationToken) =>
        IntakeCategories.All.Contains(category)
            ? RunAsync(user, number, "ticket.recategorize", $"类别改为 {category}{Suffix(note)}",
                () => commands.RecategorizeAsync(user.Actor, number, category, Blank(note), cancellationToken), "已更改类别", cancellationToken)
            : Task.FromResult(new ActionOutcome(false, "请选择一个类别。"));

    public Task<ActionOutcome> CloseAsync(StaffUser user, string number, string? note, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(note)
            ? Task.FromResult(new ActionOutcome(false, "关闭工单请写明原因。"))
            : RunAsync(user, number, "ticket.close", note.Trim(),
                () => commands.CloseAsync(user.Actor, number, note.Trim(), cancellationToken), "已关闭", cancellationToken);

    private async Task<ActionOutcome> RunAsync(
        StaffUser user, string number, string action, string detail, Func<Task<TicketResult>> change, string done, CancellationToken cancellationToken)
    {
        if (!user.MayChangeTickets)
        {
            return new ActionOutcome(false, "您的账号只能查看，不能修改工单。");
        }

        if (await tickets.GetAsync(number, cancellationToken) is not { } ticket || !TicketViews.Sees(user.VisibleGrids, ticket))
        {
            return new ActionOutcome(false, "没有这个工单。");
        }

        var outcome = await change();
        if (!outcome.Done)
        {
            return new ActionOutcome(false, outcome.Refusal switch
            {
                TicketRefusal.UnknownTarget => "名录里没有这位工作人员。",
                TicketRefusal.NotFound => "没有这个工单。",
                _ => $"工单{TicketViews.StatusLabel(outcome.Ticket?.Status ?? ticket.Status)}，未作更改。",
            });
        }

        await accounts.AuditAsync(user.UserName, action, number, detail, cancellationToken);
        return new ActionOutcome(true, done);
    }

    private static string? Blank(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static string Suffix(string? note) => Blank(note) is { } n ? "：" + n : string.Empty;
}
