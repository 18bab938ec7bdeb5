using NeighborBot.Groups;

namespace NeighborBot.Storage;

/// <summary>Unknown groups and daily counts in this process's memory.</summary>
internal sealed class InProcessGroupStore : IGroupStore
{
    private readonly Dictionary<(string, string), UnknownGroup> _unknown = [];
    private readonly Dictionary<(string, string, DateOnly), long> _counts = [];

    public Task CountAsync(string source, string groupId, DateOnly day, CancellationToken cancellationToken)
    {
        lock (_counts)
        {
            _counts[(source, groupId, day)] = _counts.GetValueOrDefault((source, groupId, day)) + 1;
        }

        return Task.CompletedTask;
    }

    public Task SeenUnknownAsync(string source, string groupId, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_unknown)
        {
            _unknown[(source, groupId)] = _unknown.TryGetValue((source, groupId), out var seen)
                ? seen with { Name = name, LastSeen = at, Messages = seen.Messages + 1 }
                : new UnknownGroup(source, groupId, name, at, at, 1);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnknownGroup>> ListUnknownAsync(CancellationToken cancellationToken)
    {
        lock (_unknown)
        {
            return Task.FromResult<IReadOnlyList<UnknownGroup>>([.. _unknown.Values.OrderByDescending(g => g.LastSeen)]);
        }
    }

    public Task ForgetUnknownAsync(string source, string groupId, CancellationToken cancellationToken)
    {
        lock (_unknown)
        {
            _unknown.Remove((source, groupId));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GroupDay>> CountsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (_counts)
        {
            return Task.FromResult<IReadOnlyList<GroupDay>>(
                [.. _counts.Where(c => c.Key.Item3 >= from && c.Key.Item3 <= to).Select(c => new GroupDay(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value))]);
        }
    }
}
