using System.Text.Json.Serialization;
using NeighborBot.Tickets;

namespace NeighborBot.Conversations;

/// <summary>What the bot answers, independent of the channel that carries it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextReply), "text")]
[JsonDerivedType(typeof(CardReply), "news")]
public abstract record BotReply;

public sealed record TextReply(string Text) : BotReply
{
    /// <summary>The ticket this answer opened, when it opened one (a group bridge hands it back to its caller).</summary>
    public string? Ticket { get; init; }
}

/// <summary>Cards with a title, a line of text, a picture and a link (the Official Account shows them as news articles).</summary>
public sealed record CardReply(IReadOnlyList<Card> Articles) : BotReply;

public sealed record Card(string Title, string? Description = null, string? PicUrl = null, string? Url = null);
