using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Intake;

namespace NeighborBot.Care;

/// <summary>
/// A visit as a volunteer confirms it in chat: <c>已走访 3-2-501 1.5小时 老人身体不错</c>. The household is its
/// id or its address (<c>3号楼2单元501</c>), the space after 已走访 may be left out, the time may be
/// <c>1.5小时</c>, <c>90分钟</c>, <c>半小时</c>, <c>一个半小时</c>, <c>1小时20分</c>, or missing (null);
/// what is left is the note.
/// </summary>
/// <param name="Household">The household as written: an id, or the address's own words.</param>
/// <param name="Address">Building, unit and room, when the words read as an address (<c>3号楼2单元501</c> or <c>3-2-501</c>).</param>
/// <param name="Minutes">How long, when said.</param>
/// <param name="BadDuration">A time was said but cannot be a visit's (none, or more than <see cref="VisitWords.MaxMinutes"/>).</param>
public sealed record VisitCommand(string Household, (int Building, int Unit, string Room)? Address, int? Minutes, bool BadDuration, string? Note);

public static partial class VisitWords
{
    /// <summary>A visit longer than 12 hours is a typing slip.</summary>
    public const int MaxMinutes = 12 * 60;

    public const int MaxNote = 200;

    /// <summary>What a volunteer writes to see their households and who still waits for a visit.</summary>
    public static bool IsMyVisits(string text) => Normalize(text) is "我的走访" or "走访名单" or "我的结对" or "结对名单" or "走访情况";

    /// <summary>The visit confirmed by the words, or null when they are not a confirmation.</summary>
    public static VisitCommand? Parse(string text)
    {
        var normal = Normalize(text);
        var verb = Verb().Match(normal);
        if (!verb.Success)
        {
            return null;
        }

        var rest = normal[verb.Length..].TrimStart();
        string household;
        (int, int, string)? address = null;
        var written = Address().Match(rest);
        if (written.Success)
        {
            household = written.Value.Trim();
            address = (Number(written.Groups["b"].Value), Number(written.Groups["u"].Value), written.Groups["r"].Value);
        }
        else
        {
            household = Token().Match(rest).Value;
            if (household.Length == 0)
            {
                return null;
            }

            if (Dashed().Match(household) is { Success: true } dashed)
            {
                address = (Number(dashed.Groups["b"].Value), Number(dashed.Groups["u"].Value), dashed.Groups["r"].Value);
            }
        }

        rest = rest[household.Length..];
        household = household.TrimEnd('室', '号');
        int? minutes = null;
        var bad = false;
        var said = Duration().Match(rest);
        if (said.Success && Minutes(said) is var counted and not null)
        {
            minutes = counted;
            bad = counted is <= 0 or > MaxMinutes;
            rest = rest.Remove(said.Index, said.Length);
        }

        var note = rest.Trim().Trim(',', '，', '。', ';', '；', '、', '.').Trim();
        return new VisitCommand(household, address, bad ? null : minutes, bad, note.Length == 0 ? null : note[..Math.Min(note.Length, MaxNote)]);
    }

    /// <summary>Minutes of a matched duration, or null when it names no amount ("小时" alone).</summary>
    private static int? Minutes(Match said)
    {
        var hours = said.Groups["h"];
        var half = said.Groups["half"].Success;
        if (said.Groups["m"].Success)
        {
            return Number(said.Groups["m"].Value);
        }

        if (!hours.Success && !half)
        {
            return null;
        }

        var whole = hours.Success
            ? decimal.TryParse(hours.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var arabic) ? arabic : Number(hours.Value)
            : 0m;
        var extra = said.Groups["hm"].Success ? Number(said.Groups["hm"].Value) : 0;
        return (int)Math.Round((whole * 60) + (half ? 30 : 0) + extra, MidpointRounding.AwayFromZero);
    }

    private static int Number(string digits) => ChineseNumerals.ParseNumber(digits) ?? -1;

    /// <summary>Full-width to half-width (１．５小时 → 1.5小时), single spaces.</summary>
    private static string Normalize(string text) => Spaces().Replace(text.Normalize(NormalizationForm.FormKC), " ").Trim();

    [GeneratedRegex(@"^#?(?:已走访|已探访|已看望)")]
    private static partial Regex Verb();

    [GeneratedRegex(@"^(?<b>\d+|[一二两三四五六七八九十]+)\s*(?:号楼|栋|幢|#)\s*(?<u>\d+|[一二两三四五六七八九十]+)\s*单元\s*(?<r>\d{3,4})\s*(?:室|号)?")]
    private static partial Regex Address();

    [GeneratedRegex(@"^[^\s,，。;；、]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(?<b>\d+)-(?<u>\d+)-(?<r>\d{3,4})室?$")]
    private static partial Regex Dashed();

    [GeneratedRegex(@"(?<h>\d+(?:\.\d+)?|[零一二两三四五六七八九十]+)?\s*个?\s*(?<half>半)?\s*个?\s*(?:小时|钟头|(?<![A-Za-z])[hH](?![A-Za-z]))(?:\s*(?<hm>\d+|[一二三四五六七八九十]+)\s*分钟?)?|(?<m>\d+|[一二三四五六七八九十]+)\s*分钟")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
