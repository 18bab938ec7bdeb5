using System.Globalization;
using System.Text;
using NeighborBot.Care;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Wishes;

/// <summary>What grid workers, volunteers and residents are told about micro-wishes.</summary>
internal static class WishTexts
{
    public const string OneToOneOnly = "微心愿的审核、认领和完成请在公众号里私信发送，不要发在群里。";

    public const string NotAVolunteer = "微心愿只能由志愿者和党员认领。想成为志愿者，请联系社区或网格员登记。";

    public const string NotApprover = "微心愿由所在网格的网格员或网格长审核。";

    public static string NoSuchTicket(string number) => $"没有找到工单 {number}。请写工单号，如：审核通过 0042";

    public static string NotAWish(Ticket t) => $"工单 {t.ShortNumber} 是“{Intake.IntakeCategories.Label(t.Category)}”，不是微心愿，不能上心愿墙。";

    public static string NotYourGrid(Ticket t) => $"工单 {t.ShortNumber} 不在您负责的网格，由所在网格的网格员审核。";

    public static string TicketClosed(Ticket t) => $"工单 {t.ShortNumber} {ResidentTexts.Status(t.Status)}，不能再上心愿墙。";

    public static string Approved(Wish w, bool already) =>
        (already ? $"心愿 {w.ShortNumber} 已经在心愿墙上了。" : $"心愿 {w.ShortNumber} 已审核通过，上了心愿墙，志愿者和党员可以认领。")
        + $"\n墙上显示：{Board(w)}\n（住户的姓名、电话和门牌只告诉认领的人。要改显示的内容，回复“审核通过 {w.ShortNumber} 新的描述”。）";

    public static string SummaryChanged(Wish w) => $"心愿 {w.ShortNumber} 在墙上的描述已改为：{Board(w)}";

    public static string NoSuchWish(string number) => $"没有找到心愿 {number}。回复“心愿列表”查看可以认领的心愿。";

    public static string TakenByOther(Wish w) => $"心愿 {w.ShortNumber} 已经被其他志愿者认领了，谢谢您！回复“心愿列表”看看别的心愿。";

    public static string Withdrawn(Wish w) => $"心愿 {w.ShortNumber} 已经撤下了（住户取消或社区已处理），谢谢您！回复“心愿列表”看看别的心愿。";

    public static string AlreadyDone(Wish w) => $"心愿 {w.ShortNumber} 已经完成了，谢谢您！回复“心愿列表”看看别的心愿。";

    public static string NotYours(Wish w) => $"心愿 {w.ShortNumber} 不是您认领的。先回复“认领 {w.ShortNumber}”（要在墙上才能认领）。";

    public static string NotClaimed(Wish w) => $"心愿 {w.ShortNumber} 还没有人认领。先回复“认领 {w.ShortNumber}”，完成后再回复“已完成 {w.ShortNumber} 情况”。";

    public static string BadDuration(Wish w) => $"时长看起来不对（一次最多 {VisitWords.MaxMinutes / 60} 小时）。请重新发送，如：已完成 {w.ShortNumber} 2小时 轮椅坡道已装好";

    public static string NoNote(Wish w) => $"请写上完成的情况，如：已完成 {w.ShortNumber} 2小时 轮椅坡道已装好";

    /// <summary>What the volunteer who claimed a wish needs: who, where, how to reach them, what they asked, by when.</summary>
    public static string Claimed(Wish w, Ticket t, Household? home, Person? approver)
    {
        var text = new StringBuilder($"您已认领心愿 {w.ShortNumber}：{w.Summary}\n");
        text.Append("住户：");
        if (home is not null)
        {
            text.Append(home.Contact is { Length: > 0 } contact ? contact + " " : string.Empty).Append(ResidentTexts.Address(home));
            text.Append(home.Phone is { Length: > 0 } phone ? " 电话" + phone : string.Empty);
            text.Append(home.Note is { Length: > 0 } note ? $"（{note}）" : string.Empty);
        }
        else
        {
            text.Append(ResidentTexts.Where(t.Location));
        }

        text.Append(CultureInfo.InvariantCulture, $"\n住户原话：{t.Text}\n");
        if (approver is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"网格员：{approver.Name}{(approver.Phone is { Length: > 0 } p ? " " + p : string.Empty)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"请在{When(w.ClaimedUntil!.Value)}前完成，到期未完成会回到心愿墙。完成后回复“已完成 {w.ShortNumber} 2小时 情况”，再发一张照片。");
        return text.ToString();
    }

    public static OutboundText ClaimedForWorker(Wish w, Person volunteer) => Notice(w, "心愿已认领",
        $"【微心愿】心愿 {w.ShortNumber}（{w.Summary}）已由{Who(volunteer)}认领，{When(w.ClaimedUntil!.Value)}前完成。", "已认领");

    public static OutboundText ClaimedForResident(Wish w, Person volunteer) => Notice(w, "心愿已认领",
        $"您的心愿 {w.ShortNumber} 已由{Kind(volunteer)}{volunteer.Name}认领，会尽快和您联系。", "已认领");

    public static OutboundText ReturnedForVolunteer(Wish w) => Notice(w, "心愿认领已到期",
        $"【微心愿】您认领的心愿 {w.ShortNumber}（{w.Summary}）到期还没有完成，已回到心愿墙，其他志愿者可以认领。如果还想做，请回复“认领 {w.ShortNumber}”再认领一次（要是还没被别人认领）。", "已退回");

    public static OutboundText ReturnedForWorker(Wish w, Person? volunteer) => Notice(w, "心愿认领已到期",
        $"【微心愿】心愿 {w.ShortNumber}（{w.Summary}）{(volunteer is null ? string.Empty : "由" + Who(volunteer))}认领后到期未完成，已回到心愿墙。", "已退回");

    public static OutboundText DoneForWorker(Wish w, Person volunteer) => Notice(w, "心愿已完成",
        $"【微心愿】心愿 {w.ShortNumber}（{w.Summary}）已由{Who(volunteer)}完成：{w.DoneNote}（{CareTexts.Hours(w.Minutes)}小时）。已请住户确认评价。", "已完成");

    /// <summary>The note the ticket is resolved with: the resident reads it and is asked to confirm and rate.</summary>
    public static string ResolveNote(Wish w, Person volunteer) => $"{Kind(volunteer)}{volunteer.Name}已帮您完成心愿：{w.DoneNote}。如果满意，也请说声谢谢";

    public static string Done(Wish w, bool already) =>
        (already ? $"心愿 {w.ShortNumber} 已经登记完成。" : $"心愿 {w.ShortNumber} 已登记完成，谢谢您！")
        + $"记入志愿服务时长 {CareTexts.Hours(w.Minutes)} 小时。已请住户确认评价。"
        + (w.Photo is null ? "\n方便的话，现在发一张照片，会附在这个心愿上。" : string.Empty);

    public static string PhotoKept(Wish w) => $"照片已收到，附在心愿 {w.ShortNumber} 上了。";

    /// <summary>心愿列表: the open wishes, as the board shows them.</summary>
    public static string List(IReadOnlyList<Wish> open, bool mayClaim)
    {
        if (open.Count == 0)
        {
            return "心愿墙上暂时没有待认领的心愿。";
        }

        var text = new StringBuilder($"心愿墙上有 {open.Count} 个待认领的心愿：\n");
        foreach (var w in open.Take(20))
        {
            text.Append(w.ShortNumber).Append(' ').Append(Board(w)).Append('\n');
        }

        text.Append(mayClaim ? "回复“认领 编号”认领，如：认领 " + open[0].ShortNumber : "志愿者和党员可以认领。");
        return text.ToString();
    }

    /// <summary>我的心愿: what the person holds, did, and (a grid worker) approved and is still open.</summary>
    public static string Mine(IReadOnlyList<Wish> claimed, IReadOnlyList<Wish> done, IReadOnlyList<Wish> approved)
    {
        if (claimed.Count + done.Count + approved.Count == 0)
        {
            return "您还没有认领过心愿。回复“心愿列表”查看可以认领的心愿。";
        }

        var text = new StringBuilder();
        if (claimed.Count > 0)
        {
            text.Append("您认领、还没完成的心愿：\n");
            foreach (var w in claimed)
            {
                text.Append(CultureInfo.InvariantCulture, $"{w.ShortNumber} {Board(w)}，{When(w.ClaimedUntil!.Value)}前完成\n");
            }
        }

        if (done.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"您已完成 {done.Count} 个心愿，共 {CareTexts.Hours(done.Sum(w => w.Minutes))} 小时。\n");
        }

        if (approved.Count > 0)
        {
            text.Append("您审核的心愿：\n");
            foreach (var w in approved)
            {
                text.Append(CultureInfo.InvariantCulture, $"{w.ShortNumber} {Board(w)}（{State(w.State)}）\n");
            }
        }

        return text.ToString().TrimEnd();
    }

    public static string State(WishState state) => state switch
    {
        WishState.Open => "待认领",
        WishState.Claimed => "已认领",
        _ => "已完成",
    };

    /// <summary>The board's line: the building, if known, and the description.</summary>
    public static string Board(Wish w) => (w.Building is { } b ? $"{b}号楼 " : string.Empty) + w.Summary;

    public static string When(DateTimeOffset at) => ChinaTime.ToChina(at).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);

    private static string Who(Person p) => $"{Kind(p)}{p.Name}{(p.Phone is { Length: > 0 } phone ? $"（{phone}）" : string.Empty)}";

    /// <summary>How the resident and the grid worker know who claimed: a party member who is no volunteer is 党员.</summary>
    private static string Kind(Person p) => p.Has(Role.PartyMember) && !p.Has(Role.Volunteer) ? "党员" : "志愿者";

    private static OutboundText Notice(Wish w, string title, string text, string status) => new(text, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = title,
        ["number"] = w.Number,
        ["category"] = "微心愿",
        ["status"] = status,
        ["text"] = text,
    });
}
