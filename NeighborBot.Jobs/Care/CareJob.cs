using Hangfire;
using NeighborBot.Care;

namespace NeighborBot.Jobs.Care;

/// <summary>
/// The festival care of the day (see <see cref="FestivalCare"/>), every morning at 08:00 China time. It
/// looks ahead and behind instead of one schedule per festival, and every message it queues has an id of
/// its own, so a retry, a second run or a run that makes up a missed morning sends nothing twice.
/// </summary>
internal sealed class CareJob(FestivalCare care)
{
    public const string Id = "festival-care";

    /// <summary>08:00 China time every day.</summary>
    public const string Cron = "0 8 * * *";

    /// <remarks>Retried: a failure half-way is made up by the same run again, which sends only what is missing.</remarks>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [60, 300, 900, 1800, 3600])]
    [Queue(JobsExtensions.Default)]
    public Task RunAsync(CancellationToken cancellationToken) => care.RunDayAsync(cancellationToken);
}
