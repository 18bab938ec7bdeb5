using System.Text.Json.Serialization;
using Cronos;

namespace NeighborBot.Broadcasts;

/// <summary>
/// When a broadcast goes: at one time (<see cref="At"/>), or on a cron expression read in China time
/// (<see cref="Cron"/>: five fields, or six with seconds first; parsed by Cronos, the parser Hangfire
/// uses). Neither means now. China has no daylight saving, so "0 9 * * 1" is every Monday 09:00 in
/// Beijing whatever the server's own zone.
/// </summary>
public sealed record BroadcastSchedule
{
    public DateTimeOffset? At { get; init; }

    public string? Cron { get; init; }

    /// <summary>Why the schedule cannot be used, or null.</summary>
    public string? Problem(DateTimeOffset now)
    {
        if (At is not null && Cron is not null)
        {
            return "Give the schedule either \"at\" or \"cron\", not both.";
        }

        if (Cron is { } cron)
        {
            if (Parse(cron) is not { } expression)
            {
                return $"\"{cron}\" is not a cron expression (five fields, e.g. \"0 9 * * 1\" for Mondays 09:00 China time, or six with seconds first).";
            }

            return expression.GetNextOccurrence(now, ChinaTime.Zone) is null ? $"\"{cron}\" never comes again." : null;
        }

        return At is { } at && at < now - PastTolerance ? "The time of the schedule has passed." : null;
    }

    /// <summary>A time this much in the past still counts as "now" (clocks and slow requests).</summary>
    public static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(1);

    /// <summary>When the first run is due, counting from <paramref name="now"/>; null when the schedule has no time to come.</summary>
    public DateTimeOffset? FirstRun(DateTimeOffset now) => Cron is { } cron
        ? Parse(cron)?.GetNextOccurrence(now, ChinaTime.Zone)
        : At is { } at ? (at < now ? now : at) : now;

    /// <summary>The occurrence after <paramref name="after"/> for a recurring schedule; null for one-off ones.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Cron is { } cron ? Parse(cron)?.GetNextOccurrence(after, ChinaTime.Zone) : null;

    [JsonIgnore]
    public bool IsNow => At is null && Cron is null;

    private static CronExpression? Parse(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.TryParse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var expression) ? expression : null;
    }
}
