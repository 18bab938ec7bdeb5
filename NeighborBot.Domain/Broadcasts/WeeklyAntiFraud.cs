using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NeighborBot.Broadcasts;

/// <summary>
/// The ready recurring broadcast of the anti-fraud library: one tip a week (the next each time) to
/// residents tagged <c>elderly60</c> and to every group. Off by default; <c>Broadcasts:WeeklyAntiFraud:Enabled</c>
/// turns it on at start (the operator's setting stands for the approval), and off again (cancelled).
/// An admin who cancelled it through the API keeps it cancelled.
/// </summary>
public sealed partial class WeeklyAntiFraud(IBroadcastStore store, IOptionsMonitor<BroadcastOptions> options, TimeProvider time, ILogger<WeeklyAntiFraud> logger)
{
    public const string Id = "anti-fraud-weekly";
    public const string Configuration = "configuration";

    public static readonly Audience Audience = new()
    {
        Groups = GroupChoice.Everyone,
        Residents = new ResidentChoice(false, [], ["elderly60"]),
    };

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.WeeklyAntiFraud;
        var (current, revision) = await store.GetAsync(Id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (!settings.Enabled)
        {
            if (current is { Status: BroadcastStatus.Scheduled or BroadcastStatus.AwaitingApproval } && current.Cancel(Configuration, now) is { Done: true } off
                && await store.SaveAsync(off.Changed!, revision, cancellationToken).ConfigureAwait(false))
            {
                Log.WeeklyOff(logger, Id);
            }

            return;
        }

        if (current is not null && !(current.Status == BroadcastStatus.Cancelled && current.CancelledBy == Configuration))
        {
            return;
        }

        var content = new BroadcastContent("防诈骗提醒", string.Empty, Series: AntiFraudLibrary.Series);
        var weekly = Broadcast.Approved(Configuration, Id, content, Audience, new BroadcastSchedule { Cron = settings.Cron }, urgent: false, now) with { Runs = current?.Runs ?? 0 };
        if (await store.SaveAsync(weekly, revision, cancellationToken).ConfigureAwait(false))
        {
            Log.WeeklyOn(logger, Id, weekly.NextRunAt!.Value);
        }
    }
}
