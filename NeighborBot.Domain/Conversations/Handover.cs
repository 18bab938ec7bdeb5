using System.Security.Cryptography;
using System.Text;
using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// 转人工: the person asks for a human. The grid worker of their household (or of the group they wrote
/// in; else the first grid worker, else the secretary) is asked to contact them, the person hears who
/// and how to reach them, and the bot keeps quiet for <see cref="ConversationOptions.HandoverFor"/>
/// while the worker holds the conversation (commands such as 进度 still work).
/// </summary>
internal sealed class Handover(DirectoryCache directory, IOutbox outbox, Reach reach, TimeProvider time)
{
    /// <summary>A worker holds the person's conversation now.</summary>
    public static bool Holds(PersonProfile profile, DateTimeOffset now, TimeSpan holdFor) =>
        profile.HandedOverAt is { } at && now - at < holdFor;

    public async Task<TurnResult> StartAsync(
        PersonKey who, PersonProfile profile, ConversationState state, string words, string deliveryId, Groups.GroupContext? group, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var home = profile.HouseholdId is { } id ? snapshot.Household(id) : null;
        var grid = (home is null ? null : snapshot.GridOfBuilding(home.Building)?.Id) ?? group?.Grid;
        var worker = (grid is null ? null : snapshot.WithRole(Role.GridWorker, grid).FirstOrDefault())
            ?? snapshot.WithRole(Role.GridWorker).FirstOrDefault()
            ?? snapshot.WithRole(Role.Secretary).FirstOrDefault();
        if (worker is null || reach.Staff(worker, who) is not { } to)
        {
            return new TurnResult(new TextReply(ResidentTexts.HandoverNoWorker), state) { GroupReply = GroupTexts.HandedOver };
        }

        // One request per delivery: a turn that runs twice queues the same message id, sent once.
        var text = WorkerTexts.Handover(group?.Name, home, words);
        await outbox.QueueAsync(new OutboundMessage($"handover:{Id(deliveryId)}:{worker.Id}", to, MessageKinds.Reminder, text.Text, text.Fields), cancellationToken)
            .ConfigureAwait(false);
        var now = time.GetUtcNow();
        return new TurnResult(new TextReply(ResidentTexts.HandedOver(worker)), state, profile with { HandedOverAt = now, HandedOverTo = worker.Id })
        {
            GroupReply = GroupTexts.HandedOver,
        };
    }

    /// <summary>A delivery id fit for a message id (no spaces or braces, short).</summary>
    private static string Id(string deliveryId) =>
        deliveryId.Length <= 40 && deliveryId.All(char.IsAsciiLetterOrDigit)
            ? deliveryId
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)))[..24];
}
