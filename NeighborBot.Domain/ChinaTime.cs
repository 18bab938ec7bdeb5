namespace NeighborBot;

/// <summary>The community's clock: China Standard Time, UTC+8 all year (no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static DateTimeOffset Now(TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public static DateTimeOffset ToChina(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

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
