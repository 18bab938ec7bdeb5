using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// Keeps what the bot says in a group free of personal data: a group message is answered by the
/// conversation as any other, but what goes back is only the group-safe answer the responders gave
/// (<see cref="TurnResult.GroupReply"/>), else the question the bot waits on in words fit for a group (the
/// building, which of two kinds of problem, what the problem is), else a general answer. One-to-one messages pass through unchanged.
/// </summary>
internal sealed class GroupAnswers(IResponder inner) : IResponder
{
    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var result = await inner.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
        if (message.Group is null || result.Reply is null)
        {
            return result;
        }

        var before = conversation.State?.Tickets ?? [];
        var opened = result.State?.Tickets.Except(before).LastOrDefault();
        var text = result.GroupReply ?? result.State switch
        {
            { Awaiting: Question.Location } => GroupTexts.AskPlace,
            { Awaiting: Question.Category, Draft.Choices: { } choices } => ResidentTexts.AskCategory(choices),
            { Awaiting: Question.Problem } => ResidentTexts.AskProblem,
            _ => GroupTexts.NotForGroups,
        };
        return result with { Reply = new TextReply(text) { Ticket = opened } };
    }
}
