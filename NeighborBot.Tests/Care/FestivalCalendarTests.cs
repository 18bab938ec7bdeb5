using System.Globalization;
using Microsoft.Extensions.Options;
using NeighborBot.Care;

namespace NeighborBot.Tests.Care;

/// <summary>Festival days from the Chinese lunisolar calendar, checked against the published calendar, and the festivals a community observes.</summary>
public sealed class FestivalCalendarTests
{
    /// <summary>
    /// 春节 元宵 端午 七夕 中秋 重阳 of 2024-2035 as the published Chinese calendar gives them (checked
    /// independently with the lunar-javascript library). Leap months: 2025 闰六月, 2028 闰五月, 2031 闰三月,
    /// 2033 闰十一月 (festivals after the leap month fall a month later than the month's number says).
    /// </summary>
    public static readonly TheoryData<int, string, string, string, string, string, string> Published = new()
    {
        { 2024, "02-10", "02-24", "06-10", "08-10", "09-17", "10-11" },
        { 2025, "01-29", "02-12", "05-31", "08-29", "10-06", "10-29" },
        { 2026, "02-17", "03-03", "06-19", "08-19", "09-25", "10-18" },
        { 2027, "02-06", "02-20", "06-09", "08-08", "09-15", "10-08" },
        { 2028, "01-26", "02-09", "05-28", "08-26", "10-03", "10-26" },
        { 2029, "02-13", "02-27", "06-16", "08-16", "09-22", "10-16" },
        { 2030, "02-03", "02-17", "06-05", "08-05", "09-12", "10-05" },
        { 2031, "01-23", "02-06", "06-24", "08-24", "10-01", "10-24" },
        { 2032, "02-11", "02-25", "06-12", "08-12", "09-19", "10-12" },
        { 2033, "01-31", "02-14", "06-01", "08-01", "09-08", "10-01" },
        { 2034, "02-19", "03-05", "06-20", "08-20", "09-27", "10-20" },
        { 2035, "02-08", "02-22", "06-10", "08-10", "09-16", "10-09" },
    };

    private static FestivalCalendar Calendar(FestivalOptions? options = null) =>
        new(new StaticOptions(options ?? new FestivalOptions()));

    private static DateOnly Day(int year, string monthDay) =>
        DateOnly.ParseExact($"{year}-{monthDay}", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Published))]
    public void Every_lunar_festival_falls_on_the_day_of_the_published_calendar(int year, string spring, string lantern, string dragonBoat, string qixi, string midAutumn, string doubleNinth)
    {
        var all = new FestivalOptions { Names = ["春节", "元宵", "端午", "七夕", "中秋", "重阳"] };

        var days = Calendar(all).In(year).ToDictionary(f => f.Name, f => f.Date);

        Assert.Equal(
            [Day(year, spring), Day(year, lantern), Day(year, dragonBoat), Day(year, qixi), Day(year, midAutumn), Day(year, doubleNinth)],
            [days["春节"], days["元宵"], days["端午"], days["七夕"], days["中秋"], days["重阳"]]);
    }

    [Theory]
    [InlineData(2025, 6)]
    [InlineData(2028, 5)]
    [InlineData(2031, 3)]
    [InlineData(2033, 11)]
    public void Leap_months_repeat_the_month_the_published_calendar_says(int year, int repeated)
    {
        var chinese = new ChineseLunisolarCalendar();

        // The leap month's index is the month after the one it repeats.
        Assert.Equal(repeated + 1, chinese.GetLeapMonth(year));
        Assert.True(chinese.IsLeapMonth(year, repeated + 1));
    }

    [Fact]
    public void A_festival_after_a_leap_month_is_counted_in_regular_months()
    {
        // 2028 has a leap fifth month: 中秋 (八月十五) is the ninth month of the year by index.
        Assert.Equal(new DateOnly(2028, 10, 3), FestivalCalendar.LunarDate(2028, 8, 15));
        Assert.Equal(new DateOnly(2028, 5, 28), FestivalCalendar.LunarDate(2028, 5, 5));

        // Before the leap month nothing moves: 2025's 端午 (五月初五) comes before its 闰六月.
        Assert.Equal(new DateOnly(2025, 5, 31), FestivalCalendar.LunarDate(2025, 5, 5));
        Assert.Equal(new DateOnly(2025, 10, 6), FestivalCalendar.LunarDate(2025, 8, 15));
    }

    [Fact]
    public void By_default_qixi_is_left_out_and_the_year_is_in_date_order()
    {
        var festivals = Calendar().In(2027);

        Assert.Equal(["春节", "元宵", "端午", "中秋", "重阳"], festivals.Select(f => f.Name));
        Assert.Equal(festivals.OrderBy(f => f.Date), festivals);
        Assert.Equal("2027-中秋", festivals.Single(f => f.Name == "中秋").Occurrence);
    }

    [Fact]
    public void The_communitys_own_days_come_every_year_or_once()
    {
        var options = new FestivalOptions
        {
            Extra = [new ExtraFestival { Name = "邻里节", Date = "05-20" }, new ExtraFestival { Name = "建社十周年", Date = "2027-11-11" }, new ExtraFestival { Name = "闰日", Date = "02-29" }],
        };

        var y2027 = Calendar(options).In(2027).Select(f => f.ToString());
        var y2028 = Calendar(options).In(2028).Select(f => f.ToString());

        Assert.Equal(["春节 2027-02-06", "元宵 2027-02-20", "邻里节 2027-05-20", "端午 2027-06-09", "中秋 2027-09-15", "重阳 2027-10-08", "建社十周年 2027-11-11"], y2027);
        Assert.Contains("闰日 2028-02-29", y2028);
        Assert.DoesNotContain(y2028, f => f.StartsWith("建社十周年", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1900, false)]
    [InlineData(1901, true)]
    [InlineData(2100, true)]
    [InlineData(2101, false)]
    public void The_calendar_covers_1901_to_2100(int year, bool covered)
    {
        Assert.Equal(covered, FestivalCalendar.Supports(year));
        Assert.Equal(covered, Calendar().In(year).Count > 0);
    }

    [Theory]
    [InlineData("2027-09-11", null)]
    [InlineData("2027-09-12", "2027-中秋")]
    [InlineData("2027-09-15", "2027-中秋")]
    [InlineData("2027-09-16", "2027-中秋")]
    [InlineData("2027-09-17", null)]
    [InlineData("2028-01-23", "2028-春节")]
    public void A_visit_counts_for_the_festival_from_the_reminder_to_the_day_after(string day, string? occurrence)
    {
        Assert.Equal(occurrence, Calendar().Visiting(DateOnly.Parse(day, CultureInfo.InvariantCulture))?.Occurrence);
    }

    private sealed class StaticOptions(FestivalOptions value) : IOptionsMonitor<FestivalOptions>
    {
        public FestivalOptions CurrentValue => value;

        public FestivalOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<FestivalOptions, string?> listener) => null;
    }
}
