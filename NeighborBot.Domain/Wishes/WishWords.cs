using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Care;

namespace NeighborBot.Wishes;

/// <summary>What a chat message asks of the wish board.</summary>
public abstract record WishCommand;

/// <summary><c>审核通过 0042 [what the board shows]</c>: the grid worker puts a wish ticket on the board.</summary>
public sealed record ApproveWish(string Number, string? Summary) : WishCommand;

/// <summary><c>心愿列表</c>: the open wishes.</summary>
public sealed record ListWishes : WishCommand;

/// <summary><c>我的心愿</c>: the wishes the person claimed, approved or did.</summary>
public sealed record MyWishes : WishCommand;

/// <summary><c>认领 0042</c>.</summary>
public sealed record ClaimWish(string Number) : WishCommand;

/// <summary><c>已完成 0042 [2小时] 轮椅坡道已装好</c>; <see cref="Minutes"/> null when no time was said.</summary>
public sealed record FulfilWish(string Number, int? Minutes, bool BadDuration, string? Note) : WishCommand;

public static partial class WishWords
{
    public const int MaxSummary = 80;
    public const int MaxNote = 200;

    /// <summary>The command the words give, or null when they are not the board's.</summary>
    public static WishCommand? Parse(string text)
    {
        var normal = Spaces().Replace(text.Normalize(NormalizationForm.FormKC), " ").Trim().TrimStart('#');
        if (normal is "心愿列表" or "心愿墙" or "微心愿" or "心愿清单")
        {
            return new ListWishes();
        }

        if (normal is "我的心愿" or "我认领的心愿")
        {
            return new MyWishes();
        }

        if (Approve().Match(normal) is { Success: true } approve)
        {
            return new ApproveWish(approve.Groups["n"].Value, Clip(approve.Groups["rest"].Value, MaxSummary));
        }

        if (Claim().Match(normal) is { Success: true } claim && claim.Groups["rest"].Value.Trim().Length == 0)
        {
            return new ClaimWish(claim.Groups["n"].Value);
        }

        if (Done().Match(normal) is { Success: true } done)
        {
            // The time and the note read as a visit's do (已走访 3-2-501 1.5小时 ...): the same words for the same hours.
            var visit = VisitWords.Parse("已走访 x " + done.Groups["rest"].Value);
            return new FulfilWish(done.Groups["n"].Value, visit?.Minutes, visit?.BadDuration ?? false, visit?.Note is { } note ? Clip(note, MaxNote) : null);
        }

        return null;
    }

    /// <summary>
    /// The resident's words made fit for the board when the grid worker gave none: phone numbers, rooms and
    /// units left out, the building kept, at most <see cref="MaxSummary"/> characters.
    /// </summary>
    public static string Summarize(string words)
    {
        var text = Phone().Replace(words, "");
        text = Room().Replace(text, "");
        text = Spaces().Replace(text, " ").Trim().Trim(',', '，', '。', ';', '；', '、', ' ');
        return Clip(text, MaxSummary) ?? "（待补充）";
    }

    private static string? Clip(string text, int max)
    {
        var trimmed = text.Trim().Trim(',', '，', ':', '：').Trim();
        return trimmed.Length == 0 ? null : trimmed[..Math.Min(trimmed.Length, max)];
    }

    [GeneratedRegex(@"^审核通过\s*(?:心愿)?\s*(?<n>\d{8}-\d{4}|\d{4})(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Approve();

    [GeneratedRegex(@"^认领\s*(?:心愿)?\s*(?<n>\d{8}-\d{4}|\d{4})(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Claim();

    [GeneratedRegex(@"^(?:已完成|心愿完成|完成心愿)\s*(?<n>\d{8}-\d{4}|\d{4})(?![\d-])(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Done();

    [GeneratedRegex(@"(?:\+?86[- ]?)?1\d{10}|\d{3,4}-?\d{7,8}|\d{7,}")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?:\d+|[一二两三四五六七八九十]+)\s*单元\s*(?:\d{3,4}\s*[室号]?)?|\d{3,4}\s*[室号]|(?<=号楼|栋|幢)\s*\d{3,4}|\b\d+-\d+-\d{3,4}\b")]
    private static partial Regex Room();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
