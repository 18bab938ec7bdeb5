using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Directory;

namespace NeighborBot.Conversations;

/// <summary>The few fixed commands residents type: 进度 / 我的工单, 取消 0042, 绑定 3-2-501, 退订 / 订阅.</summary>
internal static partial class ResidentCommands
{
    public abstract record Command;

    public sealed record Progress : Command;

    public sealed record Cancel(string Number) : Command;

    public sealed record Bind(string Household) : Command;

    /// <summary>退订 (<paramref name="Off"/>) or 订阅: the community's broadcasts, urgent warnings excepted.</summary>
    public sealed record Broadcasts(bool Off) : Command;

    /// <summary>A rating, 1 to 5, optionally naming the ticket ("满意 0042").</summary>
    public sealed record Rate(int Score, string? Number) : Command;

    private static readonly Dictionary<string, int> RatingWords = new(StringComparer.Ordinal)
    {
        ["满意"] = 5, ["很满意"] = 5, ["非常满意"] = 5, ["特别满意"] = 5, ["好评"] = 5, ["五星"] = 5, ["五分"] = 5, ["5分"] = 5, ["5"] = 5,
        ["比较满意"] = 4, ["基本满意"] = 4, ["还可以"] = 4, ["四分"] = 4, ["4分"] = 4, ["4"] = 4,
        ["一般"] = 3, ["还行"] = 3, ["凑合"] = 3, ["三分"] = 3, ["3分"] = 3, ["3"] = 3,
        ["不满意"] = 2, ["不太满意"] = 2, ["两分"] = 2, ["二分"] = 2, ["2分"] = 2, ["2"] = 2,
        ["很不满意"] = 1, ["非常不满意"] = 1, ["差评"] = 1, ["一分"] = 1, ["1分"] = 1, ["1"] = 1,
    };

    public static Command? Parse(string text)
    {
        var normal = Normalize(text);
        if (ProgressWords().IsMatch(normal))
        {
            return new Progress();
        }

        if (CancelTicket().Match(normal) is { Success: true } cancel)
        {
            return new Cancel(cancel.Groups[1].Value);
        }

        if (OptOutWords().IsMatch(normal) || OptInWords().IsMatch(normal))
        {
            return new Broadcasts(OptOutWords().IsMatch(normal));
        }

        if (BindHousehold().Match(normal) is { Success: true } bind)
        {
            return new Bind(bind.Groups[1].Value);
        }

        var rating = RatingWithNumber().Match(normal);
        var words = rating.Success ? rating.Groups["words"].Value : normal;
        return RatingWords.TryGetValue(words, out var score) ? new Rate(score, rating.Success && rating.Groups["n"].Success ? rating.Groups["n"].Value : null) : null;
    }

    /// <summary>A ticket number in the words (full, or its last four digits standing alone), or null.</summary>
    public static string? NumberIn(string text) =>
        TicketNumber().Match(Normalize(text)) is { Success: true } m ? m.Value : null;

    /// <summary>Full-width to half-width, no spaces or trailing punctuation: "取消　０04２。" reads as "取消0042".</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd('。', '.', '!', '！', '~', '～', '?', '？');
    }

    [GeneratedRegex("^(查?进度|查询进度|工单进度|我的工单|查工单|查询工单|我的报修)$")]
    private static partial Regex ProgressWords();

    [GeneratedRegex(@"^取消(?:工单)?#?(\d{8}-\d{4,5}|\d{4})$")]
    private static partial Regex CancelTicket();

    [GeneratedRegex(@"^(?:(?<n>\d{4}|\d{8}-\d{4,5})(?<words>\D.*)|(?<words>.*\D)(?<n>\d{4}|\d{8}-\d{4,5}))$")]
    private static partial Regex RatingWithNumber();

    [GeneratedRegex(@"(?<!\d)(\d{8}-\d{4,5}|\d{4})(?!\d)")]
    private static partial Regex TicketNumber();

    [GeneratedRegex("^(退订|取消订阅|退订通知|不再接收|不要再发)$")]
    private static partial Regex OptOutWords();

    [GeneratedRegex("^(订阅|重新订阅|恢复订阅|订阅通知|恢复接收)$")]
    private static partial Regex OptInWords();

    [GeneratedRegex("^绑定(?:住户|房屋|地址)?[:：]?(.+)$")]
    private static partial Regex BindHousehold();
}
