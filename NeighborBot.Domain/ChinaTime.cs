namespace NeighborBot;

/// <summary>The community's clock: China Standard Time, UTC+8 all year (no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static DateTimeOffset Now(TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public static DateTimeOffset ToChina(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The day in China at <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(ToChina(at).DateTime);

    public static DateOnly Today(TimeProvider time) => DayOf(time.GetUtcNow());

    /// <summary>Midnight at the start of <paramref name="day"/> in China.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Zone.BaseUtcOffset);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // Images without tzdata: China has had no DST since 1991, so a fixed offset is exact.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
