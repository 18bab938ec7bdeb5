using System.Globalization;
using System.Text;
using NeighborBot.Directory;
using NeighborBot.Outbox;

namespace NeighborBot.Mediation;

/// <summary>What residents and mediators are told about mediation bookings.</summary>
internal static class MediationTexts
{
    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    /// <summary>12月1日（星期二）09:00-10:00, China time.</summary>
    public static string When(DateTimeOffset start, int minutes)
    {
        var from = ChinaTime.ToChina(start);
        var to = from.AddMinutes(minutes);
        return string.Create(CultureInfo.InvariantCulture, $"{from.Month}月{from.Day}日（{Weekdays[(int)from.DayOfWeek]}）{from:HH:mm}-{to:HH:mm}");
    }

    public static string When(MediationBooking b) => When(b.Start, b.Minutes);

    public const string OneToOneOnly = "调解的预约和登记请在公众号里私信发送，不要发在群里。";

    public static string AskSpecialty()
    {
        var text = new StringBuilder("好的，帮您预约调解。请问是哪一类纠纷？回复数字：\n");
        for (var i = 0; i < Specialties.All.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {Specialties.Label(Specialties.All[i])}\n");
        }

        return text.ToString().TrimEnd();
    }

    public static string Offer(string specialty, IReadOnlyList<MediationSlot> slots, DirectorySnapshot snapshot, int minutes, string room, string? lead = null)
    {
        var text = new StringBuilder(lead ?? $"可以为您预约{Specialties.Label(specialty)}调解，地点：{room}。以下时间有空：\n");
        for (var i = 0; i < slots.Count; i++)
        {
            var name = snapshot.Person(slots[i].Mediator) is { } person ? Name(person) : slots[i].Mediator;
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {When(slots[i].Start, minutes)} 调解员{name}\n");
        }

        text.Append("回复数字预约；都不合适请回复“0”。");
        return text.ToString();
    }

    public static string NoneFree(string specialty, int days) =>
        $"抱歉，近{days}天没有空出的{Specialties.Label(specialty)}调解时间。您可以过几天再回复“预约调解”试试，或到社区服务中心当面预约。";

    public const string Taken = "抱歉，这个时间刚被别人约走了。";

    public const string Dropped = "好的，先不约了。需要时回复“预约调解”即可。";

    public static string BadChoice(int count) => $"请回复 1 到 {count} 之间的数字选择时间，或回复“0”不约了。";

    public static string Booked(MediationBooking b, Person mediator) =>
        $"已为您预约调解（预约号 {b.ShortNumber}）：\n时间：{When(b)}\n地点：{b.Room}\n调解员：{Name(mediator)}\n" +
        "我们会在前一天和开始前一小时提醒您。要改时间回复“改约调解”，取消回复“取消调解”。";

    public static string Moved(MediationBooking b, Person mediator) =>
        $"已改约（预约号 {b.ShortNumber}）：\n时间：{When(b)}\n地点：{b.Room}\n调解员：{Name(mediator)}";

    public static string Cancelled(MediationBooking b) => $"已取消 {When(b)} 的调解（预约号 {b.ShortNumber}）。如仍需调解，回复“预约调解”重新预约。";

    public static string CancelledForMediator(MediationBooking b) => $"已取消 {When(b)} 的调解（预约号 {b.ShortNumber}），已告诉当事人。";

    public const string NoBooking = "您目前没有待进行的调解预约。需要时回复“预约调解”。";

    public static string WhichBooking(IReadOnlyList<MediationBooking> bookings, string verb) =>
        $"您有 {bookings.Count} 个调解预约，请写上预约号，如：{verb} {bookings[0].ShortNumber}\n" + string.Join('\n', bookings.Select(b => $"· {b.ShortNumber} {When(b)}"));

    public static string NotFound(string number) => $"没有找到预约号 {number} 的调解，回复“我的调解”查看您的预约。";

    public static string NotOpen(MediationBooking b) => b.Status switch
    {
        BookingStatus.Cancelled => $"预约号 {b.ShortNumber} 的调解已经取消了。",
        _ => $"预约号 {b.ShortNumber} 的调解已经登记过结果了。",
    };

    public const string OnlyMediators = "调解结果只能由负责的调解员登记。";

    public static string NotYet(MediationBooking b) => $"预约号 {b.ShortNumber} 的调解在 {When(b)}，开始后再登记结果。";

    public static string OutcomeRecorded(MediationBooking b, bool success, string? ticket, Person? routedTo) => success
        ? $"已登记：预约号 {b.ShortNumber} 调解成功。{(ticket is null ? string.Empty : $"工单 {Short(ticket)} 已办结，已请当事人评价。")}谢谢您！"
        : $"已登记：预约号 {b.ShortNumber} 调解未成功。{(ticket is null ? string.Empty : routedTo is null ? $"工单 {Short(ticket)} 仍由原负责人跟进，已告诉他们。" : $"工单 {Short(ticket)} 已转交{routedTo.Name}继续跟进。")}";

    public static string Mine(IReadOnlyList<MediationBooking> bookings, DirectorySnapshot snapshot, bool asMediator)
    {
        if (bookings.Count == 0)
        {
            return asMediator ? "您近期没有调解安排。" : NoBooking;
        }

        var text = new StringBuilder(asMediator ? "您的调解安排：\n" : "您的调解预约：\n");
        foreach (var b in bookings)
        {
            var who = asMediator ? Party(b) : "调解员" + (snapshot.Person(b.Mediator)?.Name ?? b.Mediator);
            text.Append(CultureInfo.InvariantCulture, $"· {b.ShortNumber} {When(b)} {Specialties.Label(b.Specialty)} {who}\n");
        }

        text.Append(asMediator ? "调解后回复“调解成功 预约号 情况”或“调解未成功 预约号 情况”。" : "要改时间回复“改约调解”，取消回复“取消调解”。");
        return text.ToString();
    }

    // Messages through the outbox.

    public static OutboundText ToMediator(MediationBooking b, string? ticketText) => Notice(
        "调解预约",
        $"【调解预约】预约号 {b.ShortNumber}：{Specialties.Label(b.Specialty)}，{When(b)}，{b.Room}。当事人：{Party(b)}。" +
        (b.Ticket is null ? string.Empty : $"\n工单 {Short(b.Ticket)}：{Excerpt(ticketText)}") +
        $"\n调解后请回复“调解成功 {b.ShortNumber} 情况”或“调解未成功 {b.ShortNumber} 情况”；改时间回复“改约 {b.ShortNumber}”，取消回复“取消调解 {b.ShortNumber}”。",
        b);

    public static OutboundText ToResident(MediationBooking b, Person mediator) => Notice("调解预约", Booked(b, mediator), b);

    public static OutboundText Reminder(MediationBooking b, bool dayBefore, Person mediator, bool toMediator)
    {
        var when = dayBefore ? "明天" : "一小时后";
        var text = toMediator
            ? $"【调解提醒】{when}（{When(b)}）在{b.Room}有一场{Specialties.Label(b.Specialty)}调解（预约号 {b.ShortNumber}），当事人：{Party(b)}。"
            : $"【调解提醒】{when}（{When(b)}）在{b.Room}调解（预约号 {b.ShortNumber}），调解员{mediator.Name}。如需改时间回复“改约调解”，取消回复“取消调解”。";
        return Notice("调解提醒", text, b);
    }

    public static OutboundText MovedNotice(MediationBooking b, DateTimeOffset formerStart, string by, bool toMediator) => Notice(
        "调解改期",
        $"【调解改期】预约号 {b.ShortNumber} 的调解已由{by}从 {When(formerStart, b.Minutes)} 改到 {When(b)}，地点{b.Room}。" + (toMediator ? $"当事人：{Party(b)}。" : string.Empty),
        b);

    public static OutboundText CancelledNotice(MediationBooking b, string by, bool toResident) => Notice(
        "调解取消",
        $"【调解取消】{When(b)} 的调解（预约号 {b.ShortNumber}）已由{by}取消。" + (toResident ? "如仍需调解，回复“预约调解”重新预约。" : string.Empty),
        b);

    public static OutboundText OutcomeToResident(MediationBooking b, Person mediator, bool success, Person? routedTo) => Notice(
        "调解结果",
        success
            ? $"【调解结果】预约号 {b.ShortNumber} 的调解已成功。调解员{mediator.Name}记录：{b.Note}\n谢谢您的理解和配合！"
            : $"【调解结果】预约号 {b.ShortNumber} 的调解这次没能达成一致。调解员{mediator.Name}记录：{b.Note}\n" +
              (routedTo is null ? "社区会继续跟进，有新情况会告诉您。" : $"已转交{routedTo.Name}继续跟进。"),
        b);

    public static OutboundText OutcomeToHandler(MediationBooking b, Person mediator, bool success) => Notice(
        "调解结果",
        $"【调解结果】工单 {Short(b.Ticket!)} 的调解（预约号 {b.ShortNumber}）{(success ? "已成功" : "未成功")}。调解员{mediator.Name}记录：{b.Note}" +
        (success ? string.Empty : "\n请继续跟进。"),
        b);

    /// <summary>余春生（退休法官）: the name, and the title when the directory gives one.</summary>
    public static string Name(Person mediator) => mediator.Title is { Length: > 0 } title ? $"{mediator.Name}（{title}）" : mediator.Name;

    private static string Party(MediationBooking b) => b.ResidentName is { Length: > 0 } name
        ? name + (b.ResidentPhone is { Length: > 0 } phone ? " " + phone : string.Empty)
        : "线上预约的居民";

    private static string Short(string ticket) => ticket.Length >= 4 ? ticket[^4..] : ticket;

    private static string Excerpt(string? text) => text is null ? string.Empty : text.Length <= 60 ? text : text[..60] + "…";

    private static OutboundText Notice(string title, string text, MediationBooking b) => new(text, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = title,
        ["text"] = text,
        ["number"] = b.ShortNumber,
        ["time"] = When(b),
        ["location"] = b.Room,
    });
}
