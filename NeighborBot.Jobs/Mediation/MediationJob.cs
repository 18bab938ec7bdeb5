using Hangfire;
using NeighborBot.Mediation;

namespace NeighborBot.Jobs.Mediation;

/// <summary>
/// The minutely sweep of mediation reminders (see <see cref="MediationDesk.SweepAsync"/>): the bookings live in the
/// store, and one job sends what is due. Every reminder has its own id, so a retry or a second run sends nothing twice.
/// </summary>
internal sealed class MediationJob(MediationDesk desk)
{
    public const string Id = "mediation-sweep";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 30, 60])]
    [Queue(JobsExtensions.Default)]
    public Task RunAsync(CancellationToken cancellationToken) => desk.SweepAsync(cancellationToken);
}
