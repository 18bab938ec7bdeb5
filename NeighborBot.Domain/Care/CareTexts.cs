using System.Globalization;
using System.Text;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Wording;

namespace NeighborBot.Care;

/// <summary>What volunteers, grid workers and residents are told about festival care and visits.</summary>
internal static class CareTexts
{
    public const string Example = "已走访 3-2-501 1.5小时 老人身体不错";

    /// <summary>Words in a visit's note that a grid worker should hear of.</summary>
    private static readonly string[] Worrying =
    [
        "不舒服", "生病", "病了", "住院", "摔", "跌倒", "头晕", "发烧", "疼", "痛", "没人应", "没人开门", "联系不上", "需要帮助", "有困难", "情绪不好", "不对劲",
    ];

    private static readonly string[] Weekdays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    /// <summary>中秋 → 中秋节; 春节 and the community's own days as they are.</summary>
    public static string Title(string festival) =>
        festival != "春节" && FestivalCalendar.Lunar.Any(f => f.Name == festival) ? festival + "节" : festival;

    public static string Day(DateOnly day) => $"{day.Month}月{day.Day}日（{Weekdays[(int)day.DayOfWeek]}）";

    /// <param name="daysBefore">Days until the festival (negative once it is past: an admin's late reminder).</param>
    public static OutboundText Reminder(Festival festival, IReadOnlyList<Household> homes, int daysBefore)
    {
        var when = daysBefore switch
        {
            < 0 => string.Empty,
            0 => "就是今天",
            1 => "就在明天",
            _ => $"还有{daysBefore}天",
        };
        var text = new StringBuilder($"【节日走访提醒】{Title(festival.Name)}{Day(festival.Date)}{when}，请抽空走访您结对的住户：\n");
        for (var i = 0; i < homes.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {Household(homes[i])}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"走访后回复“已走访 {homes[0].Id} 1.5小时 情况”登记，社区会记入您的志愿服务时长。回复“我的走访”查看还有谁没走访。");
        return Notice($"{Title(festival.Name)}走访提醒", text.ToString(), festival.Date);
    }

    public static OutboundText Greeting(Festival festival, string template, string community) => Notice(
        $"{Title(festival.Name)}问候",
        template.Replace("{festival}", Title(festival.Name), StringComparison.Ordinal).Replace("{community}", community, StringComparison.Ordinal),
        festival.Date,
        optOutHint: true);

    /// <param name="homes">The households of the worker's grids not visited, each with its paired volunteers.</param>
    public static OutboundText Unvisited(Festival festival, IReadOnlyList<(Household Home, IReadOnlyList<Person> Volunteers)> homes)
    {
        var text = new StringBuilder($"【节日走访】{Title(festival.Name)}{Day(festival.Date)}的走访，以下 {homes.Count} 户还没有登记，请今天安排走访或电话问候：\n");
        for (var i = 0; i < homes.Count; i++)
        {
            var (home, volunteers) = homes[i];
            var paired = volunteers.Count == 0 ? "无结对志愿者" : "结对志愿者：" + string.Join("、", volunteers.Select(v => v.Phone is { Length: > 0 } phone ? $"{v.Name} {phone}" : v.Name));
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {Household(home)}；{paired}\n");
        }

        text.Append("走访后回复“已走访 门牌 时长 情况”即可登记。");
        return Notice($"{Title(festival.Name)}未走访住户", text.ToString(), festival.Date);
    }

    public static OutboundText Concern(Person visitor, Household home, string note, DateOnly day) => Notice(
        "走访反馈",
        $"【走访反馈】{visitor.Name}走访{ResidentTexts.Address(home)}{(home.Contact is { Length: > 0 } contact ? $"（{contact}）" : string.Empty)}时反映：{note}\n请留意跟进。",
        day);

    public static bool IsWorrying(string? note) => note is not null && Worrying.Any(w => note.Contains(w, StringComparison.Ordinal));

    public static string Recorded(Household home, CareEntry entry, Festival? festival, bool paired, bool updated)
    {
        var text = new StringBuilder($"已记录走访：{ResidentTexts.Address(home)}");
        text.Append(entry.Minutes > 0 ? $"，{Hours(entry.Minutes)}小时" : string.Empty);
        text.Append(festival is null ? string.Empty : $"（{Title(festival.Name)}走访）");
        text.Append(updated ? "，已更新您今天对这一户的记录。" : "。谢谢您！");
        if (!paired)
        {
            text.Append("\n这一户不在您的结对名单里，已照常记录。");
        }

        if (entry.Minutes == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n还没有时长：回复“已走访 {home.Id} 1.5小时”补上，才能记入志愿服务时长。");
        }

        return text.ToString();
    }

    public const string OneToOneOnly = "走访登记和走访名单请在公众号里私信发送，不要发在群里。";

    public const string NotAVisitor = "走访登记只对志愿者和网格员开放。如需帮助，请直接说明情况。";

    public static string NoSuchHousehold(string written) => $"没有找到住户“{written}”。请写门牌，如：{Example}";

    public static string BadDuration(VisitCommand command) =>
        $"时长看起来不对（一次走访最多 {VisitWords.MaxMinutes / 60} 小时）。请重新发送，如：已走访 {command.Household} 1.5小时";

    /// <summary>我的走访: the festival, the person's households and who visited them, and their time this year.</summary>
    public static string Mine(Festival? festival, IReadOnlyList<(Household Home, bool Visited)> homes, int visitsThisYear, int minutesThisYear)
    {
        var text = new StringBuilder();
        if (homes.Count == 0)
        {
            text.Append("您还没有结对的住户。");
        }
        else
        {
            text.Append(festival is null ? "您结对的住户：\n" : $"{Title(festival.Name)}{Day(festival.Date)}走访情况：\n");
            foreach (var (home, visited) in homes)
            {
                text.Append(festival is null ? "· " : visited ? "✓ " : "○ ").Append(Household(home)).Append('\n');
            }

            if (festival is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"还有 {homes.Count(h => !h.Visited)} 户未走访（✓ 已走访，○ 未走访）。\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"今年您已登记走访 {visitsThisYear} 次，共 {Hours(minutesThisYear)} 小时。");
        return text.ToString();
    }

    /// <summary>Hours with at most two decimals: 90 minutes → 1.5.</summary>
    public static string Hours(int minutes) => Math.Round(minutes / 60m, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>王秀英 3号楼2单元501 电话13900000001（耳背）: what a visitor needs of a household.</summary>
    private static string Household(Household home)
    {
        var text = new StringBuilder();
        if (home.Contact is { Length: > 0 } contact)
        {
            text.Append(contact).Append(' ');
        }

        text.Append(ResidentTexts.Address(home));
        if (home.Phone is { Length: > 0 } phone)
        {
            text.Append(" 电话").Append(phone);
        }

        if (home.Note is { Length: > 0 } note)
        {
            text.Append('（').Append(note).Append('）');
        }

        return text.ToString();
    }

    private static OutboundText Notice(string title, string text, DateOnly day, bool optOutHint = false)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = title,
            ["text"] = text,
            ["time"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return new OutboundText(optOutHint ? $"【{title}】\n{text}\n{Broadcasts.RunMessage.OptOutHint}" : text, fields);
    }
}
