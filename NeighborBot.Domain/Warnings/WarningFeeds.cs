using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NeighborBot.Warnings;

/// <summary>Reads a feed's document over HTTP; throws when the feed is down, slow or answers an error.</summary>
public interface IAlertFeedReader
{
    Task<string> ReadAsync(AlertFeed feed, CancellationToken cancellationToken);
}

/// <summary>What one poll of one feed found: how many alerts, and what became of them; or why the feed could not be read.</summary>
public sealed record FeedPoll(string Feed, bool Ok, int Alerts, int New, int Updated, int Cancelled, int Skipped, string? Problem);

/// <summary>
/// Polls every configured feed and hands each alert to <see cref="WarningDesk"/>. A feed that is down or
/// answers garbage is logged and reported, and the next poll tries it again; it never stops the others,
/// and an alert read twice is applied once.
/// </summary>
public sealed class WarningFeeds(IAlertFeedReader reader, WarningDesk desk, IOptionsMonitor<WarningOptions> options, ILogger<WarningFeeds> logger)
{
    public async Task<IReadOnlyList<FeedPoll>> PollAsync(CancellationToken cancellationToken)
    {
        var polls = new List<FeedPoll>();
        foreach (var feed in options.CurrentValue.Feeds)
        {
            polls.Add(await PollAsync(feed, cancellationToken).ConfigureAwait(false));
        }

        return polls;
    }

    private async Task<FeedPoll> PollAsync(AlertFeed feed, CancellationToken cancellationToken)
    {
        IReadOnlyList<CapAlert> alerts;
        var problems = new List<string>();
        try
        {
            alerts = CapParser.Parse(await reader.ReadAsync(feed, cancellationToken).ConfigureAwait(false), problems);
        }
#pragma warning disable CA1031 // A feed is someone else's server: whatever it does, the other feeds and the next poll go on.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            var problem = ex is CapFormatException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            Log.FeedFailed(logger, feed.Name, problem);
            return new FeedPoll(feed.Name, false, 0, 0, 0, 0, 0, problem);
        }

        foreach (var problem in problems)
        {
            Log.AlertSkipped(logger, feed.Name, problem);
        }

        var results = new List<IngestResult>();
        foreach (var alert in alerts)
        {
            results.Add(await desk.IngestAsync(alert, feed.Name, cancellationToken).ConfigureAwait(false));
        }

        return new FeedPoll(
            feed.Name, true, alerts.Count,
            results.Count(r => r == IngestResult.New), results.Count(r => r == IngestResult.Updated), results.Count(r => r == IngestResult.Cancelled),
            problems.Count, problems.Count > 0 ? string.Join("; ", problems) : null);
    }
}
