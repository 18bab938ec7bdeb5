using NeighborBot.Care;

namespace NeighborBot.Storage;

/// <summary>Volunteers' time in this process's memory, under one lock.</summary>
internal sealed class InProcessCareStore : ICareStore
{
    private readonly Dictionary<string, CareEntry> _entries = new(StringComparer.Ordinal);

    public Task<CareEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            return Task.FromResult(_entries.GetValueOrDefault(id));
        }
    }

    public Task SaveAsync(CareEntry entry, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            _entries[entry.Id] = entry;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CareEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Where(e => e.At >= from && e.At < to);

    public Task<IReadOnlyList<CareEntry>> OfFestivalAsync(string occurrence, CancellationToken cancellationToken) =>
        Where(e => e.Festival == occurrence);

    private Task<IReadOnlyList<CareEntry>> Where(Func<CareEntry, bool> match)
    {
        lock (_entries)
        {
            return Task.FromResult<IReadOnlyList<CareEntry>>([.. _entries.Values.Where(match).OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)]);
        }
    }
}
