using System.Text.RegularExpressions;

namespace NeighborBot.Mediation;

/// <summary>What a mediator records after a meeting: <c>调解成功 0042 双方同意…</c> or <c>调解未成功 0042 …</c>.</summary>
public sealed record OutcomeCommand(bool Success, string Number, string Note);

/// <summary>
/// The words of mediation in chat. Residents: <c>预约调解</c> (or any request to mediate: <c>想找人调解一下</c>),
/// <c>我的调解</c>, <c>改约调解</c>, <c>取消调解</c>. Mediators: <c>调解成功 0042 …</c>, <c>调解未成功 0042 …</c>,
/// <c>我的调解</c>, <c>改约 0042</c>, <c>取消调解 0042</c>. A number is a booking's (or its ticket's) last four digits or in full.
/// </summary>
public static partial class MediationWords
{
    public static OutcomeCommand? Outcome(string text) => OutcomePattern().Match(Normalize(text)) is { Success: true } m
        ? new OutcomeCommand(m.Groups["v"].Value == "成功", m.Groups["n"].Value, m.Groups["note"].Value.Trim().TrimStart(',', '，', ':', '：').Trim())
        : null;

    /// <summary><c>取消调解</c> with the number or without it (null); not a cancel: false.</summary>
    public static bool IsCancel(string text, out string? number) => Matched(CancelPattern(), text, out number);

    public static bool IsMove(string text, out string? number) => Matched(MovePattern(), text, out number);

    public static bool IsMine(string text) => Normalize(text) is "我的调解" or "调解预约" or "我的调解预约" or "调解安排" or "查看调解";

    /// <summary>
    /// A request to be mediated: 调解 with a word of asking (预约调解, 想找人调解一下, 申请调解, 能帮我们调解吗), short and on its own.
    /// A longer message that tells the dispute too is a report (its ticket offers mediation), and a worker's command
    /// (<c>接单 0042 请他们到调解室坐坐</c>) is the worker's.
    /// </summary>
    public static bool IsRequest(string text)
    {
        var normal = Normalize(text);
        return normal.Length <= MaxRequest && Conversations.StaffResponder.Parse(normal) is null
            && normal.Replace("调解室", string.Empty, StringComparison.Ordinal).Contains("调解", StringComparison.Ordinal)
            && Outcome(normal) is null && !IsCancel(normal, out _) && !IsMove(normal, out _) && !IsMine(normal)
            && Asking.Any(w => normal.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>A numbered choice (<c>2</c>, <c>第2个</c>); 0 for none of them; null when not a number.</summary>
    public static int? Choice(string text) => ChoicePattern().Match(Normalize(text)) is { Success: true } m && int.TryParse(m.Groups["n"].Value, out var n) ? n
        : Normalize(text) is "都不行" or "都不合适" or "算了" or "不约了" or "不用了" ? 0
        : null;

    private const int MaxRequest = 24;

    private static readonly string[] Asking = ["预约", "约", "找", "申请", "想", "帮", "需要", "请", "要"];

    private static bool Matched(Regex pattern, string text, out string? number)
    {
        var m = pattern.Match(Normalize(text));
        number = m.Success && m.Groups["n"].Success && m.Groups["n"].Value.Length > 0 ? m.Groups["n"].Value : null;
        return m.Success;
    }

    private static string Normalize(string text) => text.Trim().Replace('　', ' ').TrimEnd('。', '.', '!', '！');

    [GeneratedRegex(@"^调解(?<v>成功|未成功|不成功|失败|没成功)\s*[:：]?\s*(?<n>[Mm]\d{4,}|\d{8}-\d{4}|\d{4})(?!\d)\s*(?<note>.*)$", RegexOptions.Singleline)]
    private static partial Regex OutcomePattern();

    [GeneratedRegex(@"^取消(调解预约|调解|预约)\s*(?<n>[Mm]\d{4,}|\d{8}-\d{4}|\d{4})?$")]
    private static partial Regex CancelPattern();

    [GeneratedRegex(@"^(改约调解|调解改约|调解改期|改约|改期)\s*(?<n>[Mm]\d{4,}|\d{8}-\d{4}|\d{4})?$")]
    private static partial Regex MovePattern();

    [GeneratedRegex(@"^第?\s*(?<n>\d)\s*(个|号)?$")]
    private static partial Regex ChoicePattern();
}
