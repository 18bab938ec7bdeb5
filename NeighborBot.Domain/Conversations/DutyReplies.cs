using NeighborBot.Directory;

namespace NeighborBot.Conversations;

/// <summary>What a duty command answers: the reply, and what a group may read instead (no address, name or phone).</summary>
public sealed record DutyAnswer(string Reply, string GroupReply);

/// <summary>
/// Commands with which people of the directory report back on the service's duties: a volunteer's
/// 已转移 3-2-501 on a flood night, a festival visit. Each feature registers its own; null when the words are not its command.
/// </summary>
public interface IDutyCommands
{
    Task<DutyAnswer?> AnswerAsync(Person person, string text, CancellationToken cancellationToken);
}

/// <summary>Tries the duty commands of every feature on a text from a person of the directory before the workers' and residents' side.</summary>
internal sealed class DutyReplies(IResponder inner, IEnumerable<IDutyCommands> commands, DirectoryCache directory) : IResponder
{
    private readonly IDutyCommands[] _commands = [.. commands];

    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        if (_commands.Length > 0 && message is TextIn { Text: var text }
            && (await directory.GetAsync(cancellationToken).ConfigureAwait(false)).PersonByIdentity(who) is { } person)
        {
            foreach (var command in _commands)
            {
                if (await command.AnswerAsync(person, text, cancellationToken).ConfigureAwait(false) is { } answer)
                {
                    return new TurnResult(new TextReply(answer.Reply), conversation.State ?? new ConversationState()) { GroupReply = answer.GroupReply };
                }
            }
        }

        return await inner.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
    }
}
