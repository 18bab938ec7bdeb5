using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Care;

/// <summary>
/// Visits in the chat, for people of the directory: <c>已走访 3-2-501 1.5小时 老人身体不错</c> records a visit,
/// <c>我的走访</c> lists the person's households and who still waits for this festival's visit (see
/// <see cref="VisitBook"/>). Volunteers are not workers, so without this their words would reach the
/// resident's side; everything else, and everything from people the directory does not know, goes on.
/// In a group nothing is recorded and the person is asked to write one to one: visits name households
/// and notes about elderly people that the group must not read.
/// </summary>
internal sealed class VisitChat(VisitBook visits, DirectoryCache directory) : IChatFeature
{
    public async Task<TurnResult?> TryRespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var text = (message as TextIn)?.Text ?? string.Empty;
        var visit = VisitWords.Parse(text);
        if (visit is null && !VisitWords.IsMyVisits(text))
        {
            return null;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.PersonByIdentity(who) is not { } person)
        {
            return null;
        }

        var reply = message.Group is not null ? CareTexts.OneToOneOnly
            : visit is not null ? await visits.RecordAsync(person, visit, snapshot, cancellationToken).ConfigureAwait(false)
            : await visits.MineAsync(person, snapshot, cancellationToken).ConfigureAwait(false);
        return new TurnResult(new TextReply(reply), conversation.State ?? new ConversationState()) { GroupReply = CareTexts.OneToOneOnly };
    }
}
