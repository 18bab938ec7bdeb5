using System.Text.Json.Serialization;
using NeighborBot.WeChat;

namespace NeighborBot.Conversations;

/// <summary>What the bot answers, independent of the channel that carries it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextReply), "text")]
[JsonDerivedType(typeof(NewsReply), "news")]
public abstract record BotReply;

public sealed record TextReply(string Text) : BotReply;

public sealed record NewsReply(IReadOnlyList<NewsArticle> Articles) : BotReply;
