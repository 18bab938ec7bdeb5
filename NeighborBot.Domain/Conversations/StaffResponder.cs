using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// Grid workers, leaders, the secretary and department staff work their tickets in the same chat:
/// 接单 0042, 办结 0042 已更换灯泡, 转派 0042 物业 原因, 退回 0042 原因, 改类 0042 隐患 原因, 我的工单, 超时工单, 网格工单,
/// 帮助, and 确认绑定 3-2-501 for a resident's binding request. Without a number a command acts on the
/// one ticket it can mean (a bare 接单 with one waiting); "收到，马上去" accepts the one ticket waiting.
/// Anything else (and everything from people who are not workers) goes to the resident's side.
/// </summary>
internal sealed partial class StaffResponder(
    ResidentResponder residents, TicketCommands commands, TicketQueries queries, HouseholdBindings bindings, DirectoryCache directory) : IResponder
{
    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var parsed = message is TextIn { Text: var text } ? Parse(text) : null;
        if (parsed is null && (message is not TextIn { Text: var words } || !ResidentWords.IsAcknowledgement(words)))
        {
            return await residents.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
        }

        // A worker is recognised by whichever identity they write from (the Official Account, a group).
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        // A volunteer works as staff only the tickets handed to them; otherwise they write as the resident they also are.
        if (snapshot.PersonByIdentity(who) is not { CanBeHandedTickets: true } worker
            || (!worker.IsWorker && (await queries.MineAsync(worker, cancellationToken).ConfigureAwait(false)).Count == 0)
            || (parsed ?? await AcknowledgedAsync(worker, cancellationToken).ConfigureAwait(false)) is not { } command)
        {
            if (parsed is null && snapshot.PersonByIdentity(who) is { IsWorker: true } staff && conversation.State is null or { Draft: null, Awaiting: Question.None })
            {
                // "收到 下午过去看看" from staff with no ticket, or several, waiting: an acknowledgement that takes nothing,
                // never a resident's report; they are shown what is waiting for them.
                var waiting = (await queries.MineAsync(staff, cancellationToken).ConfigureAwait(false)).Where(t => t.AwaitsAcceptance).ToList();
                return new TurnResult(new TextReply(WorkerTexts.WhichTicket("接单", waiting)), conversation.State);
            }

            return await residents.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
        }

        var state = conversation.State ?? new ConversationState();
        var (reply, acted, groupReply) = command.Verb switch
        {
            "确认绑定" => (await ConfirmBindingAsync(worker, snapshot, command.Rest, cancellationToken).ConfigureAwait(false), null, null),
            "帮助" => (WorkerTexts.Help(worker), null, null),
            _ => await RunAsync(worker, command, snapshot, cancellationToken).ConfigureAwait(false),
        };
        var next = acted is null ? state : state with { Tickets = [.. state.Tickets.Where(n => n != acted), acted], Draft = null, Awaiting = Question.None };
        return new TurnResult(new TextReply(reply), next) { GroupReply = groupReply };
    }

    /// <summary>The command's answer, the ticket it acted on, and the answer fit for a group (none for queues and bindings: they name places).</summary>
    private async Task<(string Reply, string? Acted, string? GroupReply)> RunAsync(Person worker, Command command, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        if (command.Verb is "我的工单" or "超时工单" or "网格工单")
        {
            return command.Verb switch
            {
                "我的工单" => (WorkerTexts.Queue(await queries.MineAsync(worker, cancellationToken).ConfigureAwait(false)), null, null),
                "超时工单" => (WorkerTexts.Overdue((await queries.QueueAsync(worker, cancellationToken).ConfigureAwait(false)).Overdue), null, null),
                _ => (WorkerTexts.GridQueue(worker, await queries.InReachAsync(worker, cancellationToken).ConfigureAwait(false), snapshot), null, null),
            };
        }

        if (command.Number is null)
        {
            // 接单 without a number means the one ticket waiting for this worker; the other verbs the one in hand.
            var mine = await queries.MineAsync(worker, cancellationToken).ConfigureAwait(false);
            var meant = command.Verb == "接单" ? mine.Where(t => t.AwaitsAcceptance).ToList() : mine.Where(t => t.IsWithHandler).ToList();
            if (meant.Count != 1)
            {
                return (WorkerTexts.WhichTicket(command.Verb, meant), null, null);
            }

            command = command with { Number = meant[0].Number };
        }

        var ticket = await queries.FindForWorkerAsync(worker, command.Number, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return (WorkerTexts.NotFound(command.Number), null, GroupTexts.NotFound(command.Number));
        }

        Person? to = null;
        var outcome = command.Verb switch
        {
            "接单" => await commands.AcceptAsync(worker, ticket.Number, cancellationToken).ConfigureAwait(false),
            "办结" => await commands.ResolveAsync(worker, ticket.Number, command.Rest.Length > 0 ? command.Rest : "已处理", cancellationToken).ConfigureAwait(false),
            "转派" => await TransferAsync(worker, ticket.Number, command.Rest, cancellationToken).ConfigureAwait(false),
            "改类" => await RecategorizeAsync(worker, ticket.Number, command.Rest, cancellationToken).ConfigureAwait(false),
            _ => await ReturnAsync(worker, ticket.Number, command.Rest.Length > 0 ? command.Rest : "未说明原因", cancellationToken).ConfigureAwait(false),
        };
        return (WorkerTexts.Outcome(command.Verb, outcome, ticket, to), outcome.Done ? ticket.Number : null, GroupTexts.Outcome(command.Verb, outcome, ticket));

        async Task<TicketResult> ReturnAsync(Person worker, string number, string reason, CancellationToken cancellationToken)
        {
            (var result, to) = await commands.ReturnAsync(worker, number, reason, cancellationToken).ConfigureAwait(false);
            return result;
        }

        async Task<TicketResult> TransferAsync(Person worker, string number, string rest, CancellationToken cancellationToken)
        {
            if (TargetAndReason(rest) is not var (target, reason))
            {
                return TicketResult.Refuse(null, TicketRefusal.UnknownTarget);
            }

            (var result, to) = await commands.TransferAsync(worker, number, target, reason, cancellationToken).ConfigureAwait(false);
            return result;
        }

        async Task<TicketResult> RecategorizeAsync(Person worker, string number, string rest, CancellationToken cancellationToken)
        {
            if (TargetAndReason(rest) is not var (word, reason) || IntakeCategories.Named(word) is not { } category)
            {
                return TicketResult.Refuse(null, TicketRefusal.UnknownTarget);
            }

            (var result, to) = await commands.RecategorizeAsync(worker, number, category, reason, cancellationToken).ConfigureAwait(false);
            return result;
        }

        static (string Target, string Reason)? TargetAndReason(string rest) =>
            rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) switch
            {
                [] => null,
                [var target] => (target, "未说明原因"),
                [var target, var reason, ..] => (target, reason),
            };
    }

    /// <summary>"收到，马上去" from a worker with exactly one ticket waiting for them is 接单 of that ticket.</summary>
    private async Task<Command?> AcknowledgedAsync(Person worker, CancellationToken cancellationToken)
    {
        var waiting = (await queries.MineAsync(worker, cancellationToken).ConfigureAwait(false)).Where(t => t.AwaitsAcceptance).ToList();
        return waiting is [var only] ? new Command("接单", only.Number, string.Empty) : null;
    }

    private async Task<string> ConfirmBindingAsync(Person worker, DirectorySnapshot snapshot, string household, CancellationToken cancellationToken)
    {
        if (snapshot.Household(household) is not { } home)
        {
            return WorkerTexts.NoSuchHousehold(household);
        }

        var bound = await bindings.ConfirmAsync(worker, home, cancellationToken).ConfigureAwait(false);
        return bound switch
        {
            null => WorkerTexts.HouseholdNotInYourGrid(household),
            { Count: 0 } => WorkerTexts.NoBindingRequest(household),
            _ => WorkerTexts.BindingsConfirmed(household, bound.Count),
        };
    }

    internal sealed record Command(string Verb, string? Number, string Rest);

    internal static Command? Parse(string text)
    {
        var normal = Normalize(text);
        if (normal is "我的工单" or "超时工单" or "网格工单" or "帮助")
        {
            return new Command(normal, null, string.Empty);
        }

        if (normal is "本网格工单" or "网格的工单" or "全部工单")
        {
            return new Command("网格工单", null, string.Empty);
        }

        if (normal is "help" or "菜单" or "怎么用" or "命令" or "你好" or "您好" or "在吗")
        {
            return new Command("帮助", null, string.Empty);
        }

        if (normal.StartsWith("确认绑定", StringComparison.Ordinal) && normal.Length > 4)
        {
            return new Command("确认绑定", null, normal[4..].Trim());
        }

        var match = TicketCommand().Match(normal);
        if (match.Success)
        {
            return new Command(match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : null, (match.Groups[3].Value + match.Groups[4].Value).Trim());
        }

        // "王磊今天休假 转派 0001 陈静": the reason first, then the command with its ticket; the reason goes after the rest.
        var later = LaterTicketCommand().Match(normal);
        return later.Success
            ? new Command(later.Groups[2].Value, later.Groups[3].Value, (later.Groups[4].Value + " " + later.Groups[1].Value).Trim())
            : null;
    }

    /// <summary>Full-width to half-width and single spaces: "办结　００４２，已更换" reads as "办结 0042 已更换".</summary>
    private static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).Replace('，', ' ').Replace(',', ' ').Replace('：', ' ').Replace(':', ' ');
        return Spaces().Replace(folded, " ").Trim();
    }

    [GeneratedRegex(@"^#?(接单|办结|转派|退回|改类)(?:\s*#?(\d{8}-\d{4,5}|\d{4})(?!\d)(?:\s+(.*))?|(?:\s+(?!\d)(.*))?)$", RegexOptions.Singleline)]
    private static partial Regex TicketCommand();

    [GeneratedRegex(@"^(\S.{0,30}?)\s+#?(接单|办结|转派|退回|改类)\s*#?(\d{8}-\d{4,5}|\d{4})(?!\d)(?:\s+(.*))?$", RegexOptions.Singleline)]
    private static partial Regex LaterTicketCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
