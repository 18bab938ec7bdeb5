namespace NeighborBot.Conversations;

/// <summary>
/// A feature's own words in the chat, such as a volunteer's <c>已走访 3-2-501</c>: it answers the messages it
/// knows, from the people it knows, before the staff's and the resident's side see them. Features register
/// one each, so that they depend on the conversation and the conversation on none of them.
/// </summary>
public interface IChatFeature
{
    /// <summary>The answer, or null when the message is not this feature's (it then goes on). Called again when a turn is redone: idempotent.</summary>
    Task<TurnResult?> TryRespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken);
}

/// <summary>Offers each message to the features in the order they were registered, then to <paramref name="inner"/>.</summary>
internal sealed class ChatFeatures(IEnumerable<IChatFeature> features, IResponder inner) : IResponder
{
    private readonly IChatFeature[] _features = [.. features];

    public async Task<TurnResult> RespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        foreach (var feature in _features)
        {
            if (await feature.TryRespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false) is { } answered)
            {
                return answered;
            }
        }

        return await inner.RespondAsync(who, conversation, message, cancellationToken).ConfigureAwait(false);
    }
}
