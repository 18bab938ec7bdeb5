namespace NeighborBot.Groups;

/// <summary>
/// Where a group lives, as the directory writes it (<c>bridge</c> of a group: a bridge's name, or
/// <c>wecom:{bot}</c> for a WeCom smart robot's group), and the person keys of its members and of the
/// group as a whole (the recipient of messages to everyone in it).
/// </summary>
public static class GroupAddress
{
    public const string WeComPrefix = "wecom:";

    /// <summary>The member id of a message to the whole group, mentioning nobody.</summary>
    public const string WholeGroupId = "*";

    /// <summary>The source of a WeCom smart robot's groups.</summary>
    public static string WeCom(string bot) => WeComPrefix + bot;

    public static PersonKey Member(string source, string groupId, string memberId) =>
        source.StartsWith(WeComPrefix, StringComparison.Ordinal)
            ? PersonKey.GroupMember(PersonKey.WeComChannel, source[WeComPrefix.Length..], groupId, memberId)
            : PersonKey.GroupMember(PersonKey.BridgeGroupChannel, source, groupId, memberId);

    public static PersonKey WholeGroup(string source, string groupId) => Member(source, groupId, WholeGroupId);

    /// <summary>The source of a group member's key, as the directory writes it.</summary>
    public static string SourceOf(PersonKey member) =>
        member.Channel == PersonKey.WeComChannel ? WeComPrefix + member.Source : member.Source;

    public static bool IsWholeGroup(PersonKey key) => key.GroupId is not null && key.Id == WholeGroupId;
}
