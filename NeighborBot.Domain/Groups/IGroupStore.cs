namespace NeighborBot.Groups;

/// <summary>A group that wrote to the bot before any admin mapped it: what to show the admin.</summary>
public sealed record UnknownGroup(string Source, string Id, string Name, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Messages);

/// <summary>How many messages a group had on one day (China time).</summary>
public sealed record GroupDay(string Source, string Id, DateOnly Day, long Messages);

/// <summary>What the service keeps of groups: unknown groups for admins to map, and how many messages each group has a day. Redis and in-process.</summary>
public interface IGroupStore
{
    /// <summary>Counts a message of the group on its day.</summary>
    Task CountAsync(string source, string groupId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Records that an unmapped group wrote to the bot (its first sighting is kept, its name and last sighting updated).</summary>
    Task SeenUnknownAsync(string source, string groupId, string name, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<UnknownGroup>> ListUnknownAsync(CancellationToken cancellationToken);

    /// <summary>Forgets an unknown group (an admin mapped it).</summary>
    Task ForgetUnknownAsync(string source, string groupId, CancellationToken cancellationToken);

    /// <summary>The counts of every group on the days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    Task<IReadOnlyList<GroupDay>> CountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
