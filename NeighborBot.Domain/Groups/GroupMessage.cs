using NeighborBot.Directory;

namespace NeighborBot.Groups;

/// <summary>
/// One message written in a group, as a group channel delivers it (a bridge's WeChat group, a WeCom
/// group with the smart robot), before anyone decided whether it is for the bot.
/// </summary>
/// <param name="Source">Where the group lives: a bridge's name (<c>wechaty</c>), or <c>wecom:{bot}</c> for a WeCom smart robot.</param>
/// <param name="Mentioned">The message mentions the bot (the channel says so).</param>
public sealed record GroupMessage(string Source, string GroupId, string GroupName, string SenderId, string SenderName, bool Mentioned, string Text);

/// <summary>The group a message was written in, as the conversation sees it: where it lives, its id and name, and the grid it is mapped to.</summary>
public sealed record GroupContext(string Source, string Id, string Name, string? Grid);

/// <summary>What is to be done with a group message.</summary>
public enum GroupVerdict
{
    /// <summary>Group chatter, not for the bot: counted, never stored.</summary>
    Chatter,

    /// <summary>For the bot, but from a group no admin has mapped yet: recorded for an admin, not turned into a ticket.</summary>
    UnknownGroup,

    /// <summary>For the bot, from a mapped group: goes into the conversation with <see cref="GroupDecision.Text"/>.</summary>
    ForTheBot,
}

/// <param name="Text">The words for the bot, without the mention or the prefix that addressed it.</param>
public sealed record GroupDecision(GroupVerdict Verdict, string Text, GroupContext? Context);
