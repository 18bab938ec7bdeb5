namespace NeighborBot;

/// <summary>
/// Who the bot is talking to. Official Account: channel <c>mp</c>, scope = account, id = openid.
/// Group: channel <c>grp</c>, scope = bridge + group, id = member. All of one person's keys in Redis
/// share this as their hash tag.
/// </summary>
public readonly record struct PersonKey(string Channel, string Scope, string Id)
{
    /// <summary>The channel name of the Official Account.</summary>
    public const string OfficialAccountChannel = "mp";

    public static PersonKey OfficialAccount(string account, string openId) => new(OfficialAccountChannel, account, openId);

    public override string ToString() => $"{Channel}:{Scope}:{Id}";

    /// <summary>The key from its text form (<c>mp:account:openid</c>), or null when it has not three parts.</summary>
    public static PersonKey? Parse(string text)
    {
        var parts = text.Split(':', 3);
        return parts.Length == 3 && parts.All(p => p.Length > 0) ? new PersonKey(parts[0], parts[1], parts[2]) : null;
    }
}
