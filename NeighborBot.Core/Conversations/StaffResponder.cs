using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Directory;
using NeighborBot.Tickets;
using NeighborBot.WeChat;

namespace NeighborBot.Conversations;

/// <summary>
/// Grid workers, leaders, the secretary and department staff work their tickets in the same chat:
/// 接单 0042, 办结 0042 已更换灯泡, 转派 0042 物业 原因, 退回 0042 原因, 我的工单, 超时工单,
/// and 确认绑定 3-2-501 for a resident's binding request.
/// Anything else (and everything from people who are not workers) goes to the resident's side.
/// </summary>
internal sealed partial class StaffResponder(
    ResidentResponder residents, TicketCommands commands, TicketQueries queries, HouseholdBindings bindings, DirectoryCache directory) : IResponder
{
    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, InboundMessage message, CancellationToken cancellationToken)
    {
        var text = message switch
        {
            TextMessage t => t.Content,
            VoiceMessage { Recognition: { Length: > 0 } heard } => heard,
            _ => null,
        };
        if (text is null || Parse(text) is not { } command || who.Channel != "mp")
        {
            return await residents.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.PersonByOpenId(who.Id) is not { IsWorker: true } worker)
        {
            return await residents.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
        }

        var state = conversation.State ?? new ConversationState();
        var (reply, acted) = command.Verb == "确认绑定"
            ? (await ConfirmBindingAsync(worker, snapshot, command.Rest, cancellationToken).ConfigureAwait(false), null)
            : await RunAsync(worker, command, cancellationToken).ConfigureAwait(false);
        var next = acted is null ? state : state with { Tickets = [.. state.Tickets.Where(n => n != acted), acted], Draft = null, Awaiting = Question.None };
        return new TurnResult(new TextReply(reply), next);
    }

    private async Task<(string Reply, string? Acted)> RunAsync(Person worker, Command command, CancellationToken cancellationToken)
    {
        if (command.Verb == "我的工单" || command.Verb == "超时工单")
        {
            var (mine, overdue) = await queries.QueueAsync(worker, cancellationToken).ConfigureAwait(false);
            return (command.Verb == "我的工单" ? StaffTexts.Queue(mine) : StaffTexts.Overdue(overdue), null);
        }

        var ticket = await queries.FindForWorkerAsync(worker, command.Number!, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return (StaffTexts.NotFound(command.Number!), null);
        }

        Person? to = null;
        var outcome = command.Verb switch
        {
            "接单" => await commands.AcceptAsync(worker, ticket.Number, cancellationToken).ConfigureAwait(false),
            "办结" => await commands.ResolveAsync(worker, ticket.Number, command.Rest.Length > 0 ? command.Rest : "已处理", cancellationToken).ConfigureAwait(false),
            "转派" => await TransferAsync(worker, ticket.Number, command.Rest, cancellationToken).ConfigureAwait(false),
            _ => await commands.ReturnAsync(worker, ticket.Number, command.Rest.Length > 0 ? command.Rest : "未说明原因", cancellationToken).ConfigureAwait(false),
        };
        return (StaffTexts.Outcome(command.Verb, outcome, ticket, to), outcome.Done ? ticket.Number : null);

        async Task<TicketResult> TransferAsync(Person worker, string number, string rest, CancellationToken cancellationToken)
        {
            var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                return TicketResult.Refuse(null, TicketRefusal.UnknownTarget);
            }

            (var result, to) = await commands.TransferAsync(worker, number, parts[0], parts.Length > 1 ? parts[1] : "未说明原因", cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async Task<string> ConfirmBindingAsync(Person worker, DirectorySnapshot snapshot, string household, CancellationToken cancellationToken)
    {
        if (snapshot.Household(household) is not { } home)
        {
            return $"没有找到住户 {household}，请用住户编号，如“确认绑定 3-2-501”。";
        }

        var bound = await bindings.ConfirmAsync(worker, home, cancellationToken).ConfigureAwait(false);
        return bound switch
        {
            null => $"住户 {household} 不在您负责的网格，不能确认。",
            { Count: 0 } => $"住户 {household} 没有待确认的绑定申请。",
            _ => $"已确认 {bound.Count} 位居民绑定住户 {household}，已告诉他们。",
        };
    }

    internal sealed record Command(string Verb, string? Number, string Rest);

    internal static Command? Parse(string text)
    {
        var normal = Normalize(text);
        if (normal is "我的工单" or "超时工单")
        {
            return new Command(normal, null, string.Empty);
        }

        if (normal.StartsWith("确认绑定", StringComparison.Ordinal) && normal.Length > 4)
        {
            return new Command("确认绑定", null, normal[4..].Trim());
        }

        var match = TicketCommand().Match(normal);
        return match.Success ? new Command(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value.Trim()) : null;
    }

    /// <summary>Full-width to half-width and single spaces: "办结　００４２，已更换" reads as "办结 0042 已更换".</summary>
    private static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).Replace('，', ' ').Replace(',', ' ').Replace('：', ' ').Replace(':', ' ');
        return Spaces().Replace(folded, " ").Trim();
    }

    [GeneratedRegex(@"^(接单|办结|转派|退回)\s*(\d{8}-\d{4,5}|\d{4})(?:\s+(.*))?$", RegexOptions.Singleline)]
    private static partial Regex TicketCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>What workers are told in the chat.</summary>
internal static class StaffTexts
{
    public static string Queue(IReadOnlyList<Ticket> mine)
    {
        if (mine.Count == 0)
        {
            return "您手上没有待办工单。";
        }

        var text = new StringBuilder($"您有 {mine.Count} 张待办工单：\n");
        foreach (var t in mine.Take(10))
        {
            text.Append(Line(t)).Append('\n');
        }

        return text.Append("回复“接单/办结/转派/退回 + 工单号后四位”处理。").ToString();
    }

    public static string Overdue(IReadOnlyList<Ticket> overdue)
    {
        if (overdue.Count == 0)
        {
            return "没有超时工单。";
        }

        var text = new StringBuilder($"超时工单 {overdue.Count} 张：\n");
        foreach (var t in overdue.Take(10))
        {
            text.Append(Line(t)).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    public static string NotFound(string number) => $"没有找到工单 {number}。您的待办工单可回复“我的工单”查看；别人的工单请用完整工单号。";

    public static string Outcome(string verb, TicketResult outcome, Ticket ticket, Person? to) => outcome.Refusal switch
    {
        TicketRefusal.None when outcome.Done => verb switch
        {
            "接单" => $"已接单：{ticket.ShortNumber} {BotTexts.Category(ticket.Category)}，{BotTexts.Where(ticket.Location)}。已告诉居民。办好后回复“办结 {ticket.ShortNumber} 处理结果”。",
            "办结" => $"已办结：{ticket.ShortNumber}。已请居民评价。可以再发一张现场照片附在工单上。",
            "转派" => $"已转派：{ticket.ShortNumber}，转给{to?.Name}。已告诉对方和居民。",
            _ => $"已退回：{ticket.ShortNumber}，已请网格长重新派单。",
        },
        TicketRefusal.NotYours => $"工单 {ticket.ShortNumber} 不是派给您的，不能{verb}。",
        TicketRefusal.UnknownTarget => "没找到转派对象。请写部门（物业、派出所、司法所、消防、服务中心）、角色（网格员、调解员）或人名，如“转派 " + ticket.ShortNumber + " 物业 属于公共设施”。",
        _ => $"工单 {ticket.ShortNumber} 现在是“{BotTexts.Status(outcome.Ticket?.Status ?? ticket.Status)}”，不能{verb}。",
    };

    private static string Line(Ticket t) =>
        $"{t.ShortNumber} {BotTexts.Category(t.Category)}{(t.Urgent ? "（急）" : string.Empty)} {BotTexts.Where(t.Location)}：{BotTexts.Status(t.Status)}，" +
        (t.Status is TicketStatus.Assigned ? "接单期限 " + WorkerTexts.When(t.AcceptBy) : "办结期限 " + WorkerTexts.When(t.ResolveBy));
}
