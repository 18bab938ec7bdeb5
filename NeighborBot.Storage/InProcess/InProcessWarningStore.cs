using NeighborBot.Warnings;

namespace NeighborBot.Storage;

/// <summary>Warnings in this process's memory, with the same rules as Redis: a revision per warning, each key owned by one warning.</summary>
internal sealed class InProcessWarningStore : IWarningStore
{
    private readonly Dictionary<string, (Warning Warning, long Revision)> _warnings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public Task<(Warning? Warning, long Revision)> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_warnings)
        {
            return Task.FromResult<(Warning?, long)>(_warnings.TryGetValue(id, out var stored) ? stored : (null, 0));
        }
    }

    public Task<bool> SaveAsync(Warning warning, long expectedRevision, CancellationToken cancellationToken)
    {
        lock (_warnings)
        {
            var revision = _warnings.TryGetValue(warning.Id, out var stored) ? stored.Revision : 0;
            if (revision != expectedRevision || warning.Keys.Any(k => _keys.TryGetValue(k, out var owner) && owner != warning.Id))
            {
                return Task.FromResult(false);
            }

            _warnings[warning.Id] = (warning, revision + 1);
            foreach (var key in warning.Keys)
            {
                _keys[key] = warning.Id;
            }

            return Task.FromResult(true);
        }
    }

    public Task<string?> FindAsync(string key, CancellationToken cancellationToken)
    {
        lock (_warnings)
        {
            return Task.FromResult(_keys.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<Warning>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_warnings)
        {
            return Task.FromResult<IReadOnlyList<Warning>>([.. _warnings.Values.Select(v => v.Warning).OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id, StringComparer.Ordinal).Take(limit)]);
        }
    }
}
