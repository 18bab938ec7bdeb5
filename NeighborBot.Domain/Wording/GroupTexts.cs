using NeighborBot.Groups;
using NeighborBot.Intake;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Wording;

/// <summary>
/// Everything the bot says into a group. Everyone in the group reads it, so it is short and carries
/// no personal data: never a name, a phone number or a room; a ticket only by its last four digits.
/// </summary>
internal static class GroupTexts
{
    public const string AskPlace =
        "请问在几号楼几单元？门牌号和电话不用在群里说，网格员会私下联系您；也可以关注社区公众号详细说明。";

    public const string NotForGroups =
        "您好，我是社区小助手。请@我说清遇到了什么问题、在几号楼，我来登记。查进度、取消和绑定住户请在社区公众号里说。";

    public const string UnknownGroup = "本群还没在社区登记，登记后我才能在群里受理。请联系社区工作人员。";

    public const string Later = "好的，先登记了，网格员会私下联系您确认位置。";

    public static string Opened(IReadOnlyList<Ticket> opened, IReadOnlyList<string> advice, bool askPlace)
    {
        var text = new System.Text.StringBuilder();
        foreach (var line in advice)
        {
            text.Append(line).Append('\n');
        }

        if (opened.Count > 0)
        {
            text.Append("已受理，工单 ").Append(string.Join("、", opened.Select(t => t.ShortNumber)))
                .Append(opened.Any(t => t.Urgent) ? "，已按紧急情况通知网格员。" : "，网格员会尽快联系。");
        }

        if (askPlace)
        {
            text.Append(opened.Count > 0 ? "\n" : string.Empty).Append(AskPlace);
        }

        return text.ToString().Trim();
    }

    public static string Rated(Ticket ticket, bool satisfied) =>
        satisfied ? $"谢谢评价，工单 {ticket.ShortNumber} 已完结。" : $"抱歉，工单 {ticket.ShortNumber} 已重新打开，网格长会跟进。";

    /// <summary>A worker's command answered in a group: the outcome and the ticket's last four digits, nothing of the resident.</summary>
    public static string Outcome(string verb, TicketResult outcome, Ticket ticket) => outcome.Done
        ? $"已{verb}：{ticket.ShortNumber}。"
        : $"工单 {ticket.ShortNumber} 不能{verb}，请私信公众号查看详情。";

    public static string Chased(Ticket ticket) => $"已催办工单 {ticket.ShortNumber}，负责的同志会尽快处理。";

    public static string MadeUrgent(Ticket ticket, string advice) => $"{advice}\n工单 {ticket.ShortNumber} 已改为紧急，已通知网格员。";

    public static string Added(Ticket ticket) => $"已补充到工单 {ticket.ShortNumber}。";

    public const string HandedOver = "好的，已请网格员私下联系您。";

    public static string NotFound(string number) => $"没有找到工单 {number}，请私信公众号查看。";

    /// <summary>What a resident who reported in a group hears there about their ticket, mentioned by the sender.</summary>
    public static OutboundText Progress(Ticket t, string action) => new(action switch
    {
        TicketActions.Created => $"之前的问题没等到回复，已先登记为工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）。"
            + (t.Location is null ? "还请@我说一下在几号楼或哪个位置。" : string.Empty),
        TicketActions.Accepted => $"工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已有工作人员接单，正在处理。",
        TicketActions.Resolved => $"工单 {t.ShortNumber} 已办结。满意请@我回复“满意 {t.ShortNumber}”，不满意回复“不满意 {t.ShortNumber}”。",
        TicketActions.Transferred => $"工单 {t.ShortNumber} 已转交相关部门处理。",
        TicketActions.Closed => $"工单 {t.ShortNumber} 已关闭。问题还在的话请@我再说一次。",
        TicketActions.RatingReminder => $"工单 {t.ShortNumber} 已办结，还没收到评价：@我回复“满意 {t.ShortNumber}”或“不满意 {t.ShortNumber}”就行。",
        _ => $"工单 {t.ShortNumber} 有新进展。",
    }, WorkerTexts.Fields(t));
}
