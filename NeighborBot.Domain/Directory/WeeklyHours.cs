using System.Globalization;
using System.Text.RegularExpressions;

namespace NeighborBot.Directory;

/// <summary>One of a mediator's weekly hours in China time: <c>Tue 09:00-11:30</c> (also <c>周二 09:00-11:30</c>).</summary>
public sealed partial record WeeklyHours(DayOfWeek Day, TimeOnly From, TimeOnly To)
{
    private static readonly string[] English = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Chinese = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    /// <summary>The hours written, or null when they cannot be read (or end before they start).</summary>
    public static WeeklyHours? Parse(string? text)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var dayWord = match.Groups["d"].Value;
        var day = Array.FindIndex(English, d => d.Equals(dayWord[..Math.Min(3, dayWord.Length)], StringComparison.OrdinalIgnoreCase));
        if (day < 0)
        {
            day = Array.IndexOf(Chinese, dayWord.Replace("星期", "周", StringComparison.Ordinal).Replace("周天", "周日", StringComparison.Ordinal));
        }

        if (day < 0
            || !TimeOnly.TryParseExact(match.Groups["f"].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(match.Groups["t"].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || to <= from)
        {
            return null;
        }

        return new WeeklyHours((DayOfWeek)day, from, to);
    }

    [GeneratedRegex(@"^(?<d>[A-Za-z]{3,9}|周[一二三四五六日天]|星期[一二三四五六日天])\s*(?<f>\d{1,2}:\d{2})\s*[-–~～至]\s*(?<t>\d{1,2}:\d{2})$")]
    private static partial Regex Pattern();
}
