using System.Text;
using NeighborBot.Directory;
using NeighborBot.Intake;
using NeighborBot.Outbox;
using NeighborBot.Tickets;

namespace NeighborBot.Wording;

/// <summary>
/// Everything residents are told, in short sentences an elderly resident understands: the chat's
/// answers and the messages about their tickets.
/// </summary>
internal static class ResidentTexts
{
    public const string Help = "您好，这里是社区服务台。\n" + WhatToSay;

    /// <summary>The answer to "过年好", "中秋快乐": the wish returned, then what the desk does.</summary>
    public const string FestivalGreeting = "谢谢您，也祝您节日快乐、身体健康！这里是社区服务台。\n" + WhatToSay;

    /// <summary>The first words a new follower reads: the greeting once, then what to say.</summary>
    public const string Welcome = "欢迎关注社区服务台！\n" + WhatToSay;

    private const string WhatToSay =
        "您可以直接打字或发语音告诉我：\n" +
        "· 报修：比如“3号楼2单元楼道灯坏了”\n" +
        "· 安全隐患、邻里纠纷、物业和环境卫生问题\n" +
        "· 政策咨询、微心愿\n" +
        "我会记下来，交给负责的网格员。回复“进度”可查看您的工单。\n" +
        "遇到火情、燃气泄漏等紧急情况，请先拨打 119 或 110。";

    public const string AboutTheBot =
        "我是社区服务台的智能助手，会把您的问题登记成工单交给网格员和相关部门。想找工作人员，回复“转人工”就行。";

    public const string AskRatingReason = "请问哪里不满意？说一句就行，我转告负责的同志。";

    public const string RatingReasonNoted = "记下了，已转告负责的同志和网格长，他们会尽快改进。";

    public const string HandoverNoWorker = "好的，已转人工。社区工作人员会尽快联系您；紧急情况请直接拨打 110 或 119。";

    public const string Busy = "系统有点忙，请您稍后再发一次。";

    public const string BroadcastsOff = "好的，以后不再给您发社区通知。台风、暴雨等紧急预警仍会发给您。想重新接收，回复“订阅”。";

    public const string BroadcastsOn = "好的，以后社区通知会照常发给您。不想接收，回复“退订”。";

    public const string BroadcastChoiceInGroup = "群里的通知是发给全群的，不能单独退订。想退订发给您个人的通知，请在公众号里回复“退订”。";

    public const string PlaceUnreadable = "没能读出您发来的位置。请直接告诉我在哪里，比如“3号楼2单元”，或者“东门”“地下车库”。";

    public const string NotUnderstood =
        "不好意思，我没太明白。请直接说遇到了什么问题、在哪里，比如“3号楼2单元楼道灯坏了”。";

    public const string VoiceNotUnderstood = "这条语音我没听清，麻烦您再说一遍，或者打字告诉我。";

    public const string AskLocation = "请问具体在哪里？比如“3号楼2单元501”，或者“东门”“地下车库”。";

    public const string NotRegistered = "好的，不登记。您想问什么直接说就行；政策、办事的问题我会转给社区服务中心答复。";

    public const string AskOutdoorPlace = "请问在小区哪个位置？比如“东门”“3号楼前面”“地下车库入口”。";

    /// <summary>A pin sent before any report: it is kept for the report that follows.</summary>
    public static string PinNoted(string where) => $"收到您发的位置（{where}）。请告诉我这里遇到了什么问题，我按这个位置登记。";

    public const string AskLocationAgain = "还是没听明白位置。请说楼号和单元，比如“5号楼1单元”，或者哪个门、哪个地方。";

    public const string AskProblem = "请问是什么问题？比如灯坏了、漏水、噪音扰民、垃圾没人清。";

    public const string MediaForNewReport = "收到了。请再用一句话告诉我是什么问题、在哪里，比如“5号楼门口垃圾没人清”。";

    public const string Cancelled = "好的，这次先不登记了。有需要随时找我。";

    public const string Thanks = "不客气，有事随时找我。";

    /// <summary>A question whether something heard of really happened ("听说昨天着火了 是真的吗"): nothing is filed.</summary>
    public const string HearsayAnswer = "这件事我这里没有登记，不好说真假。您要是自己看到了隐患（冒烟、电线、堵着的通道这些），告诉我在哪儿、什么情况，我马上登记；有火情请直接拨打 119。";

    /// <summary>A question of fact (明天停水吗) the community has given no answer for: said so, and no ticket.</summary>
    public const string NoFactAnswer = "这个我这里还没有确切消息。停水停电、收费这类通知可以问物业服务中心，办事和政策可以问社区服务中心。要报修或反映问题，直接告诉我就行。";

    public const string NotWithdrawn = "好的，不取消。";

    /// <summary>A worry said while the bot asks where: heard, and the question stands.</summary>
    public const string Understood = "明白，我们会尽快处理。";

    /// <summary>The resident will find out where later: the report keeps waiting for its place.</summary>
    public const string PlaceLater = "好的，不着急。弄清楚具体位置后告诉我（比如“东门”“3号楼前面”），我马上登记。";

    /// <summary>A category as a resident would pick it from a list.</summary>
    public static string Choice(string category) => category switch
    {
        "repair" => "报修（东西坏了）",
        "hazard" => "安全隐患",
        "dispute" => "邻里纠纷",
        "consult" => "政策咨询",
        "property" => "对物业的意见",
        "environment" => "环境卫生",
        "fraud" => "诈骗求证",
        "wish" => "求助（微心愿）",
        _ => "其他",
    };

    /// <summary>"请问是：1 报修 2 对物业的意见".</summary>
    public static string AskCategory(IReadOnlyList<string> choices) =>
        "请问是：" + string.Join(" ", choices.Select((c, i) => $"{i + 1} {Choice(c)}")) + "（回复数字就行）";

    public const string NoOpenTickets = "您目前没有正在处理的工单。有问题可以直接告诉我。";

    public const string StaffCommandFromResident =
        "“接单”“办结”“转派”这些是工作人员处理工单用的。您如果是网格员或工作人员，请联系社区把您的微信登记到名录里。\n" +
        "您要报事情，直接说遇到了什么问题、在哪里就行。";

    /// <summary>The place could not be made out after asking twice: what was reported is registered anyway, and says so.</summary>
    public static string LocationLater(IReadOnlyList<Ticket> opened) => opened.Count == 0
        ? "好的。有需要随时告诉我遇到了什么问题、在哪里。"
        : $"好的，先为您登记了（工单 {string.Join("、", opened.Select(t => t.Number))}），网格员会联系您确认具体位置。";

    /// <summary>A report set aside by another message: the person hears that it is still waiting, and for what.</summary>
    /// <param name="waiting">The words of the report still waiting for its place.</param>
    public static string StillWaiting(string waiting) => $"您刚才说的“{Excerpt(waiting)}”还没登记，还差位置。";

    public static string WithDraftNote(string reply, string? waiting) =>
        waiting is null ? reply : reply + "\n" + StillWaiting(waiting) + "告诉我在哪里就能登记。";

    private static string Excerpt(string text) => text.Length <= 16 ? text : text[..15] + "…";

    public const string BadQrCode = "这个二维码没有对应的住户，请联系您的网格员。";

    public const string HouseholdNotFound = "没有找到这个住户，请检查楼号、单元和门牌号，比如“绑定 3-2-501”。";


    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.Submitted => "已登记，等待派单",
        TicketStatus.Assigned => "已派单，等待接单",
        TicketStatus.Accepted => "处理中",
        TicketStatus.Resolved => "已办结，等您评价",
        TicketStatus.Closed => "已完结",
        TicketStatus.Cancelled => "已取消",
        TicketStatus.Reopened => "重新处理中",
        _ => status.ToString(),
    };

    public static string Where(TicketLocation? location) =>
        location is null || location.IsEmpty ? "位置待确认" : location.ToString();

    /// <summary>Added to the answer to a dispute: the community's mediators can be booked in the chat (see Mediation).</summary>
    public const string MediationOffer = "\n需要调解员当面调解的话，回复“预约调解”，我帮您约时间。";

    /// <summary>The answer to a report: one line per ticket opened, safety guidance first when urgent, the question last.</summary>
    public static string Opened(IReadOnlyList<Ticket> opened, IReadOnlyList<string> guidance, string? question)
    {
        var text = new StringBuilder();
        if (opened.Any(t => t.Urgent))
        {
            text.Append("⚠️ 已按紧急情况登记，正在通知网格员。\n");
            foreach (var line in guidance)
            {
                text.Append(line).Append('\n');
            }
        }

        if (opened.Count == 1)
        {
            var t = opened[0];
            text.Append("已为您登记：").Append(IntakeCategories.Label(t.Category)).Append('，').Append(Where(t.Location)).Append("。\n");
            text.Append("工单号：").Append(t.Number).Append('\n');
        }
        else if (opened.Count > 1)
        {
            text.Append("已为您登记 ").Append(opened.Count).Append(" 个问题：\n");
            for (var i = 0; i < opened.Count; i++)
            {
                var t = opened[i];
                text.Append(i + 1).Append(". ").Append(IntakeCategories.Label(t.Category)).Append('，').Append(Where(t.Location))
                    .Append('：').Append(t.Number).Append('\n');
            }
        }

        if (question is not null)
        {
            text.Append(question);
        }
        else if (opened.Count > 0)
        {
            text.Append("我们会尽快安排处理，回复“进度”可查看处理情况。");
            if (opened.Any(t => t.Category == IntakeCategories.Dispute))
            {
                text.Append(MediationOffer);
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>One line per ticket, told apart by its words and its date when several are alike.</summary>
    public static string Progress(IReadOnlyList<Ticket> tickets)
    {
        var text = new StringBuilder("您的工单：\n");
        foreach (var t in tickets)
        {
            text.Append(t.ShortNumber).Append(' ').Append(ChinaTime.ToChina(t.CreatedAt).ToString("M月d日", System.Globalization.CultureInfo.InvariantCulture)).Append(' ')
                .Append('“').Append(Excerpt(t.Text)).Append("”，").Append(Where(t.Location))
                .Append('：').Append(Status(t.Status)).Append('\n');
        }

        text.Append("要取消工单，请回复“取消”加工单号后四位，如“取消 ").Append(tickets[0].ShortNumber).Append("”。");
        return text.ToString();
    }

    public static string Attached(string kind, Ticket ticket) =>
        $"收到{Media(kind)}，已附在工单 {ticket.ShortNumber}（{IntakeCategories.Label(ticket.Category)}）上。";

    public static string AttachedToDraft(string kind, string question) => $"收到{Media(kind)}。{question}";

    public static string LocationAdded(IReadOnlyList<Ticket> tickets) =>
        $"已补充位置：{Where(tickets[0].Location)}（工单 {string.Join("、", tickets.Select(t => t.ShortNumber))}）。";

    public static string Corrected(Ticket ticket) =>
        $"已更正工单 {ticket.ShortNumber}：{IntakeCategories.Label(ticket.Category)}，{Where(ticket.Location)}。";

    public static string CancelHow(Ticket last) =>
        $"好的。如需取消已登记的工单，请回复“取消 {last.ShortNumber}”。";

    public static string TicketCancelled(Ticket ticket) => $"工单 {ticket.ShortNumber} 已取消。";

    public static string TicketNotFound(string number) => $"没有找到您的工单 {number}，回复“进度”可查看您的工单号。";

    public static string TicketNotCancellable(Ticket ticket) =>
        $"工单 {ticket.ShortNumber} {Status(ticket.Status)}，不能取消了。";

    /// <summary>催单 answered: the chase is passed on, and who holds the ticket since when.</summary>
    public static string Chased(Ticket t, Person? handler) =>
        $"已帮您催办工单 {t.ShortNumber}（“{Excerpt(t.Text)}”）。" + (handler is null
            ? "工单正在派给负责的同志，我们会尽快处理。"
            : $"目前由{RoleName(handler)}{handler.Name}处理，{(t.Status == TicketStatus.Accepted
                ? $"{WorkerTexts.When(t.AcceptedAt)} 已接单"
                : $"{WorkerTexts.When(t.Events.LastOrDefault(e => e.To == handler.Id)?.At ?? t.CreatedAt)} 派出，还没接单")}，已再次提醒。");

    public static string NothingToChase => "您目前没有正在处理的工单。有新问题可以直接告诉我。";

    public static string Added(Ticket t) => $"已补充到工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}），已告诉负责的同志。";

    /// <summary>A report's later words made it an emergency: the advice first, as when an urgent report is opened.</summary>
    public static string MadeUrgent(Ticket t, string advice) =>
        $"⚠️ 工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已改为紧急，正在通知网格员。\n{advice}";

    public static string BackAgain(Ticket t) => $"抱歉问题还在。工单 {t.ShortNumber} 已重新打开，已通知负责的同志尽快再来处理。";

    public static string HandedOver(Person worker) =>
        $"好的，已转人工：网格员{worker.Name}{(worker.Phone is { Length: > 0 } phone ? $"（电话 {phone}）" : string.Empty)}会尽快联系您。在这之前我先不打扰，查进度、取消工单照常可以用。";

    public static string Rated(Ticket ticket) => $"谢谢您的评价！工单 {ticket.ShortNumber} 已完结。";

    public static string RatedMiddling(Ticket ticket) =>
        $"谢谢您的评价！工单 {ticket.ShortNumber} 已完结。请问哪里还可以做得更好？说一句就行，我转告负责的同志。";

    public static string RatedUnhappy(Ticket ticket) =>
        $"很抱歉没让您满意。工单 {ticket.ShortNumber} 已重新打开，网格长会跟进处理。\n" + AskRatingReason;

    public static string Bound(TicketLocation home) =>
        $"已为您绑定住户：{home}。以后报修不用再说地址，我会按这个地址登记；问题在别处时说清楚地方就行。";

    public static string BindingRequested(TicketLocation home) =>
        $"已提交绑定 {home} 的申请，网格员确认后生效。";

    public static string Media(string kind) => kind switch
    {
        "image" => "照片",
        "voice" => "语音",
        "video" or "shortvideo" => "视频",
        "location" => "位置",
        _ => "文件",
    };

    // Messages about a resident's ticket (sent through the outbox).

    public static OutboundText Accepted(Ticket t, Person worker) => new(
        $"您的工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已由{RoleName(worker)}{worker.Name}接单，正在处理。",
        WorkerTexts.Fields(t, ("status", "处理中"), ("note", worker.Name + "已接单")));

    public static OutboundText Resolved(Ticket t, string note) => new(
        $"您的工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已办结：{note}\n" +
        "请为这次服务评价：回复“满意”“基本满意”或“不满意”，也可以回复 1 到 5 分。",
        WorkerTexts.Fields(t, ("status", "已办结"), ("note", note)));

    public static OutboundText Transferred(Ticket t, Person to) => new(
        $"您的工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已转交{RoleName(to)}{to.Name}处理。",
        WorkerTexts.Fields(t, ("status", "已转交"), ("note", to.Name)));

    public static OutboundText Closed(Ticket t, string? note) => new(
        $"您的工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已由社区关闭{(note is { Length: > 0 } ? "：" + note : "。")}如果问题还在，请直接告诉我。",
        WorkerTexts.Fields(t, ("status", "已关闭"), ("note", note ?? string.Empty)));

    /// <summary>The bot's question about the report went unanswered, and the report was filed as it stood.</summary>
    public static OutboundText FiledUnanswered(Ticket t) => new(
        $"您之前说的“{Excerpt(t.Text)}”，一直没等到您的回复，已先按“{IntakeCategories.Label(t.Category)}”为您登记，工单号 {t.Number}。" +
        (t.Location is null ? "还不知道具体位置：直接回复位置就行（比如“3号楼2单元”“东门”），工作人员也会联系您。" : string.Empty) +
        "类别不对的话直接告诉我。",
        WorkerTexts.Fields(t, ("status", "已登记"), ("note", "未等到回复，已先登记")));

    public static OutboundText RatingReminder(Ticket t) => new(
        $"您的工单 {t.ShortNumber}（{IntakeCategories.Label(t.Category)}）已经办结，还没收到您的评价。回复“满意”“基本满意”或“不满意”就行。",
        WorkerTexts.Fields(t, ("status", "待评价")));

    private static string RoleName(Person p) =>
        p.Has(Role.Department) ? p.Department + "的" : p.Has(Role.GridWorker) ? "网格员" : p.Has(Role.GridLeader) ? "网格长" : string.Empty;

    public static OutboundText BindingConfirmed(Household home, Person worker) => new(
        $"网格员{worker.Name}已确认：您已绑定住户 {Address(home)}。以后报修不用再说地址。",
        new Dictionary<string, string> { ["number"] = home.Id, ["status"] = "绑定成功", ["note"] = Address(home) });

    public static string Address(Household home) => $"{home.Building}号楼{home.Unit}单元{home.Room}";
}
