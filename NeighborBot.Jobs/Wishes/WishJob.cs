using Hangfire;
using NeighborBot.Directory;
using NeighborBot.Wishes;

namespace NeighborBot.Jobs.Wishes;

/// <summary>
/// The sweep of the wish board (see <see cref="WishBoard.SweepAsync"/>): claims whose <c>Wishes:ClaimFor</c> ran
/// out go back to the board, every few minutes. The claims due live in the store; this one job runs what is due,
/// and every message it queues has an id of the wish, the claim and the recipient, so a retry sends nothing twice.
/// </summary>
internal sealed class WishJob(WishBoard board, DirectoryCache directory)
{
    public const string Id = "wishes-sweep";

    /// <summary>Every ten minutes.</summary>
    public const string Cron = "*/10 * * * *";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
    [Queue(JobsExtensions.Default)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        await board.SweepAsync(await directory.GetAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
