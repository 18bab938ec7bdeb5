using System.Globalization;
using Microsoft.Extensions.Options;

namespace NeighborBot.Care;

/// <summary>One festival on its day. <see cref="Occurrence"/> names it in message ids and visit records: <c>2027-中秋</c>.</summary>
public sealed record Festival(string Name, DateOnly Date)
{
    public string Occurrence => $"{Date.Year.ToString("D4", CultureInfo.InvariantCulture)}-{Name}";

    public override string ToString() => $"{Name} {Date:yyyy-MM-dd}";
}

/// <summary>A festival of the Chinese lunisolar calendar: its day of a regular (never a leap) lunar month.</summary>
public sealed record LunarFestival(string Name, int Month, int Day);

/// <summary>
/// The festivals the community observes in a year: the lunar festivals of <c>Festivals:Names</c> computed with
/// <see cref="ChineseLunisolarCalendar"/>, and the community's own days of <c>Festivals:Extra</c>.
/// </summary>
public sealed class FestivalCalendar(IOptionsMonitor<FestivalOptions> options)
{
    /// <summary>The lunisolar calendar covers 1901-02-19 to 2101-01-28: the lunar years 1901 to 2100.</summary>
    public const int FirstYear = 1901;
    public const int LastYear = 2100;

    public static readonly IReadOnlyList<LunarFestival> Lunar =
    [
        new("春节", 1, 1),
        new("元宵", 1, 15),
        new("端午", 5, 5),
        new("七夕", 7, 7),
        new("中秋", 8, 15),
        new("重阳", 9, 9),
    ];

    private static readonly ChineseLunisolarCalendar Chinese = new();

    public static bool Supports(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>
    /// The Gregorian day of <paramref name="day"/> of the regular lunar month <paramref name="month"/> in the
    /// lunar year that starts in <paramref name="year"/>. In a leap year the calendar numbers months 1-13 and
    /// <see cref="Calendar.GetLeapMonth(int)"/> is the index of the leap month (the month after the one it
    /// repeats): regular months from there on have an index one higher.
    /// </summary>
    public static DateOnly LunarDate(int year, int month, int day)
    {
        var leap = Chinese.GetLeapMonth(year);
        var index = leap != 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Chinese.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    /// <summary>The festivals observed in <paramref name="year"/>, by date.</summary>
    public IReadOnlyList<Festival> In(int year)
    {
        if (!Supports(year))
        {
            return [];
        }

        var settings = options.CurrentValue;
        var lunar = Lunar.Where(f => settings.Observed.Contains(f.Name)).Select(f => new Festival(f.Name, LunarDate(year, f.Month, f.Day)));
        var extra = settings.Extra.Select(e => e.On(year) is { } date ? new Festival(e.Name, date) : null).OfType<Festival>();
        return [.. lunar.Concat(extra).OrderBy(f => f.Date).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The festivals of the years around <paramref name="day"/> (the one before, its own, the one after), by date.</summary>
    public IEnumerable<Festival> Around(DateOnly day) => In(day.Year - 1).Concat(In(day.Year)).Concat(In(day.Year + 1));

    /// <summary>The festival of that name in that year, or null.</summary>
    public Festival? Find(int year, string name) => In(year).FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// The festival whose visiting window (from <c>Festivals:RemindDaysBefore</c> days before to the day after)
    /// holds <paramref name="day"/>; the nearest one when two windows overlap; null outside every window.
    /// </summary>
    public Festival? Visiting(DateOnly day) => Around(day)
        .Where(f => InWindow(f, day))
        .OrderBy(f => Math.Abs(day.DayNumber - f.Date.DayNumber)).ThenBy(f => f.Date)
        .FirstOrDefault();

    /// <summary>The festival visited now, or else the next one: what a volunteer's 我的走访 is about.</summary>
    public Festival? Coming(DateOnly day) => Visiting(day) ?? Around(day).FirstOrDefault(f => f.Date > day);

    /// <summary>The first and last day on which a visit counts for the festival.</summary>
    public (DateOnly From, DateOnly To) Window(Festival festival) =>
        (festival.Date.AddDays(-options.CurrentValue.RemindDaysBefore), festival.Date.AddDays(1));

    private bool InWindow(Festival festival, DateOnly day) => Window(festival) is var (from, to) && day >= from && day <= to;
}
