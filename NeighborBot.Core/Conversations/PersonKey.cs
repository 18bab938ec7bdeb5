namespace NeighborBot.Conversations;

/// <summary>
/// Who the bot is talking to. Official Account: channel <c>mp</c>, scope = account, id = openid.
/// Group: channel <c>grp</c>, scope = bridge + group, id = member. All of one person's keys in Redis
/// share this as their hash tag.
/// </summary>
public readonly record struct PersonKey(string Channel, string Scope, string Id)
{
    public static PersonKey OfficialAccount(string account, string openId) => new("mp", account, openId);

    public override string ToString() => $"{Channel}:{Scope}:{Id}";
}
