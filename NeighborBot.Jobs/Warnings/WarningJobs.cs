using Hangfire;
using NeighborBot.Warnings;

namespace NeighborBot.Jobs.Warnings;

/// <summary>The recurring poll of the alert feeds (<c>Warnings:PollCron</c>) and the minutely sweep of warnings (announcements made up, escalation, expiry).</summary>
internal sealed class WarningJobs(WarningFeeds feeds, WarningDesk desk)
{
    /// <remarks>Not retried: a feed that failed is tried again at the next poll, and an alert read twice is applied once.</remarks>
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobsExtensions.Critical)]
    public Task PollAsync(CancellationToken cancellationToken) => feeds.PollAsync(cancellationToken);

    /// <remarks>Not retried: the next comes in a minute, and two at once do the same safe work.</remarks>
    [AutomaticRetry(Attempts = 0)]
    [Queue(JobsExtensions.Critical)]
    public Task SweepAsync(CancellationToken cancellationToken) => desk.SweepAsync(cancellationToken);
}
