using System.Globalization;
using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Tickets;

/// <summary>
/// A message for one person: the text of a customer-service message, and the named values a
/// template message is filled from (number, category, location, text, deadline, status, note, ...).
/// </summary>
public sealed record OutboundText(string Text, IReadOnlyDictionary<string, string> Fields);

/// <summary>What grid workers and their leaders are told.</summary>
internal static class WorkerTexts
{
    public static OutboundText Assignment(Ticket t, DirectorySnapshot directory)
    {
        var reporter = Reporter(t, directory);
        var deadline = When(t.AcceptBy);
        var text =
            $"【新工单】{t.Number} {BotTexts.Category(t.Category)}{(t.Urgent ? "（紧急）" : string.Empty)}\n" +
            $"位置：{BotTexts.Where(t.Location)}\n" +
            $"内容：{t.Text}\n" +
            $"报告人：{reporter}\n" +
            $"请在 {deadline} 前接单，{When(t.ResolveBy)} 前办结。\n" +
            $"回复“接单 {t.ShortNumber}”接单，“办结 {t.ShortNumber} 处理结果”办结，“转派 {t.ShortNumber} 物业 原因”转派，“退回 {t.ShortNumber} 原因”退回。";
        return new(text, Fields(t, ("reporter", reporter), ("deadline", deadline), ("status", "待接单")));
    }

    public static OutboundText ForInformation(Ticket t, Person handler, DirectorySnapshot directory) => new(
        $"【知会】{t.Number} {BotTexts.Category(t.Category)}{(t.Urgent ? "（紧急）" : string.Empty)}，{BotTexts.Where(t.Location)}：{t.Text}\n" +
        $"已派给 {handler.Name}，报告人：{Reporter(t, directory)}。",
        Fields(t, ("status", "已派单：" + handler.Name), ("deadline", When(t.AcceptBy))));

    public static OutboundText Transferred(Ticket t, Person? from, string reason, DirectorySnapshot directory)
    {
        var assignment = Assignment(t, directory);
        return assignment with { Text = $"{from?.Name ?? "社区"} 转派给您（{reason}）。\n" + assignment.Text };
    }

    public static OutboundText Returned(Ticket t, Person? by, string reason) => new(
        $"【退回】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）被 {by?.Name ?? "处理人"} 退回：{reason}\n请重新派单。",
        Fields(t, ("status", "被退回"), ("note", reason)));

    public static OutboundText TakenAway(Ticket t, Person? to) => new(
        $"【改派】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）已改派给 {to?.Name ?? "其他人"}，您不用再处理了。",
        Fields(t, ("status", "已改派"), ("note", to?.Name ?? string.Empty)));

    public static OutboundText Cancelled(Ticket t, bool byResident) => new(
        $"【已取消】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）{(byResident ? "居民已取消" : "已被社区取消")}，不用再处理了。",
        Fields(t, ("status", "已取消")));

    public static OutboundText ChangedByResident(Ticket t, TicketEvent change)
    {
        var what = change.Action switch
        {
            TicketActions.Location => "补充了位置：" + BotTexts.Where(t.Location),
            TicketActions.Corrected => $"更正了工单：{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}（原话：{change.Note}）",
            _ => "补充了" + BotTexts.Media(change.Note ?? string.Empty),
        };
        return new($"【补充】工单 {t.Number} 居民{what}。", Fields(t, ("status", "居民补充信息"), ("note", what)));
    }

    public static OutboundText Closed(Ticket t, string? note) => new(
        $"【已关闭】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）已由社区关闭{(note is { Length: > 0 } ? "：" + note : "。")}",
        Fields(t, ("status", "已关闭"), ("note", note ?? string.Empty)));

    public static OutboundText Rated(Ticket t, int rating, string words) => new(
        $"【评价】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）居民评价 {rating} 分：{words}",
        Fields(t, ("status", $"居民评价 {rating} 分"), ("note", words)));

    public static OutboundText Reopened(Ticket t, string words) => new(
        $"【重新处理】工单 {t.Number}（{BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}）居民评价：{words}，已重新打开，请在 {When(t.ResolveBy)} 前处理好。",
        Fields(t, ("status", "居民不满意，重新处理"), ("note", words), ("deadline", When(t.ResolveBy))));

    public static OutboundText Overdue(Ticket t, Deadline deadline, int level, DirectorySnapshot directory)
    {
        var handler = t.Assignee is { } id ? directory.Person(id)?.Name ?? id : "未派单";
        var what = deadline == Deadline.Accept ? "接单" : "办结";
        var due = When(deadline == Deadline.Accept ? t.AcceptBy : t.ResolveBy);
        return new(
            $"【超时{(level > 1 ? "再次" : string.Empty)}提醒】工单 {t.Number} {BotTexts.Category(t.Category)}，{BotTexts.Where(t.Location)}，" +
            $"应在 {due} 前{what}，仍未完成。处理人：{handler}。",
            Fields(t, ("status", $"超时未{what}"), ("deadline", due), ("note", "处理人：" + handler)));
    }

    /// <summary>"王*（138****0001）": enough for the worker to call, without spreading the full name and number in chats.</summary>
    public static string Reporter(Ticket t, DirectorySnapshot directory)
    {
        var key = PersonKey.Parse(t.Reporter);
        var person = key is { Channel: "mp" } ? directory.PersonByOpenId(key.Value.Id) : null;
        if (person is null)
        {
            return "居民（未登记姓名）";
        }

        return $"{MaskName(person.Name)}（{MaskPhone(person.Phone)}）";
    }

    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);

    public static string MaskPhone(string? phone) => phone is { Length: 11 } ? $"{phone[..3]}****{phone[7..]}" : "无电话";

    public static string When(DateTimeOffset? at) =>
        at is { } value ? ChinaTime.ToChina(value).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static Dictionary<string, string> Fields(Ticket t, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["number"] = t.Number,
            ["category"] = BotTexts.Category(t.Category),
            ["location"] = BotTexts.Where(t.Location),
            ["text"] = t.Text.Length > 20 ? t.Text[..20] + "…" : t.Text,
            ["urgent"] = t.Urgent ? "紧急" : "一般",
            ["time"] = When(t.CreatedAt),
        };
        foreach (var (key, value) in extra)
        {
            fields[key] = value;
        }

        return fields;
    }
}

/// <summary>What the resident is told about their ticket.</summary>
internal static class ResidentTexts
{
    public static OutboundText Accepted(Ticket t, Person worker) => new(
        $"您的工单 {t.ShortNumber}（{BotTexts.Category(t.Category)}）已由{RoleName(worker)}{worker.Name}接单，正在处理。",
        WorkerTexts.Fields(t, ("status", "处理中"), ("note", worker.Name + "已接单")));

    public static OutboundText Resolved(Ticket t, string note) => new(
        $"您的工单 {t.ShortNumber}（{BotTexts.Category(t.Category)}）已办结：{note}\n" +
        "请为这次服务评价：回复“满意”“基本满意”或“不满意”，也可以回复 1 到 5 分。",
        WorkerTexts.Fields(t, ("status", "已办结"), ("note", note)));

    public static OutboundText Transferred(Ticket t, Person to) => new(
        $"您的工单 {t.ShortNumber}（{BotTexts.Category(t.Category)}）已转交{RoleName(to)}{to.Name}处理。",
        WorkerTexts.Fields(t, ("status", "已转交"), ("note", to.Name)));

    public static OutboundText Closed(Ticket t, string? note) => new(
        $"您的工单 {t.ShortNumber}（{BotTexts.Category(t.Category)}）已由社区关闭{(note is { Length: > 0 } ? "：" + note : "。")}如果问题还在，请直接告诉我。",
        WorkerTexts.Fields(t, ("status", "已关闭"), ("note", note ?? string.Empty)));

    public static OutboundText RatingReminder(Ticket t) => new(
        $"您的工单 {t.ShortNumber}（{BotTexts.Category(t.Category)}）已经办结，还没收到您的评价。回复“满意”“基本满意”或“不满意”就行。",
        WorkerTexts.Fields(t, ("status", "待评价")));

    private static string RoleName(Person p) =>
        p.Has(Role.Department) ? p.Department + "的" : p.Has(Role.GridWorker) ? "网格员" : p.Has(Role.GridLeader) ? "网格长" : string.Empty;
}
