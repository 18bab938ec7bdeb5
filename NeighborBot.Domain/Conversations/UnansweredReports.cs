using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Directory;
using NeighborBot.Groups;

namespace NeighborBot.Conversations;

/// <summary>
/// Files the reports whose question the resident left unanswered (where it is, which of two kinds) once
/// <see cref="ConversationOptions.FileUnansweredAfter"/> has passed: a turn of the person's conversation, so it is
/// done once even when two sweeps meet, and its tickets are opened once even when a sweep dies half way (the mark
/// stays until the turn is committed). Run by the minute's sweep.
/// </summary>
public sealed partial class UnansweredReports(
    IConversationStore store,
    ConversationEngine engine,
    DirectoryCache directory,
    IOptions<ConversationOptions> options,
    TimeProvider time,
    ILogger<UnansweredReports> logger)
{
    /// <returns>How many reports were filed.</returns>
    public async Task<int> SweepAsync(int batch, CancellationToken cancellationToken)
    {
        var filed = 0;
        foreach (var (who, due) in await store.ReportsDueAsync(time.GetUtcNow(), batch, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                filed += await FileAsync(who, due, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One person's trouble does not hold up the others; the mark stays and is tried again next time.
                FileFailed(logger, ex, who.ToString());
            }
        }

        return filed;
    }

    private async Task<bool> FileAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var state = (await store.GetAsync(who, cancellationToken).ConfigureAwait(false)).State;
        var filed = false;
        if (state is { ReportAwaitsAnswer: true })
        {
            var dueNow = state.LastActiveAt + options.Value.FileUnansweredAfter;
            if (dueNow > time.GetUtcNow())
            {
                // The person wrote since and the mark of that turn was lost: marked again, for when the question has waited long enough.
                await store.MarkReportDueAsync(who, dueNow, cancellationToken).ConfigureAwait(false);
                return false;
            }

            var message = new UnansweredIn(state.Version) { DedupeId = $"unanswered:{state.Version}", Group = await GroupAsync(who, cancellationToken).ConfigureAwait(false) };
            await engine.HandleAsync(who, message, cancellationToken).ConfigureAwait(false);
            if ((await store.GetAsync(who, cancellationToken).ConfigureAwait(false)).State is { Draft: not null } after && after.Version == state.Version)
            {
                // Another sweep has the turn in hand (and may die before it ends): the mark stays for the next one.
                return false;
            }

            filed = true;
        }

        await store.ForgetReportDueAsync(who, due, cancellationToken).ConfigureAwait(false);
        return filed;
    }

    /// <summary>The group a member reported in, as the group's messages carry it (its grid is the fallback of a ticket without a place).</summary>
    private async Task<GroupContext?> GroupAsync(PersonKey who, CancellationToken cancellationToken) =>
        who.GroupId is { } groupId && (await directory.GetAsync(cancellationToken).ConfigureAwait(false)).Group(who.Source, groupId) is { } group
            ? new GroupContext(who.Source, group.Id, group.Name, group.Grid)
            : null;

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Filing the unanswered report of {Person} failed; trying again next time")]
    private static partial void FileFailed(ILogger logger, Exception exception, string person);
}
