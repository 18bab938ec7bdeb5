using Microsoft.Extensions.Options;
using NeighborBot.Directory;

namespace NeighborBot.Groups;

/// <summary>
/// Decides what becomes of a group message: every message is counted for its group and day; only a
/// message that mentions the bot or starts with a configured prefix is for the bot; and a group no
/// admin has mapped to a grid is recorded for an admin and turns nothing into a ticket. Nothing of
/// the chatter is stored.
/// </summary>
public sealed class GroupGate(DirectoryCache directory, IGroupStore groups, IOptionsMonitor<GroupOptions> options, TimeProvider time)
{
    public async Task<GroupDecision> ExamineAsync(GroupMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await groups.CountAsync(message.Source, message.GroupId, DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime), cancellationToken).ConfigureAwait(false);

        var settings = options.CurrentValue;
        var text = message.Text.Trim();
        var prefix = settings.Prefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal));
        if (!message.Mentioned && prefix is null)
        {
            return new GroupDecision(GroupVerdict.Chatter, string.Empty, null);
        }

        var words = Clean(text, prefix, settings.BotNames);
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Group(message.Source, message.GroupId) is not { } group)
        {
            await groups.SeenUnknownAsync(message.Source, message.GroupId, message.GroupName, now, cancellationToken).ConfigureAwait(false);
            return new GroupDecision(GroupVerdict.UnknownGroup, words, null);
        }

        return new GroupDecision(GroupVerdict.ForTheBot, words, new GroupContext(message.Source, group.Id, group.Name.Length > 0 ? group.Name : message.GroupName, group.Grid));
    }

    /// <summary>The words without the prefix and without mentions of the bot ("@社区小助手 3号楼…" reads "3号楼…").</summary>
    internal static string Clean(string text, string? prefix, IEnumerable<string> botNames)
    {
        var words = prefix is null ? text : text[prefix.Length..];
        foreach (var name in botNames)
        {
            words = words.Replace("@" + name, " ", StringComparison.Ordinal);
        }

        // Some clients put a special space (U+2005) after a mention.
        return words.Replace('\u2005', ' ').Trim();
    }
}
