using System.Globalization;
using System.Text;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Wording;

/// <summary>
/// Everything grid workers, leaders, the secretary and department staff are told: the messages about
/// tickets (assignment, escalation, ...) and the chat's answers to their commands.
/// </summary>
internal static class WorkerTexts
{
    public static OutboundText Assignment(Ticket t, DirectorySnapshot directory)
    {
        var reporter = Reporter(t, directory);
        var deadline = When(t.AcceptBy);
        var text =
            $"【新工单】{t.Number} {IntakeCategories.Label(t.Category)}{(t.Urgent ? "（紧急）" : string.Empty)}\n" +
            $"位置：{ResidentTexts.Where(t.Location)}\n" +
            $"内容：{t.Text}\n" +
            $"报告人：{reporter}\n" +
            $"请在 {deadline} 前接单，{When(t.ResolveBy)} 前办结。\n" +
            $"回复“接单 {t.ShortNumber}”接单，“办结 {t.ShortNumber} 处理结果”办结，“转派 {t.ShortNumber} 物业 原因”转派，“退回 {t.ShortNumber} 原因”退回。";
        return new(text, Fields(t, ("reporter", reporter), ("deadline", deadline), ("status", "待接单")));
    }

    public static OutboundText ForInformation(Ticket t, Person handler, DirectorySnapshot directory) => new(
        $"【知会】{t.Number} {IntakeCategories.Label(t.Category)}{(t.Urgent ? "（紧急）" : string.Empty)}，{ResidentTexts.Where(t.Location)}：{t.Text}\n" +
        $"已派给 {handler.Name}，报告人：{Reporter(t, directory)}。",
        Fields(t, ("status", "已派单：" + handler.Name), ("deadline", When(t.AcceptBy))));

    public static OutboundText Transferred(Ticket t, Person? from, string reason, DirectorySnapshot directory)
    {
        var assignment = Assignment(t, directory);
        return assignment with { Text = $"{from?.Name ?? "社区"} 转派给您（{reason}）。\n" + assignment.Text };
    }

    /// <param name="handedTo">The grid worker the service gave it to at once (a department's return), or null: the leader dispatches it.</param>
    public static OutboundText Returned(Ticket t, Person? by, string reason, Person? handedTo = null) => new(
        $"【退回】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）被 {by?.Name ?? "处理人"} 退回：{reason}\n"
        + (handedTo is null ? "请重新派单。" : $"已交给网格员{handedTo.Name}。"),
        Fields(t, ("status", "被退回"), ("note", reason)));

    public static OutboundText TakenAway(Ticket t, Person? to) => new(
        $"【改派】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）已改派给 {to?.Name ?? "其他人"}，您不用再处理了。",
        Fields(t, ("status", "已改派"), ("note", to?.Name ?? string.Empty)));

    public static OutboundText Cancelled(Ticket t, bool byResident) => new(
        $"【已取消】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）{(byResident ? "居民已取消" : "已被社区取消")}，不用再处理了。",
        Fields(t, ("status", "已取消")));

    public static OutboundText ChangedByResident(Ticket t, TicketEvent change)
    {
        var what = change.Action switch
        {
            TicketActions.Location => "补充了位置：" + ResidentTexts.Where(t.Location),
            TicketActions.Added => "补充说明：" + change.Note,
            TicketActions.Corrected => $"更正了工单：{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}（原话：{change.Note}）",
            _ => "补充了" + ResidentTexts.Media(change.Note ?? string.Empty),
        };
        return new($"【补充】工单 {t.Number} 居民{what}。", Fields(t, ("status", "居民补充信息"), ("note", what)));
    }

    /// <summary>转人工: a grid worker is asked to contact a person who wants a human.</summary>
    public static OutboundText Handover(string? groupName, Household? home, string words)
    {
        var person = groupName is { } group ? $"群“{group}”里的一位居民" : home is null ? "一位未绑定住户的居民" : $"{ResidentTexts.Address(home)}的居民";
        var text = $"【转人工】{person}请求人工服务：“{words}”。请尽快与其联系{(home is null ? "（可在群里或公众号后台查看对话）" : "（住户登记的电话见台账）")}。";
        return new(text, new Dictionary<string, string>
        {
            ["number"] = "转人工",
            ["category"] = "人工服务",
            ["location"] = home is null ? "—" : ResidentTexts.Address(home),
            ["status"] = "居民请求人工服务",
            ["note"] = words,
            ["deadline"] = "尽快",
        });
    }

    /// <summary>催单: to the handler at every chase, and to the grid leader from the second.</summary>
    public static OutboundText Chased(Ticket t, string words, int count) => new(
        $"【催办】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民第 {count} 次催办：{words}。{Status(t)}",
        Fields(t, ("status", $"居民催办（第 {count} 次）"), ("note", words)));

    /// <summary>The resident's later words made the ticket an emergency.</summary>
    public static OutboundText MadeUrgent(Ticket t, string words) => new(
        $"【转为紧急】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民又说：{words}。已按紧急情况处理，{Status(t)}",
        Fields(t, ("status", "转为紧急"), ("note", words), ("deadline", When(t.AcceptedAt is null ? t.AcceptBy : t.ResolveBy))));

    /// <summary>"又坏了" after a resolve or a close: the ticket is back with its handler.</summary>
    public static OutboundText BackAgain(Ticket t, string words) => new(
        $"【问题复发】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民反映：{words}，已重新打开，请在 {When(t.ResolveBy)} 前处理好。",
        Fields(t, ("status", "居民反映问题仍在，已重新打开"), ("note", words)));

    public static OutboundText RatingReason(Ticket t, string words) => new(
        $"【评价原因】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民评价 {t.Rating} 分，原因：{words}",
        Fields(t, ("status", $"居民评价 {t.Rating} 分的原因"), ("note", words)));

    private static string Status(Ticket t) => t.Status switch
    {
        TicketStatus.Accepted => "工单已接单，请尽快处理并回复居民。",
        _ when t.AcceptBy is { } by => $"工单还未接单，请在 {When(by)} 前接单。",
        _ => "请尽快处理。",
    };

    public static OutboundText Closed(Ticket t, string? note) => new(
        $"【已关闭】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）已由社区关闭{(note is { Length: > 0 } ? "：" + note : "。")}",
        Fields(t, ("status", "已关闭"), ("note", note ?? string.Empty)));

    public static OutboundText Rated(Ticket t, int rating, string words) => new(
        $"【评价】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民评价 {rating} 分：{words}",
        Fields(t, ("status", $"居民评价 {rating} 分"), ("note", words)));

    public static OutboundText Reopened(Ticket t, string words) => new(
        $"【重新处理】工单 {t.Number}（{IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}）居民评价：{words}，已重新打开，请在 {When(t.ResolveBy)} 前处理好。",
        Fields(t, ("status", "居民不满意，重新处理"), ("note", words), ("deadline", When(t.ResolveBy))));

    public static OutboundText Overdue(Ticket t, Deadline deadline, int level, DirectorySnapshot directory)
    {
        var handler = t.Assignee is { } id ? directory.Person(id)?.Name ?? id : "未派单";
        var what = deadline == Deadline.Accept ? "接单" : "办结";
        var due = When(deadline == Deadline.Accept ? t.AcceptBy : t.ResolveBy);
        return new(
            $"【超时{(level > 1 ? "再次" : string.Empty)}提醒】工单 {t.Number} {IntakeCategories.Label(t.Category)}，{ResidentTexts.Where(t.Location)}，" +
            $"应在 {due} 前{what}，仍未完成。处理人：{handler}。",
            Fields(t, ("status", $"超时未{what}"), ("deadline", due), ("note", "处理人：" + handler)));
    }

    /// <summary>"王*（138****0001）": enough for the worker to call, without spreading the full name and number in chats.</summary>
    public static string Reporter(Ticket t, DirectorySnapshot directory)
    {
        var key = PersonKey.Parse(t.Reporter);
        if (key is { Channel: PersonKey.SensorChannel, Id: var sensor })
        {
            return $"传感器 {sensor}";
        }

        var person = key is { } who ? directory.PersonByIdentity(who) : null;
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
            ["category"] = IntakeCategories.Label(t.Category),
            ["location"] = ResidentTexts.Where(t.Location),
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

    // The chat's answers to workers' commands.

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

    /// <summary>帮助: the commands a worker has; leaders and the secretary also oversee a grid.</summary>
    public static string Help(Person worker)
    {
        var text = new StringBuilder($"{worker.Name}您好，处理工单可以这样回复：\n")
            .Append("· 接单 0042：接下工单（只有一张待接时，回“收到”“马上去”或“接单”就行）\n")
            .Append("· 办结 0042 处理结果：办好了（没接单也可以直接办结）\n")
            .Append("· 转派 0042 物业 原因：转给部门、角色或同事\n")
            .Append("· 退回 0042 原因：不归您管，退回重新派单\n")
            .Append("· 改类 0042 隐患 原因：类别分错了，改过来并按新类别派单\n")
            .Append("· 我的工单 / 超时工单：查看待办和超时的工单\n")
            .Append("· 确认绑定 3-2-501：确认居民绑定住户\n");
        if (TicketQueries.Oversees(worker))
        {
            text.Append("· 网格工单：").Append(worker.Has(Role.Secretary) ? "社区" : "您网格").Append("所有未办完的工单\n");
        }

        return text.Append("工单号写后四位就行。").ToString();
    }

    /// <summary>网格工单: every open ticket a leader oversees, who has it and by when.</summary>
    public static string GridQueue(Person worker, IReadOnlyList<Ticket> open, DirectorySnapshot directory)
    {
        if (!TicketQueries.Oversees(worker))
        {
            return "“网格工单”是网格长和社区书记查看网格工单用的。您的工单请回复“我的工单”。";
        }

        if (open.Count == 0)
        {
            return "您负责的网格没有未办完的工单。";
        }

        var text = new StringBuilder($"网格里未办完的工单 {open.Count} 张：\n");
        foreach (var t in open.Take(15))
        {
            var handler = t.Assignee is { } id ? directory.Person(id)?.Name ?? id : "未派单";
            text.Append(Line(t)).Append("，处理人 ").Append(handler).Append('\n');
        }

        if (open.Count > 15)
        {
            text.Append($"……还有 {open.Count - 15} 张，请到管理后台查看。\n");
        }

        return text.Append("可以回复“转派 工单号后四位 人名或部门 原因”改派。").ToString();
    }

    /// <summary>A command without a number that could mean none or several tickets.</summary>
    public static string WhichTicket(string verb, IReadOnlyList<Ticket> candidates) => candidates.Count == 0
        ? $"您现在没有可以{verb}的工单。回复“我的工单”查看。"
        : $"您有 {candidates.Count} 张工单可以{verb}，请写上工单号后四位，比如“{verb} {candidates[0].ShortNumber}”：\n" +
          string.Join("\n", candidates.Take(10).Select(Line));

    public static string NotFound(string number) => $"没有找到工单 {number}。您的待办工单可回复“我的工单”查看；别人的工单请用完整工单号。";

    public static string Outcome(string verb, TicketResult outcome, Ticket ticket, Person? to) => outcome.Refusal switch
    {
        TicketRefusal.None when outcome.Done => verb switch
        {
            "接单" => $"已接单：{ticket.ShortNumber} {IntakeCategories.Label(ticket.Category)}，{ResidentTexts.Where(ticket.Location)}。已告诉居民。办好后回复“办结 {ticket.ShortNumber} 处理结果”。",
            "办结" => $"已办结：{ticket.ShortNumber}。已请居民评价。可以再发一张现场照片附在工单上。",
            "转派" => $"已转派：{ticket.ShortNumber}，转给{to?.Name}。已告诉对方和居民。",
            "改类" => $"已改类：{ticket.ShortNumber} 改为{IntakeCategories.Label(outcome.Ticket!.Category)}，" +
                (to is null ? "处理人不变。" : $"按新类别转给{to.Name}。已告诉对方和居民。"),
            _ => to is null ? $"已退回：{ticket.ShortNumber}，已请网格长重新派单。" : $"已退回：{ticket.ShortNumber}，已交给网格员{to.Name}。",
        },
        TicketRefusal.NotYours => $"工单 {ticket.ShortNumber} 不是派给您的，不能{verb}。",
        TicketRefusal.None when verb == "改类" => $"工单 {ticket.ShortNumber} 已经是{IntakeCategories.Label(ticket.Category)}，没有改动。",
        TicketRefusal.UnknownTarget when verb == "改类" =>
            $"没看懂要改成哪一类。请写：报修、隐患、纠纷、咨询、物业、环境、诈骗、心愿，如“改类 {ticket.ShortNumber} 隐患 电线老化打火”。",
        TicketRefusal.UnknownTarget => "没找到转派对象。请写部门（物业、派出所、司法所、消防、服务中心）、角色（网格员、调解员）或人名，如“转派 " + ticket.ShortNumber + " 物业 属于公共设施”。",
        _ => $"工单 {ticket.ShortNumber} 现在是“{ResidentTexts.Status(outcome.Ticket?.Status ?? ticket.Status)}”，不能{verb}。",
    };

    private static string Line(Ticket t) =>
        $"{t.ShortNumber} {IntakeCategories.Label(t.Category)}{(t.Urgent ? "（急）" : string.Empty)} {ResidentTexts.Where(t.Location)}：{ResidentTexts.Status(t.Status)}，" +
        (t.Status is TicketStatus.Assigned ? "接单期限 " + WorkerTexts.When(t.AcceptBy) : "办结期限 " + WorkerTexts.When(t.ResolveBy));

    // Binding a resident to a household by text.

    public static OutboundText BindingRequested(Household home) => new(
        $"【绑定申请】有居民申请绑定住户 {ResidentTexts.Address(home)}。核实后回复“确认绑定 {home.Id}”。",
        new Dictionary<string, string> { ["number"] = home.Id, ["location"] = ResidentTexts.Address(home), ["status"] = "绑定申请", ["category"] = "住户绑定" });

    public static string NoSuchHousehold(string household) => $"没有找到住户 {household}，请用住户编号，如“确认绑定 3-2-501”。";

    public static string HouseholdNotInYourGrid(string household) => $"住户 {household} 不在您负责的网格，不能确认。";

    public static string NoBindingRequest(string household) => $"住户 {household} 没有待确认的绑定申请。";

    public static string BindingsConfirmed(string household, int count) => $"已确认 {count} 位居民绑定住户 {household}，已告诉他们。";
}
