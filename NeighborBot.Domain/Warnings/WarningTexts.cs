using System.Globalization;
using System.Text;
using NeighborBot.Directory;

namespace NeighborBot.Warnings;

/// <summary>What people are told of a flood warning: everyone its notice, volunteers their households, workers and leaders what is still unconfirmed.</summary>
internal static class WarningTexts
{
    public static string Title(Warning w) => Clip(w.Title, 60);

    /// <summary>The notice of a version: what the feed says, then what to do, the shelter and the duty phone.</summary>
    public static string Notice(Warning w, WarningOptions options)
    {
        var text = new StringBuilder();
        if (w.Status == WarningStatus.Cancelled)
        {
            text.Append(CultureInfo.InvariantCulture, $"{w.Title} 已解除。感谢大家的配合，请注意返家安全，发现积水、漏电请联系网格员。");
            return text.ToString();
        }

        text.Append(Clip(w.Text, 260));
        if (w.Instruction is { Length: > 0 } instruction)
        {
            text.Append('\n').Append(Clip(instruction, 120));
        }

        text.Append('\n').Append(options.Guidance);
        if (options.Shelter is { Length: > 0 } shelter)
        {
            text.Append("\n避险安置点：").Append(shelter);
        }

        if (options.DutyPhone is { Length: > 0 } phone)
        {
            text.Append("\n值班电话：").Append(phone);
        }

        return Clip(text.ToString(), 590);
    }

    /// <summary>A volunteer's (or grid worker's) households to check or move, each with who lives there, the phone and the note.</summary>
    public static string Transfers(Warning w, IEnumerable<HouseholdCheck> checks, DirectorySnapshot snapshot, WarningOptions options)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"【{Title(w)}】请马上联系并帮助以下住户，必要时转移到安全地方：");
        foreach (var check in checks)
        {
            text.Append('\n').Append(Household(check.Household, snapshot));
        }

        text.Append("\n确认后请回复：已转移 3-2-501 ／ 已联系 3-2-501 不需要转移 ／ 联系不上 3-2-501（换成住户的门牌）；回复“转移名单”再看一遍。");
        if (options.Shelter is { Length: > 0 } shelter)
        {
            text.Append("\n避险安置点：").Append(shelter);
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{(int)options.ConfirmWithin.TotalMinutes} 分钟内没有确认的住户会交给网格员。");
        return text.ToString();
    }

    /// <summary>Households still unconfirmed, for the grid worker (stage 1) or the grid leader (stage 2).</summary>
    public static string Unconfirmed(Warning w, IEnumerable<HouseholdCheck> checks, DirectorySnapshot snapshot, int stage)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"【{Title(w)}】以下住户{(stage == 1 ? "还没有志愿者确认转移" : "仍未确认转移，网格员也未确认")}，请马上联系：");
        foreach (var check in checks)
        {
            var volunteers = string.Join('、', check.Volunteers.Select(id => snapshot.Person(id)?.Name ?? id));
            text.Append('\n').Append(Household(check.Household, snapshot))
                .Append(check.State == CheckState.Unreachable ? "（联系不上）" : string.Empty)
                .Append(volunteers.Length > 0 ? $"（结对志愿者：{volunteers}）" : string.Empty);
        }

        text.Append("\n确认后请回复：已转移 3-2-501 ／ 已联系 3-2-501 不需要转移。");
        return text.ToString();
    }

    /// <summary>The grid worker hears at once of a household nobody could reach.</summary>
    public static string Unreachable(Warning w, HouseholdCheck check, Person by, DirectorySnapshot snapshot) =>
        $"【{Title(w)}】{by.Name}联系不上 {Household(check.Household, snapshot)}{(check.Note is { Length: > 0 } note ? "：" + note : string.Empty)}，请马上想办法联系或上门。";

    /// <summary>Those a household had been escalated to hear that it was confirmed after all.</summary>
    public static string ConfirmedLate(Warning w, HouseholdCheck check, Person by) =>
        $"【{Title(w)}】{Address(check.Household)} 已由{by.Name}确认：{State(check.State)}{(check.Note is { Length: > 0 } note ? "（" + note + "）" : string.Empty)}。";

    /// <summary>Volunteers with households still pending hear that the warning is over.</summary>
    public static string Lifted(Warning w) => $"【{Title(w)}】预警已解除，不需要再转移。谢谢您！";

    public static string Recorded(Warning w, HouseholdCheck check, IReadOnlyList<HouseholdCheck> stillMine, DirectorySnapshot snapshot)
    {
        var text = new StringBuilder($"已记录：{Address(check.Household)} {State(check.State)}（{Title(w)}）。");
        if (check.State == CheckState.Unreachable)
        {
            text.Append("已告诉网格员。");
        }

        if (stillMine.Count == 0)
        {
            text.Append("您的住户都已确认，谢谢！");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"您还有 {stillMine.Count} 户待确认：");
        foreach (var other in stillMine)
        {
            text.Append('\n').Append(Household(other.Household, snapshot));
        }

        return text.ToString();
    }

    public const string NoActiveTransfers = "现在没有需要确认转移的预警。";

    public const string AllConfirmed = "您负责的住户都已确认，谢谢！";

    public static string NotOnList(string household) => $"{Address(household)} 不在当前预警的转移名单里。请核对门牌（如 3-2-501），或联系网格员。";

    public const string ListOneToOne = "名单里有住户的电话和门牌，请私信公众号回复“转移名单”查看。";

    public const string RecordedInGroup = "已记录，谢谢！";

    public const string WhichHousehold = "请写上住户的门牌，如：已转移 3-2-501。";

    public static string State(CheckState state) => state switch
    {
        CheckState.Moved => "已转移",
        CheckState.Safe => "已联系，不需要转移",
        CheckState.Unreachable => "联系不上",
        _ => "待确认",
    };

    /// <summary>3-2-501 → 3号楼2单元501.</summary>
    public static string Address(string household) =>
        household.Split('-') is [var b, var u, var r] ? $"{b}号楼{u}单元{r}" : household;

    private static string Household(string id, DirectorySnapshot snapshot)
    {
        var home = snapshot.Household(id);
        var text = new StringBuilder(Address(id));
        if (home?.Contact is { } contact)
        {
            text.Append(' ').Append(contact);
        }

        if (home?.Phone is { } phone)
        {
            text.Append(' ').Append(phone);
        }

        if (home?.Note is { } note)
        {
            text.Append('（').Append(note).Append('）');
        }

        return text.ToString();
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
