namespace NeighborBot;

/// <summary>
/// Who the bot is talking to, on one channel. Official Account: channel <c>mp</c>, scope = account, id =
/// openid. A group member: channel <c>grp</c> (a bridge's group) or <c>wecom</c> (a WeCom smart robot's
/// chat), scope = where the group lives and the group (<c>wechaty/R%3A10696051</c>), id = the member.
/// All of one person's keys in Redis share this as their hash tag.
/// </summary>
public readonly record struct PersonKey(string Channel, string Scope, string Id)
{
    /// <summary>The channel name of the Official Account.</summary>
    public const string OfficialAccountChannel = "mp";

    /// <summary>The channel of members of WeChat groups that a bridge serves.</summary>
    public const string BridgeGroupChannel = "grp";

    /// <summary>The channel of people who write to a WeCom smart robot, in a group or one to one.</summary>
    public const string WeComChannel = "wecom";

    /// <summary>The channel of devices that report (an electrical-fire or water-level sensor): nobody to answer.</summary>
    public const string SensorChannel = "sensor";

    public static PersonKey Sensor(string id) => new(SensorChannel, "sensors", id);

    public static PersonKey OfficialAccount(string account, string openId) => new(OfficialAccountChannel, account, openId);

    /// <summary>A member of a group: the scope holds where the group lives and the group's id, escaped (ids such as <c>R:106</c> hold colons).</summary>
    public static PersonKey GroupMember(string channel, string source, string groupId, string memberId) =>
        new(channel, $"{source}/{Uri.EscapeDataString(groupId)}", memberId);

    /// <summary>Where the person's group lives (a bridge's name, a robot's name); the account for the Official Account.</summary>
    public string Source => Scope.Split('/', 2)[0];

    /// <summary>The group, for a group member; null otherwise.</summary>
    public string? GroupId => Scope.Split('/', 2) is [_, var group] ? Uri.UnescapeDataString(group) : null;

    public override string ToString() => $"{Channel}:{Scope}:{Id}";

    /// <summary>The key from its text form (<c>mp:account:openid</c>), or null when it has not three parts.</summary>
    public static PersonKey? Parse(string text)
    {
        var parts = text.Split(':', 3);
        return parts.Length == 3 && parts.All(p => p.Length > 0) ? new PersonKey(parts[0], parts[1], parts[2]) : null;
    }
}
