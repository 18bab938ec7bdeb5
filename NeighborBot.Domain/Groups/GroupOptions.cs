using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Groups;

/// <summary>The <c>Groups</c> section: how group members address the bot.</summary>
public sealed class GroupOptions
{
    public const string Section = "Groups";

    /// <summary>A message that starts with one of these goes to the bot even without mentioning it.</summary>
    [MinLength(1)]
    public List<string> Prefixes { get; set; } = ["#报修", "#求助"];

    /// <summary>The names the bot is mentioned by ("@社区小助手"): taken off the text before it is understood.</summary>
    public List<string> BotNames { get; set; } = ["社区小助手"];
}
