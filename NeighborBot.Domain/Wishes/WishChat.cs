using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Wishes;

/// <summary>
/// The words of the wish board in chat, from people of the directory: <c>审核通过 0042</c> (grid workers),
/// <c>心愿列表</c>, <c>认领 0042</c>, <c>已完成 0042 2小时 情况</c> and a photo right after it, <c>我的心愿</c>.
/// One-to-one only: a claim's reply holds a resident's address and phone.
/// </summary>
internal sealed class WishChat(WishBoard board, DirectoryCache directory) : IChatFeature
{
    public async Task<TurnResult?> TryRespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var command = message is TextIn text ? WishWords.Parse(text.Text) : null;
        if (command is null && message is not MediaIn { Kind: "image" })
        {
            return null;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.PersonByIdentity(who) is not { } person)
        {
            return null;
        }

        string? reply;
        if (message.Group is not null)
        {
            reply = command is null ? null : WishTexts.OneToOneOnly;
        }
        else
        {
            reply = command switch
            {
                ApproveWish approve => await board.ApproveAsync(person, approve, snapshot, cancellationToken).ConfigureAwait(false),
                ListWishes => await board.BoardTextAsync(person, cancellationToken).ConfigureAwait(false),
                MyWishes => await board.MineAsync(person, cancellationToken).ConfigureAwait(false),
                ClaimWish claim => await board.ClaimAsync(person, claim.Number, snapshot, cancellationToken).ConfigureAwait(false),
                FulfilWish done => await board.FulfilAsync(person, done, snapshot, cancellationToken).ConfigureAwait(false),
                _ => await board.PhotoAsync(person, (MediaIn)message, cancellationToken).ConfigureAwait(false),
            };
        }

        return reply is null ? null : new TurnResult(new TextReply(reply), conversation.State ?? new ConversationState()) { GroupReply = WishTexts.OneToOneOnly };
    }
}
